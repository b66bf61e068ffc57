/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.builtin;

import static io.github.layertracer.LauncherRun.noise;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.TensorSpec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The ResNet-18 benchmark network: the standard stage shapes for 224 x 224 images, and
 * BatchNorm in inference mode (an image's output does not depend on the rest of its batch).
 */
public class ResNet18Test {

	@Test
	public void stagesHaveTheStandardShapesAndBatchNormIsInInferenceMode() {
		final Path dir = TestModels.newFolder("resnet").resolve("model");
		ResNet18.export(dir, 1);
		try (LayerModel m = LayerModel.open(dir)) {
			final List<TensorSpec> out = m.description().trackedOutputs();
			assertEquals(List.of("stage1", "stage2", "stage3", "stage4", "logits"), out.stream().map(
				TensorSpec::name).collect(Collectors.toList()));
			final long[][] shapes = { { -1, 56, 56, 64 }, { -1, 28, 28, 128 }, { -1, 14, 14, 256 }, {
				-1, 7, 7, 512 }, { -1, 10 } };
			for (int i = 0; i < shapes.length; i++)
				assertArrayEquals(shapes[i], out.get(i).shape(), out.get(i).name());
			final int px = 224 * 224 * 3;
			final float[] two = noise(2 * px, 3);
			final float[] alone = m.run(Arrays.copyOf(two, px), 1, List.of(m.description()
				.scores()))[0];
			final float[] batched = m.run(two, 2, List.of(m.description().scores()))[0];
			assertArrayEquals(alone, Arrays.copyOf(batched, 10), 1e-4f);
		}
	}
}
