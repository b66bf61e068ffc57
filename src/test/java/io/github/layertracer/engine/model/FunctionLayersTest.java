/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import static io.github.layertracer.LauncherRun.noise;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.builtin.CnnBuilder.ExportStyle;
import io.github.layertracer.engine.data.IdxSource;
import io.github.layertracer.engine.data.LabelledSource;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.means.ClassMeans;
import io.github.layertracer.engine.means.ClassMeansBuilder;
import io.github.layertracer.engine.means.E2cmScorer;
import io.github.layertracer.engine.means.LayerAccuracy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Layers inside function bodies (TF2/Keras exports): found by their Keras names, fetched through
 * the grafted copy of the call chain, and checked against numbers computed without TensorFlow:
 * layer outputs recomputed by hand from the model's own variables, the network's accuracy on the
 * MNIST test set as its source reports it.
 */
public class FunctionLayersTest {

	private static List<String> names(final List<TensorSpec> specs) {
		return specs.stream().map(TensorSpec::name).collect(Collectors.toList());
	}

	@Test
	public void kerasCnnLayersByKerasNameShapeAndDepth() {
		try (LayerModel m = LayerModel.open(TestModels.kerasMnistCnn())) {
			final ModelDescription d = m.description();
			// SOURCE.md: Conv 32 3x3, pool 2, Conv 64 3x3, pool 2, Conv 64 3x3, Flatten, Dense 64,
			// Dense 10 (logits); valid convolutions: 28 -> 26 -> 13 -> 11 -> 5 -> 3
			assertEquals(List.of("conv2d_4", "max_pooling2d_2", "conv2d_5", "max_pooling2d_3",
				"conv2d_6", "flatten_1", "dense_2"), names(d.candidates()));
			final long[][] shapes = { { -1, 26, 26, 32 }, { -1, 13, 13, 32 }, { -1, 11, 11, 64 }, {
				-1, 5, 5, 64 }, { -1, 3, 3, 64 }, { -1, 576 }, { -1, 64 } };
			final String[] ops = { "Conv2D/Relu", "MaxPool", "Conv2D/Relu", "MaxPool", "Conv2D/Relu",
				"Reshape", "MatMul/Relu" };
			for (int i = 0; i < shapes.length; i++) {
				final TensorSpec c = d.candidates().get(i);
				assertArrayEquals(shapes[i], c.shape(), c.name());
				assertEquals(ops[i], c.opType(), c.name());
				assertEquals(TensorSpec.Origin.FUNCTION, c.origin(), c.name());
				assertTrue(i == 0 || c.depth() > d.candidates().get(i - 1).depth(), c.name());
			}
			// the default: every convolution and dense layer after its activation, then the scores
			assertEquals(List.of("conv2d_4", "conv2d_5", "conv2d_6", "dense_2", "dense_3"), names(d
				.trackedOutputs()));
			assertEquals(ScoreKind.LOGITS, d.scoreKind());
			assertEquals("graph depth", d.layerOrder());
			final String report = d.format();
			assertTrue(report.contains("* conv2d_4"), report);
			assertTrue(report.contains("  max_pooling2d_2"), report);
			assertTrue(report.contains(
				"StatefulPartitionedCall/StatefulPartitionedCall/sequential_2/conv2d_4/Relu:0"), report);
		}
	}

	@Test
	public void graftedModelGivesTheUntouchedScoresExactly() {
		final List<Path> models = List.of(TestModels.kerasMnistCnn(), TestModels.kerasMnistMlp(),
			TestModels.vgg6(ExportStyle.FUNCTION), TestModels.vgg6(ExportStyle.NESTED));
		for (final Path model : models) {
			try (LayerModel plain = LayerModel.open(model, ModelOptions.defaults().scoresOnly());
					LayerModel tapped = LayerModel.open(model, ModelOptions.defaults().withLayers(List.of(
						"all"))))
			{
				assertTrue(plain.description().layers().isEmpty());
				assertTrue(tapped.description().layers().size() >= 2, model.toString());
				final int px = plain.description().input().pixelValues();
				final float[] batch = noise(3 * px, 11);
				final float[] a = plain.run(batch, 3, List.of(plain.description().scores()))[0];
				final float[][] b = tapped.run(batch, 3, tapped.description().trackedOutputs());
				assertArrayEquals(a, b[b.length - 1], 0f, model.toString());
			}
		}
	}

