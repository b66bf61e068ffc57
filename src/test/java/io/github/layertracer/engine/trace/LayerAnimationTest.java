/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** A GIF is only kept when Java's own reader finds every frame in it. */
public class LayerAnimationTest {

	@Test
	public void aGifCutShortIsToldApartFromAWholeOne() throws Exception {
		final ImageStack stack = new ImageStack(32, 32);
		for (int f = 0; f < 6; f++) {
			final int[] px = new int[32 * 32];
			Arrays.fill(px, 0x10101 * (40 * f));
			stack.addSlice("f" + f, new ColorProcessor(32, 32, px));
		}
		final Path dir = TestModels.newFolder("gif");
		final Path gif = dir.resolve("a.gif");
		LayerAnimation.writeGif(new ImagePlus("a", stack), gif);
		assertEquals(6, LayerAnimation.gifFrames(gif));
		final byte[] bytes = Files.readAllBytes(gif);
		final Path cut = dir.resolve("cut.gif");
		Files.write(cut, Arrays.copyOf(bytes, bytes.length / 3));
		assertTrue(LayerAnimation.gifFrames(cut) < 6, "frames of a GIF cut short");
		Files.write(cut, new byte[0]);
		assertEquals(-1, LayerAnimation.gifFrames(cut), "an empty file is no GIF");
	}
}
