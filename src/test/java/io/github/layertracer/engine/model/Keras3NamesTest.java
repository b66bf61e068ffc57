/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import static io.github.layertracer.Refusals.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.layertracer.TestModels;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Layers named as the user knows them from Keras 3, whose export puts the layer
 * {@code conv2d_1} in the graph scope {@code conv2d_1_2}: listed under the Keras name the
 * variables show, found by it and by the graph's name, and the values fetched are that layer's,
 * checked against the network computed by hand.
 */
public class Keras3NamesTest {

	private static List<String> names(final List<TensorSpec> specs) {
		return specs.stream().map(TensorSpec::name).collect(Collectors.toList());
	}

	private static float[][] run(final Path model, final List<String> layers,
		final float[] image)
	{
		try (LayerModel m = LayerModel.open(model, ModelOptions.defaults().withLayers(layers))) {
			assertEquals(layers, names(m.description().layers()));
			return m.run(image, 1, m.description().layers());
		}
	}

	@Test
	public void layersAreListedUnderTheirKerasNamesAndFoundByBoth() throws Exception {
		final Path model = Keras3Model.write(TestModels.newFolder("keras3").resolve("m"), true);
		final float[] image = TinyModels.image(5);
		final float[][] byHand = Keras3Model.convolutions(image);
		try (LayerModel m = LayerModel.open(model)) {
			final ModelDescription d = m.description();
			// the variables say conv2d and conv2d_1; flatten_1 beside them loses the suffix too
			assertEquals(List.of("conv2d", "conv2d_1", "flatten"), names(d.candidates()));
			assertEquals(List.of("conv2d", "conv2d_1", "output_0"), names(d.trackedOutputs()));
			assertEquals(Set.of("conv2d", "conv2d_1"), d.defaultLayers());
			final float[][] out = m.run(image, 1, d.trackedOutputs());
			assertArrayEquals(byHand[0], out[0], 1e-5f, "conv2d is the first convolution");
			assertArrayEquals(byHand[1], out[1], 1e-5f, "conv2d_1 is the second");
			assertArrayEquals(Keras3Model.logits(image), out[2], 1e-5f);
		}
		// conv2d_1 is the Keras name of the second convolution, though the first one's graph scope
		// is conv2d_1 as well: the Keras name wins
		final float[][] keras = run(model, List.of("conv2d_1", "conv2d", "flatten"), image);
		assertArrayEquals(byHand[1], keras[0], 1e-5f);
		assertArrayEquals(byHand[0], keras[1], 1e-5f);
		assertArrayEquals(byHand[1], keras[2], 1e-5f, "flatten keeps the values, in order");
		// the graph's names still work and keep the name they are asked by
		final float[][] graph = run(model, List.of("conv2d_1_2", "flatten_1"), image);
		assertArrayEquals(byHand[1], graph[0], 1e-5f);
		assertArrayEquals(byHand[1], graph[1], 1e-5f);
		// so do tensor names inside the body
		try (LayerModel m = LayerModel.open(model, ModelOptions.defaults().withLayers(List.of(
			"functional_1/conv2d_1_2/add"))))
		{
			final float[] add = m.run(image, 1, m.description().layers())[0];
			boolean negative = false;
			for (final float v : add)
				negative |= v < 0;
			assertEquals(true, negative, "the sum before the ReLU");
		}
		// the scores by the Keras and the graph names of the last layer: nothing more to trace
		try (LayerModel m = LayerModel.open(model, ModelOptions.defaults().withLayers(List.of(
			"dense", "dense_1", "conv2d"))))
		{
			assertEquals(List.of("conv2d"), names(m.description().layers()));
		}
	}

	@Test
	public void withoutVariableNamesAKerasNameFindsItsSuffixedScope() throws Exception {
		// the variables are v0…v5: the graph's names are all there is, and a name the graph
		// shows only with a suffix finds the one layer that has it
		final Path model = Keras3Model.write(TestModels.newFolder("keras3").resolve("m"), false);
		final float[] image = TinyModels.image(6);
		final float[][] byHand = Keras3Model.convolutions(image);
		try (LayerModel m = LayerModel.open(model)) {
			assertEquals(List.of("conv2d_1", "conv2d_1_2", "flatten_1"), names(m.description()
				.candidates()));
		}
		final float[][] out = run(model, List.of("flatten", "conv2d"), image);
		assertArrayEquals(byHand[1], out[0], 1e-5f, "flatten: the one flatten_<n>");
		assertArrayEquals(byHand[0], out[1], 1e-5f, "conv2d: conv2d_1, not conv2d_1_2");
		assertMessage(() -> LayerModel.open(model, ModelOptions.defaults().withLayers(List.of(
			"conv"))), "Unknown layer 'conv'", "conv2d_1");
	}

	@Test
	public void namingRules() {
		assertEquals("conv2d_2", LayerFinder.kerasName("conv2d_2_1", Set.of("conv2d_2/kernel",
			"conv2d_2/bias")));
		assertEquals("conv2d_2", LayerFinder.kerasName("conv2d_2_1", Set.of(
			"functional/conv2d_2/kernel")));
		assertEquals("batch_normalization_1", LayerFinder.kerasName("batch_normalization_1_2", Set
			.of("batch_normalization_1/gamma", "batch_normalization_1/moving_mean")));
		assertEquals("dense", LayerFinder.kerasName("dense", Set.of("dense/kernel")), "Keras 2");
		assertNull(LayerFinder.kerasName("conv2d_2_1", Set.of("kernel")), "no layer in the name");
		assertNull(LayerFinder.kerasName("dense_3", Set.of("dense_3/kernel_x", "dense/kernel")),
			"variables that disagree: dense_3 and dense");
		assertNull(LayerFinder.kerasName("conv2d_2_1", Set.of("conv2d/kernel")),
			"conv2d_2_1 is not conv2d with one suffix");
		assertEquals(true, LayerFinder.suffixed("flatten_12", "flatten"));
		assertEquals(false, LayerFinder.suffixed("flatten_1_2", "flatten"));
		assertEquals(false, LayerFinder.suffixed("flatten_", "flatten"));
		assertEquals(false, LayerFinder.suffixed("flattened_1", "flatten"));
	}
}