	@Test
	public void functionAndNestedExportsMatchTheGraphExport() {
		try (LayerModel g = LayerModel.open(TestModels.vgg6(ExportStyle.GRAPH))) {
			final float[] batch = noise(2 * 32 * 32 * 3, 5);
			final float[][] expected = g.run(batch, 2, g.description().trackedOutputs());
			for (final ExportStyle style : List.of(ExportStyle.FUNCTION, ExportStyle.NESTED)) {
				try (LayerModel m = LayerModel.open(TestModels.vgg6(style))) {
					// no layer in the signature: all found inside the bodies, with the same names
					assertEquals(names(g.description().layers()), names(m.description().layers()), style
						.name());
					assertTrue(m.description().layers().stream().allMatch(l -> l
						.origin() == TensorSpec.Origin.FUNCTION), style.name());
					final float[][] got = m.run(batch, 2, m.description().trackedOutputs());
					for (int i = 0; i < got.length; i++)
						assertArrayEquals(expected[i], got[i], 1e-4f, style + " " + m.description()
							.trackedOutputs().get(i).name());
				}
			}
		}
	}

	/** A resource variable's value, read in the model's own session. */
	private static float[] variable(final LayerModel m, final String name) {
		final Ops tf = Ops.create(m.graph());
		final Operand<TFloat32> read = tf.readVariableOp(m.graph().operation(name).output(0),
			TFloat32.class);
		try (Result r = m.session().runner().fetch(read).run()) {
			final TFloat32 t = (TFloat32) r.get(0);
			final float[] a = new float[(int) t.shape().size()];
			t.copyTo(DataBuffers.of(a, false, false));
			return a;
		}
	}

	/** A reference variable's value ({@code VariableV2}, as our own exports have them). */
	private static float[] refVariable(final LayerModel m, final String name) {
		try (Result r = m.session().runner().fetch(name + ":0").run()) {
			final TFloat32 t = (TFloat32) r.get(0);
			final float[] a = new float[(int) t.shape().size()];
			t.copyTo(DataBuffers.of(a, false, false));
			return a;
		}
	}

	/**
	 * Convolution with ReLU computed by hand: input {@code [h, w, ci]}, kernel
	 * {@code [k, k, ci, co]} (TensorFlow's HWIO), VALID or SAME padding, stride 1.
	 */
	private static double[] convRelu(final float[] in, final int h, final int w, final int ci,
		final float[] kernel, final float[] bias, final int k, final int co, final boolean same)
	{
		final int pad = same ? (k - 1) / 2 : 0;
		final int oh = same ? h : h - k + 1, ow = same ? w : w - k + 1;
		final double[] out = new double[oh * ow * co];
		for (int y = 0; y < oh; y++)
			for (int x = 0; x < ow; x++)
				for (int o = 0; o < co; o++) {
					double s = bias[o];
					for (int dy = 0; dy < k; dy++)
						for (int dx = 0; dx < k; dx++) {
							final int iy = y + dy - pad, ix = x + dx - pad;
							if (iy < 0 || ix < 0 || iy >= h || ix >= w) continue;
							for (int i = 0; i < ci; i++)
								s += in[(iy * w + ix) * ci + i] * kernel[((dy * k + dx) * ci + i) * co + o];
						}
					out[(y * ow + x) * co + o] = Math.max(0, s);
				}
		return out;
	}

