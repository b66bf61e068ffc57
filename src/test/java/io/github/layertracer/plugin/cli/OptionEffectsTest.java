/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.LauncherRun;
import io.github.layertracer.TestModels;
import io.github.layertracer.engine.builtin.CnnBuilder.ExportStyle;
import io.github.layertracer.plugin.command.TraceLayersCommand;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Every option has an effect a test sees, on the launcher and on the Fiji command; resume
 * copes with what a kill leaves behind (a TIFF without its JSON, a JSON without its TIFF,
 * temporary files).
 */
public class OptionEffectsTest {

	private static Path dir, model, means, meansReversed, image, data;

	private static void png(final Path file, final long seed) throws Exception {
		final byte[] px = new byte[16 * 16];
		new Random(seed).nextBytes(px);
		Files.createDirectories(file.getParent());
		assertTrue(new FileSaver(new ImagePlus("x", new ByteProcessor(16, 16, px))).saveAsPng(file
			.toString()));
	}

	@BeforeAll
	public static void prepare() throws Exception {
		dir = TestModels.newFolder("options");
		model = TestModels.reversedNames(ExportStyle.GRAPH);
		data = dir.resolve("data");
		for (int k = 0; k < 3; k++)
			for (int i = 0; i < 3; i++)
				png(data.resolve("k" + k).resolve("i" + i + ".png"), 10 * k + i);
		means = dir.resolve("means.h5");
		assertEquals(0, new LauncherRun("means", "--model", model.toString(), "--data", data
			.toString(), "--out", means.toString()).code);
		// the same images, the class names given in the other order: logit 0 is now k2
		meansReversed = dir.resolve("means-reversed.h5");
		final LauncherRun r = new LauncherRun("means", "--model", model.toString(), "--data", data
			.toString(), "--out", meansReversed.toString(), "--classes", "k2,k1,k0");
		assertEquals(0, r.code, r.toString());
		image = dir.resolve("image.png");
		png(image, 77);
	}

	private static float[][] trace(final String name, final String... options) {
		final List<String> args = new ArrayList<>(List.of("trace", "--model", model.toString(),
			"--means", means.toString(), "--image", image.toString(), "--out", dir.resolve(name)
				.toString(), "--masks", "48", "--batch", "16", "--target", "1"));
		for (int i = 0; i < options.length; i += 2) {
			final int at = args.indexOf(options[i]);
			if (at >= 0) args.set(at + 1, options[i + 1]);
			else args.addAll(List.of(options[i], options[i + 1]));
		}
		final LauncherRun r = new LauncherRun(args.toArray(new String[0]));
		assertEquals(0, r.code, name + ": " + r);
		final ImagePlus imp = IJ.openImage(dir.resolve(name).resolve("image_saliency.tif")
			.toString());
		final float[][] planes = new float[imp.getStackSize()][];
		for (int i = 0; i < planes.length; i++)
			planes[i] = ((float[]) imp.getStack().getPixels(i + 1)).clone();
		return planes;
	}

	private static double maxDiff(final float[][] a, final float[][] b, final int from,
		final int to)
	{
		double d = 0;
		for (int p = from; p < to; p++)
			for (int i = 0; i < a[p].length; i++)
				d = Math.max(d, Math.abs(a[p][i] - b[p][i]));
		return d;
	}

	@Test
	public void everyTraceOptionChangesTheMaps() {
		final float[][] base = trace("base");
		assertTrue(Arrays.deepEquals(base, trace("again")), "same settings, same maps");
		final String[][] changes = { { "--target", "0" }, { "--attribution", "drop" }, {
			"--normalisation", "pooled" }, { "--temperature", "3" }, { "--grid", "4" }, { "--keep",
				"0.2" }, { "--mask-type", "square" }, { "--seed", "2" } };
		for (final String[] c : changes) {
			final float[][] other = trace("opt" + c[0] + c[1].hashCode(), c);
			assertTrue(maxDiff(base, other, 0, base.length) > 1e-4, c[0] + " " + c[1] +
				" changes the maps");
		}
		// class names in the other order (k2,k1,k0): logit 0 is now the class of folder k2. For
		// target 0 the network's own map (same logit) is unchanged, the class-mean layers' maps
		// (another class's means) are not; for target 1 (k1 either way) nothing changes
		final int last = base.length - 1;
		final float[][] base0 = trace("base-0", "--target", "0");
		final float[][] rev0 = trace("rev-0", "--target", "0", "--means", meansReversed.toString());
		assertTrue(maxDiff(base0, rev0, last, last + 1) < 1e-6, "network map follows the logit");
		assertTrue(maxDiff(base0, rev0, 0, last) > 1e-4, "layer maps follow the class's means");
		final float[][] rev1 = trace("rev-1", "--means", meansReversed.toString());
		assertTrue(maxDiff(base, rev1, 0, base.length) < 1e-5, "the same class, the same maps");
	}

