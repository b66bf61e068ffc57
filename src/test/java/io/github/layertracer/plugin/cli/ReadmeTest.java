/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * README and program cannot drift: every launcher command line README shows is accepted by the
 * launcher's parser (options, values, limits), and each subcommand's row in README's table
 * names exactly the options its {@code --help} prints.
 */
public class ReadmeTest {

	private static String readme() throws Exception {
		return Files.readString(Paths.get("README.md"));
	}

	/** Command lines of README: {@code scripts/layertracer …}, continued lines joined. */
	static List<String[]> commandLines(final String text) {
		final List<String[]> out = new ArrayList<>();
		final String joined = text.replace("\\\n", " ");
		final Matcher m = Pattern.compile("(?m)^\\s*(?:\\$ )?scripts/layertracer ([^\\n`|]*)$")
			.matcher(joined);
		while (m.find()) {
			final String line = m.group(1).replaceAll("\\s+#.*$", "").trim();
			if (line.isEmpty() || line.contains("SUBCOMMAND") || line.startsWith("<")) continue;
			out.add(line.split("\\s+"));
		}
		return out;
	}

	@Test
	public void everyCommandLineInReadmeIsAccepted() throws Exception {
		final List<String[]> lines = commandLines(readme());
		assertTrue(lines.size() >= 10, "command lines found: " + lines.size());
		for (final String[] args : lines)
			assertNull(Launcher.check(args), String.join(" ", args));
	}

	private static Set<String> helpOptions(final String sub) {
		final ByteArrayOutputStream o = new ByteArrayOutputStream();
		assertEquals(0, Launcher.run(new String[] { sub, "--help" }, new PrintStream(o, true,
			StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream())));
		final Set<String> options = new TreeSet<>();
		final Matcher m = Pattern.compile("(?m)^  (--[a-z-]+)").matcher(o.toString(
			StandardCharsets.UTF_8));
		while (m.find())
			options.add(m.group(1));
		return options;
	}

	/**
	 * The launcher table's row of a subcommand: {@code | `name [options]` (or `alias`) |}, the
	 * alias named unless it is the name itself.
	 */
	private static Matcher row(final String text, final String sub) {
		final String alias = Launcher.aliases().get(sub);
		return Pattern.compile("(?m)^\\| `" + Pattern.quote(sub) + "( [^`]*)?`" + (alias.equals(sub)
			? "" : " \\(or `" + Pattern.quote(alias) + "`\\)") + " \\|").matcher(text);
	}

	@Test
	public void readmeTableNamesEveryOptionOfEverySubcommand() throws Exception {
		final String text = readme();
		for (final String sub : Launcher.subcommands()) {
			final Matcher row = row(text, sub);
			assertTrue(row.find(), "README's launcher table has a row for " + sub);
			final Set<String> documented = new TreeSet<>();
			final Matcher o = Pattern.compile("--[a-z-]+").matcher(row.group(0));
			while (o.find())
				documented.add(o.group());
			assertEquals(helpOptions(sub), documented, sub + ": README row vs --help");
		}
	}

	/** {@code --option -> default} as {@code --help} prints them. */
	private static java.util.Map<String, String> helpDefaults(final String sub) {
		final ByteArrayOutputStream o = new ByteArrayOutputStream();
		Launcher.run(new String[] { sub, "--help" }, new PrintStream(o, true,
			StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
		final java.util.Map<String, String> d = new java.util.HashMap<>();
		final Matcher m = Pattern.compile("(?m)^  (--[a-z-]+).*\\[default: ([^\\]]*)\\]$").matcher(o
			.toString(StandardCharsets.UTF_8));
		while (m.find())
			d.put(m.group(1), m.group(2));
		return d;
	}

	@Test
	public void defaultsShownInReadmeAreTheProgramsDefaults() throws Exception {
		final String text = readme();
		int checked = 0;
		for (final String sub : Launcher.subcommands()) {
			final Matcher row = row(text, sub);
			if (!row.find()) continue;
			final java.util.Map<String, String> defaults = helpDefaults(sub);
			// a literal value in brackets ([--masks 2000]) is the default README promises;
			// placeholders (N, DIR, a|b choices) are not
			final Matcher o = Pattern.compile("\\[--([a-z-]+) ([^\\]\\s]+)\\]").matcher(row.group(0));
			while (o.find()) {
				final String value = o.group(2);
				if (!value.matches("[0-9.]+|true|false|[a-z]+,[a-z,]+")) continue;
				final String shown = defaults.get("--" + o.group(1));
				assertTrue(shown != null, sub + " --" + o.group(1) + " has a default in --help");
				assertEquals(Double.valueOf(numeric(value)), Double.valueOf(numeric(shown)), sub + " --" + o
					.group(1));
				checked++;
			}
		}
		assertTrue(checked >= 10, "defaults checked: " + checked);
	}

	/** A number as a number; a text as a number from its hash (equal texts, equal numbers). */
	private static double numeric(final String v) {
		try {
			return Double.parseDouble(v);
		}
		catch (final NumberFormatException e) {
			return v.hashCode();
		}
	}
}