	/** Dense layer with ReLU by hand: {@code relu(x W + b)}, W {@code [n, m]}. */
	private static double[] denseRelu(final float[] x, final float[] w, final float[] b) {
		final int m = b.length, n = x.length;
		final double[] out = new double[m];
		for (int j = 0; j < m; j++) {
			double s = b[j];
			for (int i = 0; i < n; i++)
				s += x[i] * (double) w[i * m + j];
			out[j] = Math.max(0, s);
		}
		return out;
	}

	private static void assertClose(final double[] expected, final float[] actual,
		final String what)
	{
		assertEquals(expected.length, actual.length, what);
		double max = 0, err = 0;
		for (int i = 0; i < expected.length; i++) {
			max = Math.max(max, Math.abs(expected[i]));
			err = Math.max(err, Math.abs(expected[i] - actual[i]));
		}
		assertTrue(max > 0.1, what + " is not all zero");
		assertTrue(err <= 1e-4 * max, what + ": max error " + err + " of values up to " + max);
	}

	@Test
	public void kerasCnnConvAndDenseRecomputedByHandFromItsVariables() {
		try (LayerModel m = LayerModel.open(TestModels.kerasMnistCnn(), ModelOptions.defaults()
			.withLayers(List.of("conv2d_4", "flatten_1", "dense_2"))))
		{
			final float[] image = noise(28 * 28, 3);
			final float[][] out = m.run(image, 1, m.description().layers());
			assertClose(convRelu(image, 28, 28, 1, variable(m, "conv2d_4/kernel"), variable(m,
				"conv2d_4/bias"), 3, 32, false), out[0], "conv2d_4");
			assertClose(denseRelu(out[1], variable(m, "dense_2/kernel"), variable(m,
				"dense_2/bias")), out[2], "dense_2");
		}
	}

	@Test
	public void kerasMlpDenseRecomputedByHand() {
		try (LayerModel m = LayerModel.open(TestModels.kerasMnistMlp())) {
			assertEquals(List.of("dense"), names(m.description().layers()));
			final float[] image = noise(28 * 28, 4);
			final float[] dense = m.run(image, 1, m.description().layers())[0];
			assertClose(denseRelu(image, variable(m, "dense/kernel"), variable(m, "dense/bias")),
				dense, "dense");
		}
	}

	@Test
	public void nestedExportConvRecomputedByHand() {
		try (LayerModel m = LayerModel.open(TestModels.vgg6(ExportStyle.NESTED))) {
			final TensorSpec conv = m.description().layers().get(0);
			assertEquals("conv1_1", conv.name());
			assertTrue(conv.tensorName().split("StatefulPartitionedCall").length > 3, conv
				.tensorName() + " is three calls deep");
			final float[] image = noise(32 * 32 * 3, 6);
			final float[] got = m.run(image, 1, List.of(conv))[0];
			assertClose(convRelu(image, 32, 32, 3, refVariable(m, "weight_0"), refVariable(m,
				"weight_1"), 3, 32, true), got, "conv1_1");
		}
	}

	@Test
	public void layersChosenByKerasNameTensorNameOrAll() {
		try (LayerModel m = LayerModel.open(TestModels.kerasMnistCnn(), ModelOptions.defaults()
			.withLayers(List.of("dense_2", "sequential_2/conv2d_4/Relu",
				"StatefulPartitionedCall/StatefulPartitionedCall/sequential_2/max_pooling2d_2/MaxPool:0",
				"sequential_2/conv2d_5/BiasAdd"))))
		{
			final List<TensorSpec> l = m.description().layers();
			assertEquals("user", m.description().layerOrder());
			assertEquals("dense_2", l.get(0).name());
			assertEquals(l.get(1).tensorName(),
				"StatefulPartitionedCall/StatefulPartitionedCall/sequential_2/conv2d_4/Relu:0");
			assertArrayEquals(new long[] { -1, 13, 13, 32 }, l.get(2).shape());
			// any tensor of a body, not only a layer's output: the convolution before its ReLU
			assertArrayEquals(new long[] { -1, 11, 11, 64 }, l.get(3).shape());
			final float[][] out = m.run(noise(28 * 28, 8), 1, l);
			boolean negative = false;
			for (final float v : out[3])
				negative |= v < 0;
			assertTrue(negative, "BiasAdd before the ReLU has negative values");
		}
		try (LayerModel m = LayerModel.open(TestModels.kerasMnistCnn(), ModelOptions.defaults()
			.withLayers(List.of("all"))))
		{
			assertEquals(names(m.description().candidates()), names(m.description().layers()));
		}
	}

