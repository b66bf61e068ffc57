/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import static io.github.layertracer.LauncherRun.noise;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.builtin.CnnBuilder.ExportStyle;
import io.github.layertracer.engine.data.ArraySource;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.means.ClassMeans;
import io.github.layertracer.engine.means.ClassMeansBuilder;
import io.github.layertracer.engine.means.E2cmScorer;
import io.github.layertracer.engine.model.LayerModel;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The stop rule ({@code masks=auto}) stops once the two half-maps say the map has converged:
 * before its maximum, reproducibly, with an agreement that matches what a map of many more
 * masks shows.
 */
public class StopRuleTest {

	private static float[] map(final TraceResult r, final int l) {
		return r.map(l, 0);
	}

	private static double pearson(final float[] a, final float[] b) {
		final double[] x = new double[a.length], y = new double[b.length];
		for (int i = 0; i < a.length; i++) {
			x[i] = a[i];
			y[i] = b[i];
		}
		return Tracer.pearson(x, y);
	}

	@Test
	public void autoStopsReproduciblyAndItsAgreementHolds() {
		try (LayerModel m = LayerModel.open(TestModels.reversedNames(ExportStyle.GRAPH))) {
			final int px = m.description().input().pixelValues();
			final int[] labels = { 0, 1, 2, 0, 1, 2, 0, 1, 2 };
			final ClassMeans means = ClassMeansBuilder.compute(m, new ArraySource(noise(9 * px, 4),
				labels, px, List.of("a", "b", "c")), InputContract.defaults(), null, 9, Progress.NONE);
			final MaskSettings fixed = MaskSettings.defaults().withGrid(4).withKeep(0.5).withBatch(
				50).withSeed(3);
			final MaskSettings auto = fixed.withAuto(200, 20000, 0.97);
			final InputConverter.Planes image = new InputConverter.Planes("x", new float[][] { noise(
				16 * 16, 5) }, 16, 16);
			final Tracer t = Tracer.create(m, means, E2cmScorer.Normalisation.E2CM, 1, auto, "test");
			final TraceResult a = t.trace(image, Target.index(0), Tracer.Attribution.KEEP,
				Progress.NONE);
			final TraceResult b = t.trace(image, Target.index(0), Tracer.Attribution.KEEP,
				Progress.NONE);
			assertTrue(a.masksUsed() >= 200 && a.masksUsed() < 20000, "stopped at " + a.masksUsed());
			assertEquals(0, a.masksUsed() % 100, "after a whole pair of batches");
			assertEquals(a.masksUsed(), b.masksUsed(), "same seed, same number of masks");
			for (int l = 0; l < a.layers().size(); l++) {
				assertArrayEquals(map(a, l), map(b, l), 0f, "bit-identical");
				assertTrue(a.agreement()[l] >= 0.97, a.layers().get(l) + ": " + a.agreement()[l]);
			}
			// the map it stopped at is the map of that many fixed masks, and it agrees with a map
			// of far more masks (another seed) about as well as the rule estimated
			final TraceResult same = Tracer.create(m, means, E2cmScorer.Normalisation.E2CM, 1, fixed
				.withMasks(a.masksUsed()), "test").trace(image, Target.index(0), Tracer.Attribution.KEEP,
					Progress.NONE);
			assertNull(same.agreement());
			final TraceResult reference = Tracer.create(m, means, E2cmScorer.Normalisation.E2CM, 1,
				fixed.withMasks(40000).withBatch(500).withSeed(99), "test").trace(image, Target.index(0),
					Tracer.Attribution.KEEP, Progress.NONE);
			for (int l = 0; l < a.layers().size(); l++) {
				assertArrayEquals(map(same, l), map(a, l), 1e-6f, "the same masks");
				final double r = pearson(map(a, l), map(reference, l));
				System.out.printf("stop rule: %s stopped at %d masks, estimated agreement %.4f, " +
					"correlation with 40 000 masks %.4f%n", a.layers().get(l), a.masksUsed(), a
						.agreement()[l], r);
				assertTrue(r > 0.94 && r > a.agreement()[l] - 0.02, a.layers().get(l) +
					": correlation with 40 000 masks " + r + ", estimated " + a.agreement()[l]);
			}
		}
	}

	@Test
	public void sobolAndRandomMasksEstimateTheSameMap() {
		try (LayerModel m = LayerModel.open(TestModels.reversedNames(ExportStyle.GRAPH))) {
			final int px = m.description().input().pixelValues();
			final int[] labels = { 0, 1, 2, 0, 1, 2 };
			final ClassMeans means = ClassMeansBuilder.compute(m, new ArraySource(noise(6 * px, 6),
				labels, px, List.of("a", "b", "c")), InputContract.defaults(), null, 6, Progress.NONE);
			final InputConverter.Planes image = new InputConverter.Planes("x", new float[][] { noise(
				16 * 16, 7) }, 16, 16);
			final MaskSettings big = MaskSettings.defaults().withGrid(4).withMasks(30000).withBatch(
				500).withSampling(MaskSettings.Sampling.SOBOL);
			final TraceResult sobol = Tracer.create(m, means, E2cmScorer.Normalisation.E2CM, 1, big,
				"test").trace(image, Target.index(1), Tracer.Attribution.KEEP, Progress.NONE);
			final TraceResult random = Tracer.create(m, means, E2cmScorer.Normalisation.E2CM, 1, big
				.withSampling(MaskSettings.Sampling.RANDOM).withSeed(8), "test").trace(image, Target
					.index(1), Tracer.Attribution.KEEP, Progress.NONE);
			final TraceResult scrambled = Tracer.create(m, means, E2cmScorer.Normalisation.E2CM, 1,
				big.withSampling(MaskSettings.Sampling.SCRAMBLED).withSeed(9), "test").trace(image,
					Target.index(1), Tracer.Attribution.KEEP, Progress.NONE);
			for (int l = 0; l < sobol.layers().size(); l++) {
				final double r = pearson(map(sobol, l), map(random, l));
				assertTrue(r > 0.995, sobol.layers().get(l) + ": large-N maps agree, r = " + r);
				final double rs = pearson(map(scrambled, l), map(random, l));
				assertTrue(rs > 0.995, sobol.layers().get(l) + ": scrambled and random large-N maps " +
					"agree, r = " + rs);
				// the same map, not only the same pattern: the values agree too
				final float[] a = map(scrambled, l), b = map(random, l);
				double diff = 0, scale = 0;
				for (int i = 0; i < a.length; i++) {
					diff = Math.max(diff, Math.abs(a[i] - b[i]));
					scale = Math.max(scale, Math.abs(b[i]));
				}
				assertTrue(diff < 0.05 * scale, sobol.layers().get(l) + ": values differ by " + diff +
					" of " + scale);
			}
		}
	}
}
