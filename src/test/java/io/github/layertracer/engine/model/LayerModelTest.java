/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import static io.github.layertracer.Refusals.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.builtin.CnnBuilder.ExportStyle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.NodeDef;

public class LayerModelTest {

	private static List<String> names(final List<TensorSpec> specs) {
		return specs.stream().map(TensorSpec::name).collect(Collectors.toList());
	}

	private static float[] noise(final int n, final long seed) {
		final Random r = new Random(seed);
		final float[] a = new float[n];
		for (int i = 0; i < n; i++)
			a[i] = r.nextFloat();
		return a;
	}

	@Test
	public void vgg6LayersAreInDepthOrderInBothGraphStructures() {
		final List<String> expected = List.of("conv1_1", "conv1_2", "conv2_1", "conv2_2",
			"conv3_1", "conv3_2");
		for (final ExportStyle style : ExportStyle.values()) {
			try (LayerModel m = LayerModel.open(TestModels.vgg6(style))) {
				final ModelDescription d = m.description();
				assertEquals(expected, names(d.layers()), style.name());
				assertEquals("graph depth", d.layerOrder());
				assertEquals("logits", d.scores().name());
				assertEquals(ScoreKind.LOGITS, d.scoreKind());
				assertEquals(10, d.classes());
				int previous = -1;
				for (final TensorSpec l : d.trackedOutputs()) {
					assertTrue(l.depth() > previous, l.name() + " deeper than the layer before");
					previous = l.depth();
				}
			}
		}
	}

	@Test
	public void functionExportReachesLayersThroughStatefulPartitionedCall() {
		try (LayerModel m = LayerModel.open(TestModels.vgg6(ExportStyle.FUNCTION))) {
			final List<NodeDef> nodes = m.graph().toGraphDef().getNodeList();
			assertTrue(nodes.stream().anyMatch(n -> n.getOp().equals("StatefulPartitionedCall")));
			// no convolution in the main graph: they all live in the function body
			assertFalse(nodes.stream().anyMatch(n -> n.getOp().equals("Conv2D")));
			assertTrue(m.graph().toGraphDef().getLibrary().getFunctionCount() > 0);
			// and both structures compute the same thing
			try (LayerModel g = LayerModel.open(TestModels.vgg6(ExportStyle.GRAPH))) {
				final float[] batch = noise(2 * 32 * 32 * 3, 5);
				final float[][] a = m.run(batch, 2, m.description().trackedOutputs());
				final float[][] b = g.run(batch, 2, g.description().trackedOutputs());
				for (int i = 0; i < a.length; i++)
					assertArrayEquals(b[i], a[i], 1e-4f);
			}
		}
	}

	@Test
	public void depthNotNameDecidesTheOrder() {
		for (final ExportStyle style : ExportStyle.values()) {
			try (LayerModel m = LayerModel.open(TestModels.reversedNames(style))) {
				assertEquals(List.of("omega", "beta", "alpha"), names(m.description().layers()),
					style.name());
			}
		}
	}

	@Test
	public void explicitLayerListOverridesDepth() {
		final ModelOptions o = ModelOptions.defaults().withLayers(List.of("alpha", "omega"));
		try (LayerModel m = LayerModel.open(TestModels.reversedNames(ExportStyle.GRAPH), o)) {
			assertEquals(List.of("alpha", "omega"), names(m.description().layers()));
			assertEquals("user", m.description().layerOrder());
		}
	}

	@Test
	public void namesOrderWhenTheGraphGivesNoDepth() {
		// a tapped weight does not depend on the input: the graph cannot place it, so names decide
		final ModelOptions o = ModelOptions.defaults().withTaps(List.of("weight_0:0"));
		try (LayerModel m = LayerModel.open(TestModels.reversedNames(ExportStyle.GRAPH), o)) {
			assertEquals("name", m.description().layerOrder());
			assertEquals(List.of("alpha", "beta", "omega", "weight_0:0"), names(m.description()
				.layers()));
		}
	}

	@Test
	public void tappedGraphTensorIsTrackedAndRuns() {
		final ModelOptions o = ModelOptions.defaults().withTaps(List.of("block1/Relu:0"));
		try (LayerModel m = LayerModel.open(TestModels.shapes(), o)) {
			final ModelDescription d = m.description();
			assertEquals(List.of("block1/Relu:0", "block1", "block2", "block3", "block4"), names(d
				.layers()));
			final TensorSpec relu = d.layers().get(0);
			assertArrayEquals(new long[] { -1, 64, 64, 8 }, relu.shape());
			final float[][] out = m.run(noise(3 * 64 * 64, 1), 3, List.of(relu, d.layers().get(1)));
			assertEquals(3 * 64 * 64 * 8, out[0].length);
			assertEquals(3 * 32 * 32 * 8, out[1].length);
			// max pooling of the ReLU gives block1: check one pooled value
			final float pooled = Math.max(Math.max(out[0][0], out[0][8]), Math.max(out[0][64 * 8],
				out[0][64 * 8 + 8]));
			assertEquals(pooled, out[1][0], 1e-6f);
		}
	}

