/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.means;

import static io.github.layertracer.Refusals.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Data labels to logits: the data's own order, or the order a class list gives. */
public class ClassMappingTest {

	@Test
	public void theDataOrderUnlessAClassListSaysOtherwise() {
		final List<String> data = List.of("cat", "dog", "fox");
		final ClassMapping own = ClassMapping.of(data, 3, null, "d");
		assertEquals(List.of(0, 1, 2), List.of(own.toModel(0), own.toModel(1), own.toModel(2)));
		assertEquals(data, own.classNames());
		final ClassMapping listed = ClassMapping.of(data, 3, List.of("fox", "cat", "dog"), "d");
		assertEquals(List.of(1, 2, 0), List.of(listed.toModel(0), listed.toModel(1), listed
			.toModel(2)));
		assertEquals(List.of("fox", "cat", "dog"), listed.classNames());
		assertEquals(own.toModel(1), ClassMapping.of(data, 3, List.of(), "d").toModel(1));
	}

	@Test
	public void mismatchesAreRefusedByName() {
		final List<String> data = List.of("cat", "dog", "fox");
		assertMessage(() -> ClassMapping.of(data, 4, null, "the folder"), "the folder", "3 classes",
			"has 4");
		assertMessage(() -> ClassMapping.of(data, 2, List.of("cat", "dog", "fox"), "d"),
			"names 3 classes", "has 2");
		assertMessage(() -> ClassMapping.of(data, 3, List.of("cat", "dog", "owl"), "d"),
			"Class 'fox'", "not in the class list");
		assertMessage(() -> ClassMapping.of(List.of("cat", "dog"), 3, List.of("cat", "dog", "owl"),
			"d"), "'owl' (logit 2) has no images");
	}
}
