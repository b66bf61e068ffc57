package io.github.layertracer.bench;

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
}