	@Test
	public void runnerReturnsEveryTrackedOutputAndProbabilitiesAreSoftmaxOfLogits() {
		try (LayerModel m = LayerModel.open(TestModels.shapes())) {
			final ModelDescription d = m.description();
			assertEquals(List.of("block1", "block2", "block3", "block4"), names(d.layers()));
			final float[] batch = noise(4 * 64 * 64, 2);
			final float[][] out = m.run(batch, 4, d.trackedOutputs());
			assertEquals(5, out.length);
			assertEquals(4 * 32 * 32 * 8, out[0].length);
			assertEquals(4 * 4 * 4 * 32, out[3].length);
			final float[] logits = out[4];
			final float[] probs = m.probabilities(batch, 4);
			final float[] expected = logits.clone();
			LayerModel.softmaxRows(expected, 4);
			assertArrayEquals(expected, probs, 1e-6f);
			for (int r = 0; r < 4; r++) {
				float sum = 0;
				for (int k = 0; k < 4; k++)
					sum += probs[r * 4 + k];
				assertEquals(1f, sum, 1e-5f);
			}
		}
	}

	@Test
	public void kerasExportLoadsWithRank3InputAndItsOwnSoftmax() {
		try (LayerModel m = LayerModel.open(TestModels.kerasMnistMlp())) {
			final ModelDescription d = m.description();
			assertEquals("serving_default", d.signature());
			assertTrue(d.signatures().contains("__saved_model_init_op"));
			assertFalse(d.input().hasChannelAxis());
			assertEquals(28, d.input().height());
			assertEquals(1, d.input().channels());
			assertEquals(ScoreKind.PROBABILITIES, d.scoreKind());
			// its one hidden layer is found inside the function bodies, by its Keras name
			assertEquals(List.of("dense", "dense_1"), names(d.trackedOutputs()));
			assertEquals(List.of("flatten", "dense"), names(d.candidates()));
			final float[] batch = noise(2 * 28 * 28, 3);
			final float[] raw = m.run(batch, 2, List.of(d.scores()))[0];
			// probabilities are used as they are: softmax is never applied twice
			assertArrayEquals(raw, m.probabilities(batch, 2), 0f);
		}
		final ModelOptions asLogits = ModelOptions.defaults().withScoreKind(ScoreKind.LOGITS);
		try (LayerModel m = LayerModel.open(TestModels.kerasMnistMlp(), asLogits)) {
			assertEquals(ScoreKind.LOGITS, m.description().scoreKind());
			final float[] batch = noise(28 * 28, 3);
			final float[] raw = m.run(batch, 1, List.of(m.description().scores()))[0];
			assertNotEquals(raw[0], m.probabilities(batch, 1)[0]);
		}
	}

	@Test
	public void otherSignatureIsSelectable() {
		final ModelOptions o = ModelOptions.defaults().withSignature("__saved_model_init_op");
		final LayerTracerException e = assertThrows(LayerTracerException.class, () -> LayerModel
			.open(TestModels.kerasMnistMlp(), o));
		// that signature exists but has no image input, and the message says so
		assertTrue(e.getMessage().contains("Signature '__saved_model_init_op'"), e.getMessage());
		assertTrue(e.getMessage().contains("no float image input"), e.getMessage());
	}

	@Test
	public void refusals() throws Exception {
		final Path missing = TestModels.newFolder("x").resolve("nope");
		assertMessage(() -> LayerModel.open(missing), "does not exist", missing.toString());

		final Path notModel = TestModels.newFolder("notmodel");
		Files.writeString(notModel.resolve("readme.txt"), "hello");
		assertMessage(() -> LayerModel.open(notModel), "is not a TensorFlow SavedModel", notModel
			.toString());

		final Path corrupt = TestModels.newFolder("corrupt");
		Files.write(corrupt.resolve("saved_model.pb"), new byte[] { 1, 2, 3, 4, 5 });
		assertMessage(() -> LayerModel.open(corrupt), "is not a protocol buffer", corrupt.resolve(
			"saved_model.pb").toString());

		assertMessage(() -> LayerModel.open(TestModels.shapes(), ModelOptions.defaults()
			.withSignature("predict")), "no signature 'predict'", "available: serving_default");

		assertMessage(() -> LayerModel.open(TestModels.shapes(), ModelOptions.defaults()
			.withLayers(List.of("block9"))), "Unknown layer 'block9'", "block1, block2");

		assertMessage(() -> LayerModel.open(TestModels.shapes(), ModelOptions.defaults()
			.withTaps(List.of("block1/Relux:0"))), "No tensor 'block1/Relux:0'", "block1/Relu");

		assertMessage(() -> LayerModel.open(TestModels.kerasMnistMlp(), ModelOptions.defaults()
			.withTaps(List.of("dense/Relu:0"))), "No tensor 'dense/Relu:0'", "function bodies");

		assertMessage(() -> LayerModel.open(NoImageInputModel.build()), "no float image input",
			"features DT_FLOAT (-1, 10)");

		try (LayerModel m = LayerModel.open(TestModels.shapes())) {
			assertMessage(() -> m.run(new float[100], 1, m.description().trackedOutputs()),
				"does not hold 1 images of 64 x 64 x 1", "image");
		}
	}
}
