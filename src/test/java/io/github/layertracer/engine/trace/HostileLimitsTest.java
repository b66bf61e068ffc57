/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import static io.github.layertracer.Refusals.assertMessage;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.layertracer.api.Limits;

import org.junit.jupiter.api.Test;

/**
 * The engine's own limits, for callers that do not come through a command: mask grids that
 * do not fit the input or the Sobol sequence, animations too large for a GIF or for memory.
 */
public class HostileLimitsTest {

	@Test
	public void gridsAreCheckedAgainstTheInputAndTheSamplingBeforeAnyMask() {
		final MaskSettings random = MaskSettings.defaults().withSampling(
			MaskSettings.Sampling.RANDOM);
		assertMessage(() -> random.withGrid(100000).check(), "Mask grid must be at most 128",
			"100000");
		assertSame(random.withGrid(128).check().getClass(), MaskSettings.class);
		assertMessage(() -> random.withGrid(65).checkFits(64, 224), "Mask grid 65", "64 x 224",
			"at most 64");
		random.withGrid(64).checkFits(64, 224);
		final MaskSettings scrambled = MaskSettings.defaults().withSampling(
			MaskSettings.Sampling.SCRAMBLED);
		scrambled.withGrid(MaskSettings.MAX_SOBOL_GRID).checkFits(224, 224);
		assertMessage(() -> scrambled.withGrid(32).checkFits(224, 224), "Mask grid 32",
			"scrambled sampling", "at most 31");
		assertMessage(() -> MaskSettings.defaults().withSampling(MaskSettings.Sampling.SOBOL)
			.withGrid(40).checkFits(224, 224), "sobol sampling");
		// square masks have no grid
		MaskSettings.defaults().withType(MaskSettings.Type.SQUARE).withGrid(1000).checkFits(8, 8);
	}

	@Test
	public void animationsAreCheckedBeforeAnyFrameIsMade() {
		LayerAnimation.checkSize(10, 64, 64, 4, 1);
		assertMessage(() -> LayerAnimation.checkSize(10, 64, 64, Limits.MAX_FRAMES_BETWEEN + 1, 1),
			"from 0 to 60, got 61");
		assertMessage(() -> LayerAnimation.checkSize(10, 64, 64, -1, 1), "from 0 to 60, got -1");
		assertMessage(() -> LayerAnimation.checkSize(10, 64, 64, 4, 0), "Scale must be from 1 to " +
			"16, got 0");
		// wider than a GIF holds
		assertMessage(() -> LayerAnimation.checkSize(2, 5000, 10, 0, 16), "80000 x 160 pixels",
			"at most 65535", "smaller scale");
		// 50 layers x 61 frames of 4000 x 4000: 13 TB
		assertMessage(() -> LayerAnimation.checkSize(50, 1000, 1000, 60, 4), "2990 frames of " +
			"4000 x 4000 pixels", "MB of Java memory", "fewer frames between layers");
	}
}