	@Test
	public void topLevelGraphLayersOfATf1StyleExportByScope() {
		// every operation in the main graph, as simple_save writes it: the pooling after each
		// block is a layer of its own scope, beside the signature's outputs
		try (LayerModel m = LayerModel.open(TestModels.vgg6(ExportStyle.GRAPH), ModelOptions
			.defaults().withLayers(List.of("conv1", "conv2_1"))))
		{
			final TensorSpec pool = m.description().layers().get(0);
			assertEquals(TensorSpec.Origin.GRAPH, pool.origin());
			assertEquals("conv1/MaxPool:0", pool.tensorName());
			assertArrayEquals(new long[] { -1, 16, 16, 32 }, pool.shape());
			assertEquals(TensorSpec.Origin.SIGNATURE, m.description().layers().get(1).origin());
			final float[] image = noise(32 * 32 * 3, 2);
			final float[][] out = m.run(image, 1, m.description().layers());
			// the pool of conv1_2's maps, by hand: max over each 2 x 2 window
			try (LayerModel g = LayerModel.open(TestModels.vgg6(ExportStyle.GRAPH))) {
				final float[] conv = g.run(image, 1, List.of(g.description().layers().get(1)))[0];
				final float[] pooled = new float[16 * 16 * 32];
				for (int y = 0; y < 16; y++)
					for (int x = 0; x < 16; x++)
						for (int c = 0; c < 32; c++) {
							float max = Float.NEGATIVE_INFINITY;
							for (int dy = 0; dy < 2; dy++)
								for (int dx = 0; dx < 2; dx++)
									max = Math.max(max, conv[((2 * y + dy) * 32 + 2 * x + dx) * 32 + c]);
							pooled[(y * 16 + x) * 32 + c] = max;
						}
				assertArrayEquals(pooled, out[0], 0f);
			}
		}
	}

	@Test
	public void unknownNamesGetTheClosestLayerNames() {
		final LayerModel.UnknownLayerException keras = assertThrows(
			LayerModel.UnknownLayerException.class, () -> LayerModel.open(TestModels.kerasMnistCnn(),
				ModelOptions.defaults().withLayers(List.of("conv2d_7"))));
		assertTrue(keras.getMessage().contains("closest layer names: conv2d_4, conv2d_5, conv2d_6"),
			keras.getMessage());
		assertFalse(keras.getMessage().contains("Python") || keras.getMessage().contains(
			"export the layer"), keras.getMessage());
		// a graph whose layers are all in the top-level graph is not told about function bodies
		final LayerModel.UnknownLayerException graph = assertThrows(
			LayerModel.UnknownLayerException.class, () -> LayerModel.open(TestModels.vgg6(
				ExportStyle.GRAPH), ModelOptions.defaults().withLayers(List.of("conv3_3"))));
		assertTrue(graph.getMessage().contains("closest layer names: conv3_1, conv3_2"), graph
			.getMessage());
		assertFalse(graph.getMessage().contains("function"), graph.getMessage());
	}

