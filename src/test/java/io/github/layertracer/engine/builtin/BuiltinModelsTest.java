/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.ModelDescription;
import io.github.layertracer.engine.model.TensorSpec;

import ij.IJ;
import ij.ImagePlus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

public class BuiltinModelsTest {

	@Test
	public void shapesModelReaches95PercentAndHasFourBlocksInDepthOrder() throws Exception {
		final CnnBuilder.Trained t = TestModels.trained("shapes");
		assertTrue(t.testAccuracy >= 0.95, "shapes test accuracy " + t.testAccuracy);
		try (LayerModel m = LayerModel.open(TestModels.shapes())) {
			final ModelDescription d = m.description();
			assertEquals(List.of("block1", "block2", "block3", "block4"), d.layers().stream().map(
				TensorSpec::name).collect(Collectors.toList()));
			assertEquals("image", d.input().spec().name());
			assertEquals("logits", d.scores().name());
			assertEquals(4, d.classes());
		}
		final String readme = Files.readString(TestModels.shapes().resolve("MODEL.md"));
		assertTrue(readme.contains("test accuracy: 0.9"), readme);
	}

	@Test
	public void shapesModelClassifiesTheImagesWrittenToDisk() {
		final Path data = TestModels.newFolder("shapes-data").resolve("set");
		ShapesData.write(data, 77, 40);
		try (LayerModel m = LayerModel.open(TestModels.shapes())) {
			final InputConverter conv = new InputConverter(m.description().input(), InputContract
				.defaults());
			int correct = 0;
			for (int i = 0; i < 40; i++) {
				final ShapesData.Sample s = ShapesData.sample(77, i);
				final ImagePlus imp = IJ.openImage(data.resolve(s.className()).resolve(String.format(
					"%s_%05d.png", s.className(), i)).toString());
				final float[] p = m.probabilities(conv.convert(imp), 1);
				if (CnnBuilder.argMax(p, 0, 4) == s.label) correct++;
			}
			assertTrue(correct >= 36, correct + " of 40 read back from PNG classified correctly");
		}
	}

	@Test
	public void fashionModelReaches88PercentOnTheRealTestSet() {
		io.github.layertracer.SystemPackages.assumeFashionMnist();
		final CnnBuilder.Trained t = TestModels.trained("fashion");
		assertTrue(t.testAccuracy >= 0.88, "Fashion-MNIST test accuracy " + t.testAccuracy);
		try (LayerModel m = LayerModel.open(TestModels.fashion())) {
			assertEquals(List.of("block1", "block2", "block3"), m.description().layers().stream()
				.map(TensorSpec::name).collect(Collectors.toList()));
			assertEquals(10, m.description().classes());
		}
	}

	@Test
	public void vgg6CifarHasTheBenchmarkArchitecture() {
		final CnnSpec s = CnnSpec.vgg6Cifar();
		assertEquals(List.of("conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2",
			"logits"), s.outputNames());
		final List<long[]> w = s.weightShapes();
		assertEquals(14, w.size());
		assertEquals(List.of(3L, 32L, 32L, 64L, 64L, 128L), List.of(w.get(0)[2], w.get(2)[2], w
			.get(4)[2], w.get(6)[2], w.get(8)[2], w.get(10)[2]));
		assertEquals(128, w.get(12)[0]); // global average pool before the dense layer
		assertEquals(10, w.get(12)[1]);
	}
}
