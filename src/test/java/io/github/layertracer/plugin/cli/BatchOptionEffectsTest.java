/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.LauncherRun;
import io.github.layertracer.TestModels;
import io.github.layertracer.engine.builtin.CnnBuilder;
import io.github.layertracer.engine.builtin.CnnSpec;

import ij.IJ;
import ij.ImagePlus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mask options of Trace Folder and Evaluate Saliency, and the normalisation and
 * temperature of Layer Accuracy, each change what those commands write.
 */
public class BatchOptionEffectsTest {

	private static Path dir, model, means, data;

	@BeforeAll
	public static void prepare() {
		dir = TestModels.newFolder("batch-options");
		// a tiny untrained network for the shapes images: 64 x 64 grey, 4 classes
		model = dir.resolve("model");
		CnnBuilder.export(CnnBuilder.untrained(new CnnSpec("tiny", 64, 64, 1, 4, List.of(
			new CnnSpec.Block("b1", true, 4), new CnnSpec.Block("b2", true, 4)),
			CnnSpec.Head.POOL_DENSE, false), 3), model, CnnBuilder.ExportStyle.GRAPH, null);
		data = dir.resolve("data");
		assertEquals(0, new LauncherRun("make-data", "--kind", "shapes", "--out", data.toString(),
			"--count", "16", "--seed", "2").code);
		means = dir.resolve("means.h5");
		final LauncherRun m = new LauncherRun("means", "--model", model.toString(), "--data", data
			.toString(), "--out", means.toString());
		assertEquals(0, m.code, m.toString());
	}

	private static float[] folderTrace(final String name, final String... options) {
		final List<String> args = new ArrayList<>(List.of("trace-folder", "--images", data
			.resolve("circle").toString(), "--model", model.toString(), "--means", means.toString(),
			"--out", dir.resolve(name).toString(), "--masks", "32", "--batch", "16"));
		args.addAll(List.of(options));
		final LauncherRun r = new LauncherRun(args.toArray(new String[0]));
		assertEquals(0, r.code, name + ": " + r);
		final ImagePlus imp = IJ.openImage(dir.resolve(name).resolve("circle_00000_saliency.tif")
			.toString());
		return (float[]) imp.getStack().getPixels(1);
	}

	@Test
	public void traceFolderMaskOptionsChangeTheMaps() {
		final float[] base = folderTrace("base");
		for (final String[] o : new String[][] { { "--grid", "4" }, { "--keep", "0.2" }, {
			"--mask-type", "square" }, { "--seed", "5" }, { "--masks", "48" } })
			assertTrue(!Arrays.equals(base, folderTrace("f" + o[0] + o[1], o)), o[0] + " " + o[1]);
	}

	/** Runs a subcommand that writes {@code <name>.csv}, with more options; its lines. */
	private static List<String> table(final String sub, final String name,
		final List<String> fixed, final String... options) throws Exception
	{
		final List<String> args = new ArrayList<>(List.of(sub, "--model", model.toString(),
			"--means", means.toString(), "--data", data.toString(), "--out", dir.resolve(name +
				".csv").toString()));
		args.addAll(fixed);
		args.addAll(List.of(options));
		final LauncherRun r = new LauncherRun(args.toArray(new String[0]));
		assertEquals(0, r.code, name + ": " + r);
		return Files.readAllLines(dir.resolve(name + ".csv"));
	}

	private static List<String> evaluate(final String name, final String... options)
		throws Exception
	{
		return table("evaluate", name, List.of("--masks", "32", "--batch", "16", "--limit", "4",
			"--steps", "4"), options);
	}

	@Test
	public void evaluateOptionsChangeTheScores() throws Exception {
		final List<String> base = evaluate("e-base");
		assertEquals(base, evaluate("e-again"), "same settings, same table");
		for (final String[] o : new String[][] { { "--grid", "4" }, { "--keep", "0.2" }, {
			"--mask-type", "square" }, { "--seed", "5" }, { "--steps", "8" }, { "--limit", "2" } })
			assertNotEquals(base, evaluate("e" + o[0] + o[1], o), o[0] + " " + o[1]);
	}

	private static List<String> accuracy(final String name, final String... options)
		throws Exception
	{
		return table("accuracy", name, List.of(), options);
	}

	@Test
	public void accuracyNormalisationAndTemperatureChangeTheConfidence() throws Exception {
		final List<String> base = accuracy("a-base");
		for (final String[] o : new String[][] { { "--normalisation", "pooled" }, {
			"--normalisation", "none" }, { "--temperature", "4" } })
		{
			final List<String> other = accuracy("a" + o[0] + o[1], o);
			// the mean confidence of the first layer (column 6) is what these change
			assertNotEquals(base.get(1).split(",")[5], other.get(1).split(",")[5], o[0] + " " + o[1]);
		}
	}
}
