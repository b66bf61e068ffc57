/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.LauncherRun;
import io.github.layertracer.TestModels;
import io.github.layertracer.engine.means.ClassMeans;
import io.github.layertracer.engine.means.ClassMeansFile;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;

import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A user's Keras model as it is, through the launcher as README shows it: inspect, means,
 * trace; and tracing without class means, on a Keras model and on a model with no layer at all.
 */
public class KerasWorkflowTest {

	/** The first MNIST test digit (a 7) as an 8-bit PNG. */
	private static Path digitPng(final Path dir) throws Exception {
		final byte[] pixels = new byte[28 * 28];
		try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(
			TestModels.mnistImages()))))
		{
			in.readFully(new byte[16]);
			in.readFully(pixels);
		}
		final Path png = dir.resolve("digit.png");
		assertTrue(new ij.io.FileSaver(new ImagePlus("digit", new ByteProcessor(28, 28, pixels)))
			.saveAsPng(png.toString()));
		return png;
	}

	private static String[] sliceLabels(final Path tif) {
		final ImagePlus imp = IJ.openImage(tif.toString());
		final String[] labels = new String[imp.getStackSize()];
		for (int i = 0; i < labels.length; i++)
			labels[i] = imp.getStack().getSliceLabel(i + 1).split(" ")[0];
		return labels;
	}

	@Test
	public void kerasExportAsItIsInspectMeansTrace() throws Exception {
		final Path dir = TestModels.newFolder("keras-flow");
		final String model = TestModels.kerasMnistCnn().toString();
		final LauncherRun inspect = new LauncherRun("inspect", "--model", model);
		assertEquals(0, inspect.code, inspect.toString());
		assertTrue(inspect.out.contains("* conv2d_4"), inspect.out);

		final Path means = dir.resolve("means.h5");
		final LauncherRun m = new LauncherRun("means", "--model", model, "--data", TestModels.mnistImages()
			.toString(), "--labels", TestModels.mnistLabels().toString(), "--out", means.toString(),
			"--batch", "500");
		assertEquals(0, m.code, m.toString());
		final ClassMeans read = ClassMeansFile.read(means);
		assertEquals(List.of("conv2d_4", "conv2d_5", "conv2d_6", "dense_2"), read.layerNames());
		assertEquals(10000, Arrays.stream(read.layers().get(0).counts()).sum());

		final Path png = digitPng(dir);
		final Path out = dir.resolve("traces");
		final LauncherRun t = new LauncherRun("trace", "--model", model, "--means", means.toString(), "--image", png
			.toString(), "--out", out.toString(), "--masks", "128", "--batch", "64");
		assertEquals(0, t.code, t.toString());
		assertFalse(t.out.contains("classic RISE"), t.out);
		// ImageJ reads the TIFF: one page per layer, then the network's output, by Keras name
		assertEquals(List.of("conv2d_4", "conv2d_5", "conv2d_6", "dense_2", "dense_3"), List.of(
			sliceLabels(out.resolve("digit_saliency.tif"))));
		final String json = Files.readString(out.resolve("digit_saliency.json"));
		assertTrue(json.contains("\"conv2d_4\""), json);
	}

	@Test
	public void tracingWithoutClassMeansFollowsTheFinalOutput() throws Exception {
		final Path dir = TestModels.newFolder("no-means");
		final Path png = digitPng(dir);
		final Path out = dir.resolve("traces");
		final LauncherRun t = new LauncherRun("trace", "--model", TestModels.kerasMnistCnn().toString(), "--image",
			png.toString(), "--out", out.toString(), "--masks", "128");
		assertEquals(0, t.code, t.toString());
		assertEquals(1, t.out.split("classic RISE", -1).length - 1, "said once:\n" + t.out);
		assertEquals(List.of("dense_3"), List.of(sliceLabels(out.resolve("digit_saliency.tif"))));
		// the digit 7 is what the network sees
		assertTrue(Files.readString(out.resolve("digit_saliency.json")).contains(
			"\"name\": \"7\""), Files.readString(out.resolve("digit_saliency.json")));

		final LauncherRun folder = new LauncherRun("trace-folder", "--images", png.getParent().toString(),
			"--model", TestModels.kerasMnistMlp().toString(), "--out", dir.resolveSibling(dir
				.getFileName() + "-folder").toString(), "--masks", "64");
		assertEquals(0, folder.code, folder.toString());
		assertTrue(folder.out.contains("classic RISE"), folder.out);
		assertEquals(List.of("dense_1"), List.of(sliceLabels(dir.resolveSibling(dir.getFileName() +
			"-folder").resolve("digit_saliency.tif"))));
	}

	/** A real SavedModel with no layer anywhere: a linear map of the pixels, at the top level. */
	private static Path layerlessModel(final Path dir) throws Exception {
		final Path out = dir.resolve("linear");
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final Placeholder<TFloat32> x = tf.withName("image").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, 28, 28, 1)));
			final var flat = tf.reshape(x, tf.constant(new long[] { -1, 784 }));
			final var w = tf.variable(tf.random.statelessRandomNormal(tf.constant(new long[] { 784,
				3 }), tf.constant(new long[] { 1, 2 }), TFloat32.class));
			final var y = tf.withName("logits").linalg.matMul(flat, w);
			try (Session s = new Session(g)) {
				s.initialize();
				SavedModelBundle.exporter(out.toString()).withSession(s).withSignature(Signature
					.builder().input("image", x).output("logits", y).build()).export();
			}
		}
		return out;
	}

	@Test
	public void modelWithoutLayersRefusesMeansInPlainWordsAndTracesItsOutput() throws Exception {
		final Path dir = TestModels.newFolder("layerless");
		final Path model = layerlessModel(dir);
		final Path means = dir.resolve("means.h5");
		final LauncherRun m = new LauncherRun("means", "--model", model.toString(), "--data", TestModels
			.mnistImages().toString(), "--labels", TestModels.mnistLabels().toString(), "--out",
			means.toString());
		assertEquals(1, m.code, m.toString());
		assertTrue(m.err.contains("has no intermediate layer to compute class means for"), m.err);
		assertEquals(1, m.err.split("no intermediate layer", -1).length - 1, "printed once: " +
			m.err);
		assertFalse(m.err.contains("Exception") || m.err.contains("\tat "), m.err);
		assertFalse(Files.exists(means), "no file written");
		try (var files = Files.list(dir)) {
			assertEquals(1, files.count(), "nothing but the model in " + dir);
		}

		final Path png = digitPng(dir);
		final LauncherRun t = new LauncherRun("trace", "--model", model.toString(), "--image", png.toString(),
			"--out", dir.resolve("out").toString(), "--masks", "64");
		assertEquals(0, t.code, t.toString());
		assertEquals(List.of("logits"), List.of(sliceLabels(dir.resolve("out/digit_saliency.tif"))));
	}
}