	/** Writes images {@code from..to} of an IDX pair as plain IDX files. */
	private static void idxSubset(final Path images, final Path labels, final int from,
		final int to, final Path outImages, final Path outLabels) throws IOException
	{
		try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(
			images))); DataOutputStream out = new DataOutputStream(Files.newOutputStream(outImages)))
		{
			in.readInt();
			in.readInt();
			final int h = in.readInt(), w = in.readInt();
			out.writeInt(0x803);
			out.writeInt(to - from);
			out.writeInt(h);
			out.writeInt(w);
			in.readFully(new byte[from * h * w]);
			copy(in, out, (to - from) * h * w);
		}
		try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(
			labels))); DataOutputStream out = new DataOutputStream(Files.newOutputStream(outLabels)))
		{
			in.readInt();
			in.readInt();
			out.writeInt(0x801);
			out.writeInt(to - from);
			in.readFully(new byte[from]);
			copy(in, out, to - from);
		}
	}

	private static void copy(final InputStream in, final OutputStream out, final int n)
		throws IOException
	{
		final byte[] b = new byte[n];
		new DataInputStream(in).readFully(b);
		out.write(b);
	}

	@Test
	public void kerasCnnOnMnistAsItsSourceReportsAndAnEarlyExitCurve() throws Exception {
		final Path dir = TestModels.newFolder("mnist");
		idxSubset(TestModels.mnistImages(), TestModels.mnistLabels(), 0, 5000, dir.resolve(
			"a-images"), dir.resolve("a-labels"));
		idxSubset(TestModels.mnistImages(), TestModels.mnistLabels(), 5000, 10000, dir.resolve(
			"b-images"), dir.resolve("b-labels"));
		final List<String> digits = new ArrayList<>();
		for (int k = 0; k < 10; k++)
			digits.add(Integer.toString(k));
		try (LayerModel m = LayerModel.open(TestModels.kerasMnistCnn())) {
			// the network itself over all 10 000 test images, argmax by hand
			int correct = 0, total = 0;
			try (LabelledSource s = IdxSource.open(TestModels.mnistImages(), TestModels
				.mnistLabels(), digits))
			{
				final InputConverter c = new InputConverter(m.description().input(), InputContract
					.defaults());
				for (int i = 0; i < s.size(); i += 500) {
					final int n = Math.min(500, s.size() - i);
					final float[] batch = new float[n * 28 * 28];
					final int[] labels = new int[n];
					for (int j = 0; j < n; j++)
						labels[j] = s.next(c, batch, j * 28 * 28);
					final float[] logits = m.run(batch, n, List.of(m.description().scores()))[0];
					for (int j = 0; j < n; j++) {
						int best = 0;
						for (int k = 1; k < 10; k++)
							if (logits[j * 10 + k] > logits[j * 10 + best]) best = k;
						if (best == labels[j]) correct++;
						total++;
					}
				}
			}
			assertEquals(10000, total);
			assertEquals(0.9900, correct / (double) total, 0.0005, "accuracy as SOURCE.md reports");

			// class means from one half, the early-exit curve on the other
			final ClassMeans means;
			try (LabelledSource s = IdxSource.open(dir.resolve("a-images"), dir.resolve("a-labels"),
				digits))
			{
				means = ClassMeansBuilder.compute(m, s, InputContract.defaults(), null, 250,
					Progress.NONE);
			}
			final LayerAccuracy acc;
			try (LabelledSource s = IdxSource.open(dir.resolve("b-images"), dir.resolve("b-labels"),
				digits))
			{
				acc = LayerAccuracy.evaluate(E2cmScorer.attach(m, means, E2cmScorer.Normalisation.E2CM,
					1, "test"), s, new InputConverter(m.description().input(), means.contract()),
					null, 250, Progress.NONE);
			}
			final List<LayerAccuracy.Row> rows = acc.rows();
			assertEquals(List.of("conv2d_4", "conv2d_5", "conv2d_6", "dense_2", "dense_3"), rows
				.stream().map(r -> r.layer).collect(Collectors.toList()));
			for (int i = 1; i < 4; i++)
				assertTrue(rows.get(i).accuracy > rows.get(i - 1).accuracy, "accuracy rises from " +
					rows.get(i - 1).layer + " to " + rows.get(i).layer + "\n" + acc.toCsv());
			assertEquals(0.99, rows.get(4).accuracy, 0.01, acc.toCsv());
		}
	}
}
