/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import static io.github.layertracer.LauncherRun.noise;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.builtin.CnnBuilder.ExportStyle;
import io.github.layertracer.engine.data.ArraySource;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.means.ClassMeans;
import io.github.layertracer.engine.means.ClassMeansBuilder;
import io.github.layertracer.engine.means.E2cmScorer;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.ModelOptions;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The masks as random variables: the kept share of grid cells within its confidence interval
 * of p, every shift of [0, c) drawn about equally often, no two batches alike, and the same seed
 * giving the same masks whatever the number of threads.
 */
public class MaskStatisticsTest {

	private static Tracer tracer(final LayerModel m, final int masks, final int batch) {
		final int px = m.description().input().pixelValues();
		final int[] labels = { 0, 1, 2, 0, 1, 2 };
		final ClassMeans means = ClassMeansBuilder.compute(m, new ArraySource(noise(6 * px, 1),
			labels, px, List.of("a", "b", "c")), InputContract.defaults(), null, 6, Progress.NONE);
		return Tracer.create(m, means, E2cmScorer.Normalisation.E2CM, 1, MaskSettings.defaults()
			.withType(MaskSettings.Type.RISE).withMasks(masks).withBatch(batch).withGrid(6)
			.withKeep(0.3).withSeed(5).withSampling(MaskSettings.Sampling.RANDOM).check(), "test");
	}

	@Test
	public void keepShareAndShiftsAreAsDrawnAndBatchesDiffer() {
		try (LayerModel m = LayerModel.open(TestModels.reversedNames(ExportStyle.GRAPH))) {
			final int batch = 250, batches = 8; // 2000 masks, 72 000 cells
			final Tracer t = tracer(m, batch * batches, batch);
			final float[] x = noise(16 * 16, 2);
			long kept = 0, cells = 0;
			final int c = (16 + 6 - 1) / 6; // 3
			final long[] shifts = new long[c];
			float[] previous = null;
			for (int b = 0; b < batches; b++) {
				final Tracer.DrawnMasks d = t.drawnMasks(x, b);
				for (final float g : d.grid)
					kept += (long) g;
				cells += d.grid.length;
				for (final int s : d.shift)
					shifts[s]++;
				if (previous != null) assertFalse(Arrays.equals(previous, d.grid), "batch " + b +
					" differs from batch " + (b - 1));
				previous = d.grid;
			}
			final double share = kept / (double) cells;
			final double sd = Math.sqrt(0.3 * 0.7 / cells);
			assertTrue(Math.abs(share - 0.3) < 4 * sd, "kept share " + share + " within 4 sd of 0.3");
			final long draws = Arrays.stream(shifts).sum(); // both axes
			for (int s = 0; s < c; s++) {
				final double expected = draws / (double) c;
				final double sdShift = Math.sqrt(draws * (1.0 / c) * (1 - 1.0 / c));
				assertTrue(Math.abs(shifts[s] - expected) < 5 * sdShift, "shift " + s + " drawn " +
					shifts[s] + " times of " + draws + ": " + Arrays.toString(shifts));
			}
		}
	}

	@Test
	public void theSameSeedGivesTheSameMasksWhateverTheThreads() {
		final float[] x = noise(16 * 16, 3);
		float[] one = null;
		for (final int threads : new int[] { 1, 2 }) {
			try (LayerModel m = LayerModel.open(TestModels.reversedNames(ExportStyle.GRAPH),
				ModelOptions.defaults().withThreads(threads)))
			{
				final Tracer.DrawnMasks d = tracer(m, 64, 32).drawnMasks(x, 1);
				if (one == null) one = d.masks;
				else assertArrayEquals(one, d.masks, 0f, "bit-identical masks with 1 and 2 threads");
			}
		}
	}

	@Test
	public void antitheticPairsAndStratifiedKeepCounts() {
		try (LayerModel m = LayerModel.open(TestModels.reversedNames(ExportStyle.GRAPH))) {
			final float[] x = noise(16 * 16, 2);
			final int s = 6, n = 20;
			// antithetic: the second half mirrors the first (u -> 1 - u: kept cells never overlap
			// with keep 0.3), with the same shifts
			final Tracer a = tracer(m, n, n).withMasks(MaskSettings.defaults().withMasks(n).withBatch(n)
				.withGrid(s).withKeep(0.3).withSeed(5).withSampling(MaskSettings.Sampling.ANTITHETIC));
			final Tracer.DrawnMasks d = a.drawnMasks(x, 0);
			for (int i = 0; i < n / 2; i++) {
				assertTrue(d.shift[2 * i] == d.shift[2 * (i + n / 2)] && d.shift[2 * i + 1] == d.shift[2 *
					(i + n / 2) + 1], "pair " + i + " shares its shift");
				for (int c = 0; c < s * s; c++)
					assertFalse(d.grid[i * s * s + c] == 1 && d.grid[(i + n / 2) * s * s + c] == 1,
						"pair " + i + " cell " + c);
			}
			// stratified: exactly round(0.3 * 36) = 11 cells kept in every grid
			final Tracer st = tracer(m, n, n).withMasks(MaskSettings.defaults().withMasks(n).withBatch(
				n).withGrid(s).withKeep(0.3).withSeed(5).withSampling(MaskSettings.Sampling.STRATIFIED));
			final Tracer.DrawnMasks e = st.drawnMasks(x, 0);
			for (int i = 0; i < n; i++) {
				int kept = 0;
				for (int c = 0; c < s * s; c++)
					kept += (int) e.grid[i * s * s + c];
				assertTrue(kept == 11, "mask " + i + " keeps " + kept);
			}
		}
	}
}
