/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * The quasi-random points behind Sobol masks: far more even than random ones in every
 * coordinate, in [0, 1), the same points whichever batch asks for them, another rotation for
 * another seed.
 */
public class SobolPointsTest {

	/** Kolmogorov-Smirnov distance of a coordinate's values from the uniform distribution. */
	private static double ks(final float[] points, final int dim, final int j, final int n) {
		final double[] v = new double[n];
		for (int i = 0; i < n; i++)
			v[i] = points[i * dim + j];
		Arrays.sort(v);
		double d = 0;
		for (int i = 0; i < n; i++)
			d = Math.max(d, Math.max(Math.abs((i + 1.0) / n - v[i]), Math.abs(v[i] - i / (double) n)));
		return d;
	}

	@Test
	public void evenInEveryCoordinateAndReproducibleByBatch() {
		final int dim = 66, n = 256;
		final float[] p = SobolPoints.uniforms(7, dim, 0, n);
		for (int j = 0; j < dim; j++) {
			assertTrue(ks(p, dim, j, n) < 0.02, "coordinate " + j + ": KS " + ks(p, dim, j, n) +
				" (random points give about 0.05)");
			for (int i = 0; i < n; i++)
				assertTrue(p[i * dim + j] >= 0 && p[i * dim + j] < 1);
		}
		// batch 1 of 128 is points 128 … 255, whoever asks
		assertArrayEquals(Arrays.copyOfRange(p, 128 * dim, 256 * dim), SobolPoints.uniforms(7, dim,
			128, 128), 0f);
		assertFalse(Arrays.equals(p, SobolPoints.uniforms(8, dim, 0, n)), "another seed, another " +
			"rotation");
	}

	@Test
	public void scrambledPointsStayANetOneInEveryIntervalOfAnAlignedBlock() {
		final int dim = 66, m = 7, n = 1 << m;
		// points 128 … 255, an aligned block of 2^7
		final float[] p = SobolPoints.scrambled(11, dim, n, n);
		for (int j = 0; j < dim; j++) {
			final int[] hits = new int[n];
			for (int i = 0; i < n; i++) {
				assertTrue(p[i * dim + j] >= 0 && p[i * dim + j] < 1);
				hits[(int) (p[i * dim + j] * n)]++;
			}
			for (int a = 0; a < n; a++)
				assertTrue(hits[a] == 1, "coordinate " + j + ": " + hits[a] + " points in [" + a + "/" +
					n + ", " + (a + 1) + "/" + n + ")");
		}
		assertArrayEquals(Arrays.copyOfRange(p, 64 * dim, n * dim), SobolPoints.scrambled(11, dim,
			n + 64, 64), 0f, "the same points whichever batch asks");
		final float[] other = SobolPoints.scrambled(12, dim, n, n);
		assertFalse(Arrays.equals(p, other), "another seed, another scrambling");
		// and not a rotation of the plain sequence: the scrambling reorders within intervals
		final float[] plain = SobolPoints.uniforms(11, dim, n, n);
		assertFalse(Arrays.equals(p, plain));
		// one thread's generator is reused: asking again, in any order, gives the same points
		final float[] again = SobolPoints.scrambled(11, dim, 0, n);
		assertArrayEquals(again, SobolPoints.scrambled(11, dim, 0, n), 0f);
		assertArrayEquals(p, SobolPoints.scrambled(11, dim, n, n), 0f);
		assertArrayEquals(Arrays.copyOfRange(again, 32 * dim, n * dim), SobolPoints.scrambled(11,
			dim, 32, n - 32), 0f);
		// the first block, from point 0, is a net too
		final float[] zero = SobolPoints.scrambled(11, dim, 0, n);
		for (int j = 0; j < dim; j++) {
			final boolean[] seen = new boolean[n];
			for (int i = 0; i < n; i++)
				seen[(int) (zero[i * dim + j] * n)] = true;
			for (int a = 0; a < n; a++)
				assertTrue(seen[a], "coordinate " + j + ", first block: nothing in interval " + a);
		}
	}
}
