/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

/**
 * Macros, scripts and headless lines that users copy never stop for a dialog: each passes every
 * input of the command it runs (a key left out stays unresolved, and GUI Fiji asks for it),
 * read from the files themselves and compared with the commands' declared inputs.
 */
public class ShippedMacrosTest {

	private Context context;
	private CommandService commands;

	@BeforeEach
	public void setUp() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
	}

	@AfterEach
	public void tearDown() {
		context.dispose();
	}

	/** The inputs a macro must give: all but services and the active image. */
	private Set<String> macroKeys(final CommandInfo info) {
		final Set<String> keys = new TreeSet<>();
		for (final ModuleItem<?> item : info.inputs()) {
			if (Service.class.isAssignableFrom(item.getType()) || Context.class.isAssignableFrom(item
				.getType()) || ij.ImagePlus.class.isAssignableFrom(item.getType())) continue;
			keys.add(item.getName());
		}
		return keys;
	}

	private CommandInfo byTitle(final String title) {
		for (final CommandInfo info : commands.getCommands())
			if (title.equals(info.getLabel()) && info.getClassName().startsWith(
				"io.github.layertracer")) return info;
		throw new AssertionError("No LayerTracer command titled '" + title + "'");
	}

	private static final Pattern MACRO_RUN = Pattern.compile("run\\(\"([^\"]+)\",\\s*(.*?)\\);",
		Pattern.DOTALL);
	private static final Pattern KEY = Pattern.compile("(?:^|[\\s\"',])([a-z][a-z0-9_]*)=");
	private static final Pattern HEADLESS = Pattern.compile(
		"--run \"([^\"]+)\"\\s*\\\\?\\s*'([^']*)'|--run \"([^\"]+)\"\\s*\\\\?\\s*\"(.*?[^\\\\])\"$",
		Pattern.MULTILINE | Pattern.DOTALL);

	/** The keys of an ImageJ macro option string, from the string literals of its expression. */
	private static Set<String> keys(final String expression) {
		final StringBuilder literals = new StringBuilder(" ");
		final Matcher lit = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(expression);
		while (lit.find())
			literals.append(lit.group(1)).append(' ');
		final Set<String> keys = new TreeSet<>();
		final Matcher k = KEY.matcher(literals.toString().replaceAll("\\[[^\\]]*\\]", "[]"));
		while (k.find())
			keys.add(k.group(1));
		return keys;
	}

	private int checkMacros(final String text, final String where) {
		int n = 0;
		final Matcher m = MACRO_RUN.matcher(text);
		while (m.find()) {
			final String title = m.group(1);
			if (commands.getCommands().stream().noneMatch(i -> title.equals(i.getLabel()) && i
				.getClassName().startsWith("io.github.layertracer"))) continue; // ImageJ's own
			assertEquals(macroKeys(byTitle(title)), keys(m.group(2)), where + ": run(\"" + title +
				"\", …) gives every input");
			n++;
		}
		return n;
	}

	private int checkHeadless(final String text, final String where) {
		int n = 0;
		final Matcher m = Pattern.compile("--run \"([^\"]+)\"[\\s\\\\]*(['\"])(.*?)\\2\\s*$",
			Pattern.MULTILINE | Pattern.DOTALL).matcher(text);
		while (m.find()) {
			final Set<String> keys = new TreeSet<>();
			final Matcher k = Pattern.compile("(?:^|,)([a-z][a-z0-9_]*)=").matcher(m.group(3)
				.replace("\\\"", "\""));
			while (k.find())
				keys.add(k.group(1));
			assertEquals(macroKeys(byTitle(m.group(1))), keys, where + ": --run \"" + m.group(1) +
				"\" gives every input");
			n++;
		}
		return n;
	}

	@Test
	public void shippedMacrosAndReadmeMacrosPassEveryInput() throws Exception {
		int macros = 0, headless = 0;
		for (final String file : List.of("scripts/Trace_Folder_Batch.ijm", "README.md",
			"update-site/README.md", "scripts/slurm-trace-folder.sh"))
		{
			final String text = Files.readString(Paths.get(file));
			macros += checkMacros(text, file);
			headless += checkHeadless(text, file);
		}
		assertTrue(macros >= 2, "macros checked: " + macros);
		assertTrue(headless >= 2, "headless lines checked: " + headless);
	}

	@Test
	public void groovyScriptPassesEveryInputWithoutProcessing() throws Exception {
		final String text = Files.readString(Paths.get("scripts/Trace_Layers_Script.groovy"));
		final Matcher m = Pattern.compile("commands\\.run\\(([\\w.]+),\\s*(\\w+),(.*?)\\)\\.get\\(\\)",
			Pattern.DOTALL).matcher(text);
		assertTrue(m.find(), text);
		assertEquals(TraceLayersCommand.class.getName(), m.group(1));
		assertEquals("false", m.group(2), "no pre- and post-processing: no second dialog");
		final Set<String> keys = new TreeSet<>();
		final Matcher k = Pattern.compile("\"([a-z_]+)\",\\s*[^,]+").matcher(m.group(3));
		while (k.find())
			keys.add(k.group(1));
		final Set<String> all = macroKeys(commands.getCommand(TraceLayersCommand.class));
		all.add("image");
		assertEquals(all, keys);
		// every shipped script shows in Fiji's menu: its name has an underscore
		try (var files = Files.list(Paths.get("scripts"))) {
			files.filter(f -> f.toString().endsWith(".ijm") || f.toString().endsWith(".groovy"))
				.forEach(f -> assertTrue(f.getFileName().toString().contains("_"), f.toString()));
		}
	}

	@Test
	public void theScriptsCallRunsWithoutPreprocessingAndGivesTheStack() throws Exception {
		// what the Groovy script does, from Java: every input, process = false
		final Context full = new Context();
		try {
			final Path dir = TestModels.newFolder("script-call");
			io.github.layertracer.engine.builtin.ShapesData.write(dir.resolve("data"), 3, 4);
			final ij.ImagePlus imp = ij.IJ.openImage(dir.resolve("data/circle/circle_00000.png")
				.toString());
			final Map<String, Object> in = new HashMap<>();
			in.put("image", imp);
			in.put("model_dir", TestModels.shapes().toFile());
			in.put("class_means", null);
			in.put("masks", "64");
			in.put("agreement", 0.99);
			in.put("mask_type", "rise");
			in.put("grid", 8);
			in.put("keep", 0.5);
			in.put("seed", 1L);
			in.put("batch_size", 32);
			in.put("target", "predicted");
			in.put("attribution", "keep");
			in.put("normalisation", "e2cm");
			in.put("output_dir", null);
			final CommandModule m = full.service(CommandService.class).run(TraceLayersCommand.class,
				false, in).get();
			assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
			final ij.ImagePlus stack = (ij.ImagePlus) m.getOutput("saliency_stack");
			assertEquals(1, stack.getStackSize(), "no class means: the network's output only");
			assertTrue(stack.getProperty(TraceLayersCommand.SALIENCY_PROPERTY) != null);
		}
		finally {
			full.dispose();
		}
	}

	@Test
	public void noMacroKeyIsTheEndOfAnotherOfTheSameCommand() {
		// ImageJ finds "model=" inside "input_model=": such pairs would read the wrong value
		for (final CommandInfo info : commands.getCommands()) {
			if (!info.getClassName().startsWith("io.github.layertracer")) continue;
			final List<String> keys = new ArrayList<>(macroKeys(info));
			for (final String a : keys)
				for (final String b : keys)
					assertFalse(!a.equals(b) && b.endsWith(a), info.getLabel() + ": '" + a +
						"' ends '" + b + "'");
		}
	}
}
