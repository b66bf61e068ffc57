/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

public class NaturalOrderTest {

	@Test
	public void numbersCompareAsNumbers() {
		final List<String> names = new ArrayList<>(List.of("block10", "block2", "block1",
			"conv2d_1", "conv2d", "block02b", "dense"));
		names.sort(NaturalOrder.INSTANCE);
		assertEquals(List.of("block1", "block2", "block02b", "block10", "conv2d", "conv2d_1",
			"dense"), names);
	}
}
