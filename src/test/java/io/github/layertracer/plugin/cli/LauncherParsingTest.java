/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The launcher's reading of options, without running anything. */
public class LauncherParsingTest {

	private static void refused(final String what, final String... args) {
		final String e = Launcher.check(args);
		assertTrue(e != null && e.contains(what), String.join(" ", args) + " -> " + e);
	}

	@Test
	public void valuesAreParsedWholeAndWithinTheirLimits() {
		assertNull(Launcher.check(new String[] { "trace", "--model", "m", "--image", "i", "--out",
			"o", "--masks", "12", "--keep", "0.25", "--seed", "-4", "--target", "all" }));
		assertNull(Launcher.check(new String[] { "trace", "--model=m", "--image=i", "--out=o",
			"--verbose" }));
		refused("'12x' is neither a whole number nor auto", "trace", "--model", "m", "--image", "i", "--out",
			"o", "--masks", "12x");
		refused("too large", "trace", "--model", "m", "--image", "i", "--out", "o", "--masks",
			"3000000000");
		refused("below the minimum 1", "trace", "--model", "m", "--image", "i", "--out", "o",
			"--masks", "0");
		refused("above the maximum 0.99", "trace", "--model", "m", "--image", "i", "--out", "o",
			"--keep", "0.995");
		refused("'x' is not a number", "trace", "--model", "m", "--image", "i", "--out", "o",
			"--keep", "x");
		refused("not a finite number", "trace", "--model", "m", "--image", "i", "--out", "o",
			"--keep", "Infinity");
		refused("not one of rise, square", "trace", "--model", "m", "--image", "i", "--out", "o",
			"--mask-type", "grid");
		refused("neither true nor false", "trace-folder", "--images", "i", "--model", "m", "--out",
			"o", "--overwrite", "1");
		refused("Missing option --image", "trace", "--model", "m", "--out", "o");
		refused("Unknown option --modle", "trace", "--modle", "m");
		refused("needs a value", "trace", "--model");
		refused("Unexpected argument 'x'", "trace", "x");
		refused("Unknown subcommand", "tracing");
	}

	@Test
	public void limitsAreInclusiveAndTypesHaveTheirOwnRange() {
		final String[] base = { "trace", "--model", "m", "--image", "i", "--out", "o" };
		for (final String[] ok : new String[][] { { "--masks", "1" }, { "--masks", "2147483647" }, {
			"--keep", "0.99" }, { "--keep", "0.01" }, { "--seed", "-9223372036854775808" }, {
				"--threads", "0" }, { "--temperature", "1e-6" } })
		{
			final String[] args = java.util.Arrays.copyOf(base, base.length + 2);
			args[base.length] = ok[0];
			args[base.length + 1] = ok[1];
			assertNull(Launcher.check(args), String.join(" ", ok));
		}
		refused("too large", "trace", "--model", "m", "--image", "i", "--out", "o", "--masks",
			"2147483648");
		refused("too large", "trace", "--model", "m", "--image", "i", "--out", "o", "--batch",
			"-2147483649");
		assertNull(Launcher.check(new String[] { "trace", "--model", "m", "--image", "i", "--out",
			"o", "--masks", "AUTO", "--agreement", "0.95" }));
		refused("below the minimum 1", "trace", "--model", "m", "--image", "i", "--out", "o",
			"--masks", "-3");
		refused("whole number that fits", "trace", "--model", "m", "--image", "i", "--out", "o",
			"--seed", "99999999999999999999");
		refused("below the minimum 1.0E-6", "trace", "--model", "m", "--image", "i", "--out",
			"o", "--temperature", "0");
		assertNull(Launcher.check(new String[] { "trace-folder", "--images", "i", "--model", "m",
			"--out", "o", "--overwrite", "TRUE" }));
		// aliases and dashed names reach the same input
		assertNull(Launcher.check(new String[] { "trace", "--model-dir", "m", "--image-file", "i",
			"--output-dir", "o", "--batch-size", "3" }));
		refused("Missing option --out", "make-data", "--kind", "shapes");
	}

	@Test
	public void runAnswersHelpAndUsageErrorsWithTheirExitCodes() throws Exception {
		final io.github.layertracer.LauncherRun none = new io.github.layertracer.LauncherRun();
		assertTrue(none.code == 2 && none.out.contains("usage: layertracer"), none.toString());
		final io.github.layertracer.LauncherRun help = new io.github.layertracer.LauncherRun("help");
		assertTrue(help.code == 0 && help.out.contains("trace-folder") && help.out.contains(
			"(launcher only)"), help.toString());
		final io.github.layertracer.LauncherRun unknown = new io.github.layertracer.LauncherRun(
			"tracing");
		assertTrue(unknown.code == 2 && unknown.err.contains("Unknown subcommand 'tracing'") &&
			unknown.err.contains("trace-folder"), unknown.toString());
		final io.github.layertracer.LauncherRun sub = new io.github.layertracer.LauncherRun("animate",
			"-h");
		assertTrue(sub.code == 0 && sub.out.contains("--frames-between") && sub.out.contains(
			"[default: 4]") && !sub.out.contains("trace-folder"), sub.toString());
		final io.github.layertracer.LauncherRun bad = new io.github.layertracer.LauncherRun("animate",
			"--opacity", "2");
		assertTrue(bad.code == 2 && bad.err.contains("Run 'layertracer animate --help'"), bad
			.toString());
		final java.nio.file.Path out = io.github.layertracer.TestModels.newFolder("run").resolve(
			"data");
		final io.github.layertracer.LauncherRun ok = new io.github.layertracer.LauncherRun(
			"make-data", "--kind", "shapes", "--out", out.toString(), "--count", "4", "--verbose");
		assertTrue(ok.code == 0 && ok.out.contains("Wrote 4 shapes images"), ok.toString());
		assertTrue(java.nio.file.Files.isRegularFile(out.resolve("boxes.csv")));
	}
}
