/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import static io.github.layertracer.Refusals.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Mask settings and targets: values kept, refused with the value named, written as recorded. */
public class MaskSettingsTest {

	@Test
	public void settingsAreKeptAndWrittenAsRecorded() {
		final MaskSettings s = MaskSettings.defaults().withMasks(300).withGrid(7).withKeep(0.4)
			.withSeed(3).withBatch(50).check();
		assertEquals("rise masks=300 grid=7 keep=0.4 seed=3 batch=50 sampling=scrambled", s
			.toString(), "scrambled Sobol masks are the default, and the record says so");
		assertEquals("rise masks=300 grid=7 keep=0.4 seed=3 batch=50", s.withSampling(
			MaskSettings.Sampling.RANDOM).toString(), "random masks are recorded as before");
		final MaskSettings q = s.withType(MaskSettings.Type.SQUARE).withSquare(0.125, 0.2).withFill(
			0.5f).check();
		assertEquals("square masks=300 side=0.125-0.2 fill=0.5 seed=3 batch=50", q.toString());
		// the graph's key changes with what shapes the masks, not with seed, count or batch
		assertEquals(s.graphKey(), s.withSeed(9).withMasks(10).withBatch(5).graphKey());
		assertNotEquals(s.graphKey(), s.withGrid(8).graphKey());
		assertNotEquals(s.graphKey(), s.withKeep(0.5).graphKey());
		assertNotEquals(q.graphKey(), q.withSquare(0.1, 0.2).graphKey());
		assertNotEquals(q.graphKey(), q.withFill(0).graphKey());
		assertEquals(MaskSettings.Type.SQUARE, MaskSettings.Type.parse(" Square "));
	}

	@Test
	public void impossibleSettingsAreRefusedWithTheValue() {
		final MaskSettings s = MaskSettings.defaults();
		assertMessage(() -> s.withMasks(0).check(), "at least 1", "got 0");
		assertMessage(() -> s.withBatch(0).check(), "Batch size", "got 0");
		assertMessage(() -> s.withGrid(1).check(), "grid must be at least 2", "got 1");
		assertMessage(() -> s.withKeep(0).check(), "between 0 and 1", "got 0.0");
		assertMessage(() -> s.withKeep(1).check(), "between 0 and 1", "got 1.0");
		final MaskSettings q = s.withType(MaskSettings.Type.SQUARE);
		assertMessage(() -> q.withSquare(0, 0.2).check(), "0 < min <= max <= 1");
		assertMessage(() -> q.withSquare(0.3, 0.2).check(), "0 < min <= max <= 1");
		assertMessage(() -> q.withSquare(0.3, 1.2).check(), "0 < min <= max <= 1");
		q.withSquare(0.2, 0.2).check(); // min = max is a fixed side
		s.withGrid(2).withKeep(0.01).withMasks(1).withBatch(1).check();
		assertMessage(() -> MaskSettings.Type.parse("circles"), "circles");
	}

	@Test
	public void targetsParse() {
		assertTrue(Target.parse("predicted").isPredicted());
		assertTrue(Target.parse("").isPredicted());
		assertTrue(Target.parse(" ALL ").isAll());
		assertFalse(Target.parse("all").isPredicted());
		assertEquals(3, Target.parse(" 3 ").index());
		assertFalse(Target.parse("3").isAll() || Target.parse("3").isPredicted());
		assertEquals("3", Target.index(3).toString());
		assertEquals("all", Target.all().toString());
		assertEquals("predicted", Target.predicted().toString());
		assertEquals(0, Target.index(0).index());
		// a class by name, looked up in the class names (logit order)
		assertEquals(2, Target.parse(" cat ").index(java.util.List.of("ant", "bee", "cat")));
		assertEquals("cat", Target.parse("cat").toString());
		assertMessage(() -> Target.parse("cow").index(java.util.List.of("ant", "bee", "cat")),
			"'cow'", "class index", "ant, bee, cat");
		assertMessage(() -> Target.index(-1), ">= 0", "got -1");
	}
}
