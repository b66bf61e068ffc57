/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import java.util.Random;

import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * Randomised quasi-random points for masks: the Sobol sequence (Joe and Kuo's direction
 * numbers) rotated by a seeded uniform vector modulo 1 (Cranley-Patterson), or scrambled digit
 * by digit.
 * Point {@code i} depends only on the seed and {@code i}, so a batch can be drawn on its own.
 */
final class SobolPoints {

	/** The largest value below 1 in float: a rotated coordinate never rounds up to 1. */
	private static final float BELOW_ONE = Math.nextDown(1f);

	private SobolPoints() {}

	/**
	 * A generator per thread and dimension: making one reads and parses the direction numbers,
	 * which would cost more than the points of a batch. {@code skipTo} sets its whole state, so a
	 * reused generator gives the same points as a new one.
	 */
	private static final ThreadLocal<java.util.Map<Integer, SobolSequenceGenerator>> GENERATORS =
		ThreadLocal.withInitial(java.util.HashMap::new);

	private static SobolSequenceGenerator generator(final int dim) {
		return GENERATORS.get().computeIfAbsent(dim, SobolSequenceGenerator::new);
	}

	/**
	 * Points {@code first + 2 … first + count + 1} of the sequence ({@code skipTo(k)} makes the
	 * next point {@code k + 1}), rotated; {@code [count, dim]} flattened.
	 */
	static float[] uniforms(final long seed, final int dim, final long first, final int count) {
		final SobolSequenceGenerator gen = generator(dim);
		gen.skipTo(Math.toIntExact(first + 1));
		final Random r = new Random(seed * 0x9E3779B97F4A7C15L + 17);
		final double[] rotation = new double[dim];
		for (int j = 0; j < dim; j++)
			rotation[j] = r.nextDouble();
		final float[] out = new float[count * dim];
		for (int i = 0; i < count; i++) {
			final double[] v = gen.nextVector();
			for (int j = 0; j < dim; j++) {
				final double u = (v[j] + rotation[j]) % 1.0;
				out[i * dim + j] = Math.min(BELOW_ONE, (float) u);
			}
		}
		return out;
	}

	/**
	 * Points {@code first … first + count - 1} of the Sobol sequence (point 0 included), each
	 * coordinate scrambled digit by digit: its 32 binary digits {@code d} become {@code L d + e}
	 * (mod 2), with {@code L} a seeded random lower-triangular matrix with a unit diagonal (each
	 * digit mixed with the more significant ones) and {@code e} a seeded random digital shift. The
	 * points stay a digital net, and each is uniform on [0, 1).
	 */
	static float[] scrambled(final long seed, final int dim, final long first, final int count) {
		final SobolSequenceGenerator gen = generator(dim);
		// skipTo(k) makes the next point k + 1: batches of 2^m masks are then aligned blocks of
		// the sequence (points 0 … 2^m - 1, 2^m …), the blocks whose digits are balanced;
		// skipTo(0) makes the next point 1: point 0, the origin, is made here
		gen.skipTo(Math.toIntExact(Math.max(0, first - 1)));
		final Random r = new Random(seed * 0x9E3779B97F4A7C15L + 29);
		// rows[j][k]: the digits (bit 31 = most significant) that output digit k of coordinate j
		// sums; shift[j]: the digital shift
		final int[][] rows = new int[dim][32];
		final int[] shift = new int[dim];
		for (int j = 0; j < dim; j++) {
			for (int k = 0; k < 32; k++) {
				final int own = 1 << (31 - k);
				final int higher = k == 0 ? 0 : -1 << (32 - k); // the k more significant digits
				rows[j][k] = own | (r.nextInt() & higher);
			}
			shift[j] = r.nextInt();
		}
		final float[] out = new float[count * dim];
		for (int i = 0; i < count; i++) {
			final double[] v = first + i == 0 ? new double[dim] : gen.nextVector();
			for (int j = 0; j < dim; j++) {
				// the generator's values are multiples of 2^-52; the first 32 digits hold them for
				// fewer than 2^32 points
				final int x = (int) ((long) (v[j] * 0x1p52) >>> 20);
				int y = 0;
				for (int k = 0; k < 32; k++)
					y |= (Integer.bitCount(x & rows[j][k]) & 1) << (31 - k);
				y ^= shift[j];
				out[i * dim + j] = Math.min(BELOW_ONE, (float) ((y & 0xffffffffL) * 0x1p-32));
			}
		}
		return out;
	}
}
