/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The closest names offered for a layer name that is not found. */
public class NamesTest {

	@Test
	public void closestNamesFirst() {
		assertEquals(0, Names.distance("conv", "conv"));
		assertEquals(1, Names.distance("conv2d_7", "conv2d_4"));
		assertEquals(3, Names.distance("", "abc"));
		assertEquals(3, Names.distance("kitten", "sitting"));
		final List<String> known = List.of("dense", "conv2d_4", "max_pooling2d_2", "conv2d_5",
			"flatten", "conv2d_4");
		assertEquals(List.of("conv2d_4", "conv2d_5", "dense"), Names.closest("conv2d_7", known, 3));
		// a name contained in a candidate comes before an equally distant one
		assertEquals("max_pooling2d_2", Names.closest("pooling", known, 1).get(0));
		assertEquals(5, Names.closest("x", known, 10).size(), "each name once");
	}
}
