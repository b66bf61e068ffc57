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
 * numbers), point 0 skipped, rotated by a seeded uniform vector modulo 1 (Cranley-Patterson).
 * Point {@code i} depends only on the seed and {@code i}, so a batch can be drawn on its own.
 */
final class SobolPoints {

	/** The largest value below 1 in float: a rotated coordinate never rounds up to 1. */
	private static final float BELOW_ONE = Math.nextDown(1f);

	private SobolPoints() {}

	/** Points {@code first … first + count - 1}, {@code [count, dim]} flattened. */
	static float[] uniforms(final long seed, final int dim, final long first, final int count) {
		final SobolSequenceGenerator gen = new SobolSequenceGenerator(dim);
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
}