	@Test
	public void traceLayersOptionsChangeTheStackToo() throws Exception {
		final Context context = new Context();
		try {
			final CommandService commands = context.service(CommandService.class);
			final Map<String, Object> in = new HashMap<>(Map.of("image", IJ.openImage(image
				.toString()), "model_dir", model.toString(), "class_means", means.toString(), "masks",
				"48", "batch_size", "16", "target", "1"));
			final float[] base = pixels(commands.run(TraceLayersCommand.class, true, in).get());
			final String[][] changes = { { "target", "0" }, { "attribution", "drop" }, {
				"normalisation", "pooled" }, { "grid", "4" }, { "keep", "0.2" }, { "mask_type",
					"square" }, { "seed", "2" } };
			for (final String[] c : changes) {
				final Map<String, Object> other = new HashMap<>(in);
				other.put(c[0], c[1]);
				assertFalse(Arrays.equals(base, pixels(commands.run(TraceLayersCommand.class, true,
					other).get())), c[0] + "=" + c[1] + " changes the stack");
			}
		}
		finally {
			context.dispose();
		}
	}

	private static float[] pixels(final CommandModule m) {
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		final ImagePlus imp = (ImagePlus) m.getOutput("saliency_stack");
		final float[] all = new float[imp.getStackSize() * imp.getWidth() * imp.getHeight()];
		for (int i = 0; i < imp.getStackSize(); i++)
			System.arraycopy((float[]) imp.getStack().getPixels(i + 1), 0, all, i * imp.getWidth() *
				imp.getHeight(), imp.getWidth() * imp.getHeight());
		return all;
	}

	@Test
	public void masksAutoRecordsWhereItStoppedAndHowWell() {
		final Path out = dir.resolve("auto");
		final LauncherRun r = new LauncherRun("trace", "--model", model.toString(), "--means", means
			.toString(), "--image", image.toString(), "--out", out.toString(), "--masks", "auto",
			"--agreement", "0.95", "--batch", "50");
		assertEquals(0, r.code, r.toString());
		final com.google.gson.JsonObject json = io.github.layertracer.engine.trace.TraceWriter.readJson(out
			.resolve("image_saliency.json"));
		final int used = json.get("masks_used").getAsInt();
		assertTrue(used >= 1000 && used <= 16000, "masks used " + used);
		assertTrue(r.out.contains("(" + used + " masks"), r.out);
		for (final String layer : List.of("omega", "beta", "alpha", "logits"))
			assertTrue(json.getAsJsonObject("agreement").get(layer).getAsDouble() >= 0.95 || used ==
				16000, layer + " " + json);
		assertTrue(json.get("settings").getAsString().contains("masks=auto(1000-16000,r>=0.95)"),
			json.get("settings").getAsString());
	}

	@Test
	public void traceFolderTracesTheTargetItIsGiven() {
		for (final String target : new String[] { "0", "2" }) {
			final Path out = dir.resolve("target-" + target);
			final LauncherRun r = new LauncherRun("trace-folder", "--images", data.resolve("k1")
				.toString(), "--model", model.toString(), "--means", means.toString(), "--out", out
					.toString(), "--masks", "16", "--batch", "8", "--target", target);
			assertEquals(0, r.code, r.toString());
			final com.google.gson.JsonObject json = io.github.layertracer.engine.trace.TraceWriter.readJson(
				out.resolve("i0_saliency.json"));
			assertEquals(Integer.parseInt(target), json.getAsJsonArray("targets").get(0)
				.getAsJsonObject().get("index").getAsInt());
		}
	}

	@Test
	public void resumeCopesWithWhatAKillLeaves() throws Exception {
		final Path out = dir.resolve("resume");
		final String[] args = { "trace-folder", "--images", data.toString(), "--model", model
			.toString(), "--means", means.toString(), "--out", out.toString(), "--masks", "16",
			"--batch", "8" };
		assertEquals(0, new LauncherRun(args).code);
		// a TIFF whose JSON was never written, a JSON whose TIFF is gone, a killed run's
		// temporary file (old) and a running one's (young)
		Files.delete(out.resolve("k0/i0_saliency.json"));
		Files.delete(out.resolve("k1/i1_saliency.tif"));
		final Path stale = out.resolve("k2/.i2_saliency.tif.1.tmp");
		Files.write(stale, new byte[10]);
		Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 7200_000));
		final Path young = out.resolve("k2/.i1_saliency.tif.2.tmp");
		Files.write(young, new byte[10]);
		final LauncherRun again = new LauncherRun(args);
		assertEquals(0, again.code, again.toString());
		assertTrue(again.out.startsWith("Traced 2 images, skipped 7"), again.out);
		assertTrue(Files.isRegularFile(out.resolve("k0/i0_saliency.json")));
		assertTrue(Files.isRegularFile(out.resolve("k1/i1_saliency.tif")));
		assertFalse(Files.exists(stale), "a killed run's temporary file is removed");
		assertTrue(Files.exists(young), "a temporary file of a run going on is left alone");
		final List<String> rows = Files.readAllLines(out.resolve("summary.csv"));
		assertEquals(10, rows.size());
		assertTrue(rows.stream().skip(1).allMatch(r -> r.split(",")[2].equals("done")), String.join(
			"\n", rows));
	}
}
