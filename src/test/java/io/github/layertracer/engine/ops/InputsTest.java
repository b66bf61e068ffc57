/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Operation;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

public class InputsTest {

	/** Every input of Inspect Model, with values of the kinds commands and scripts pass. */
	private static Map<String, Object> inspect() {
		final Map<String, Object> m = new HashMap<>();
		m.put("model_dir", new File("/models/cnn"));
		m.put("tags", "");
		m.put("allow_file_operations", "false");
		m.put("precision", "auto");
		m.put("signature", 12);
		m.put("layer_list", " block1, ,block2 ");
		m.put("taps", null);
		m.put("score_kind", "auto");
		m.put("output_file", "");
		return m;
	}

	@Test
	public void valuesAreReadWithTheTypeTheOperationNeeds() {
		final Inputs in = new Inputs(Operation.INSPECT_MODEL, inspect());
		assertEquals(12, in.integer("signature"));
		assertEquals(12L, in.longValue("signature"));
		assertEquals(12.0, in.real("signature"));
		assertEquals(Path.of("/models/cnn"), in.path("model_dir", "model folder"));
		assertNull(in.optionalPath("output_file"));
		assertNull(in.optionalPath("taps"));
		assertEquals(List.of("block1", "block2"), in.list("layer_list"));
		assertEquals("", in.string("taps"));

		final LayerTracerException empty = assertThrows(LayerTracerException.class, () -> in.path(
			"output_file", "output file"));
		assertEquals("No output file given", empty.getMessage());
		assertTrue(assertThrows(LayerTracerException.class, () -> in.real("score_kind"))
			.getMessage().contains("'auto'"));
		final Map<String, Object> huge = inspect();
		huge.put("signature", 1L << 40);
		assertTrue(assertThrows(LayerTracerException.class, () -> new Inputs(
			Operation.INSPECT_MODEL, huge).integer("signature")).getMessage().contains("signature"));
	}

	@Test
	public void aCallPassesExactlyTheDeclaredInputsAndAnOperationReadsNoOther() {
		final Map<String, Object> missing = inspect();
		missing.remove("taps");
		final String m = assertThrows(IllegalArgumentException.class, () -> new Inputs(
			Operation.INSPECT_MODEL, missing)).getMessage();
		assertTrue(m.contains("Inspect Model") && m.contains("missing [taps]"), m);

		final Map<String, Object> unknown = inspect();
		unknown.put("grid", 8);
		final String u = assertThrows(IllegalArgumentException.class, () -> new Inputs(
			Operation.INSPECT_MODEL, unknown)).getMessage();
		assertTrue(u.contains("unknown [grid]"), u);

		// reading a name the operation does not declare is the engine's bug, named as such
		final Inputs in = new Inputs(Operation.INSPECT_MODEL, inspect());
		final String r = assertThrows(IllegalStateException.class, () -> in.integer("grid"))
			.getMessage();
		assertTrue(r.contains("'grid'") && r.contains("Operation.INSPECT_MODEL"), r);

		// what the operation has not read is known: the tests fail a call that ignores an input
		final Inputs fresh = new Inputs(Operation.INSPECT_MODEL, inspect());
		assertEquals(Set.of("model_dir", "tags", "allow_file_operations", "precision", "signature", "layer_list",
			"taps", "score_kind", "output_file"), fresh.unread());
		fresh.string("taps");
		fresh.optionalPath("output_file");
		assertEquals(Set.of("model_dir", "tags", "allow_file_operations", "precision", "signature", "layer_list",
			"score_kind"), fresh.unread());
		assertEquals("true", System.getProperty(LocalEngine.CHECK_INPUTS_PROPERTY),
			"the build runs the tests with the unread-input check on");
	}
}
