/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The quality benchmark's arithmetic: the numbers of masks it tries, its medians. */
public class QualityBenchmarkTest {

	@Test
	public void masksGrowByTheSquareRootOfTwo() {
		assertEquals(List.of(250, 350, 500, 710, 1000, 1410, 2000, 2830, 4000), List.of(
			QualityBenchmark.masksAt(0), QualityBenchmark.masksAt(1), QualityBenchmark.masksAt(2),
			QualityBenchmark.masksAt(3), QualityBenchmark.masksAt(4), QualityBenchmark.masksAt(5),
			QualityBenchmark.masksAt(6), QualityBenchmark.masksAt(7), QualityBenchmark.masksAt(8)));
	}

	@Test
	public void mediansCountImagesThatNeverReachedAsInfinitelyMany() {
		final List<QualityBenchmark.Needed> v = List.of(new QualityBenchmark.Needed(500, 1),
			new QualityBenchmark.Needed(-1, Double.NaN), new QualityBenchmark.Needed(1000, 3));
		assertEquals(1000, QualityBenchmark.median(v, true), 0);
		assertEquals(2, QualityBenchmark.median(v, false), 0, "seconds of those that reached");
		assertEquals(750, QualityBenchmark.median(List.of(new QualityBenchmark.Needed(500, 1),
			new QualityBenchmark.Needed(1000, 2)), true), 0);
		assertEquals(1, QualityBenchmark.pearson(new float[] { 1, 2, 3 }, new float[] { 2, 4, 6 }),
			1e-12);
		assertEquals(-1, QualityBenchmark.pearson(new float[] { 1, 2, 3 }, new float[] { 3, 2, 1 }),
			1e-12);
	}

	@Test
	public void theCurveCountsImagesReachedByEachMaskCount() {
		final List<QualityBenchmark.Needed> v = new java.util.ArrayList<>();
		for (final int m : new int[] { 500, 1000, 1000, 2000, 4000, 4000, 4000, 8000, 16000, -1 })
			v.add(new QualityBenchmark.Needed(m, 1));
		// by hand: 1 of 10 by 500, 3 by 1000, 4 by 2000, 7 by 4000, 9 by 16000, never all
		assertEquals(0.0, QualityBenchmark.reachedBy(v, 250), 0);
		assertEquals(0.1, QualityBenchmark.reachedBy(v, 500), 1e-12);
		assertEquals(0.3, QualityBenchmark.reachedBy(v, 1410), 1e-12);
		assertEquals(0.7, QualityBenchmark.reachedBy(v, 4000), 1e-12);
		assertEquals(0.9, QualityBenchmark.reachedBy(v, 32000), 1e-12);
		// 90 % of 10 images = 9 images: the ninth smallest is 16000
		assertEquals(16000, QualityBenchmark.quantile(v, 0.9), 0);
		assertEquals(4000, QualityBenchmark.quantile(v, 0.5), 0);
		assertEquals(Double.POSITIVE_INFINITY, QualityBenchmark.quantile(v, 1.0), 0);
	}
}
