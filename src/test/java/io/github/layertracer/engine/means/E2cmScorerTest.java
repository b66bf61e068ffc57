/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.means;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.builtin.CnnBuilder.ExportStyle;
import io.github.layertracer.engine.builtin.ShapesData;
import io.github.layertracer.engine.data.FolderSource;
import io.github.layertracer.engine.data.LabelledSource;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.ModelOptions;
import io.github.layertracer.engine.model.TensorSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

public class E2cmScorerTest {

	private static float[] noise(final int n, final long seed) {
		final Random r = new Random(seed);
		final float[] a = new float[n];
		for (int i = 0; i < n; i++)
			a[i] = r.nextFloat();
		return a;
	}

	/** softmax(-d / (s T)) computed in Java, in double, for one sample and layer. */
	private static double[] expected(final float[] f, final int off, final ClassMeans.Layer l,
		final E2cmScorer.Normalisation n, final double t)
	{
		final int k = l.counts().length, size = l.featureSize();
		double pooled = 0, total = 0;
		for (int c = 0; c < k; c++) {
			pooled += l.counts()[c] * l.rms()[c] * l.rms()[c];
			total += l.counts()[c];
		}
		pooled = Math.sqrt(pooled / total);
		final double[] logits = new double[k];
		double max = Double.NEGATIVE_INFINITY;
		for (int c = 0; c < k; c++) {
			double d2 = 0;
			for (int j = 0; j < size; j++) {
				final double diff = f[off + j] - l.means()[c * size + j];
				d2 += diff * diff;
			}
			final double s = n == E2cmScorer.Normalisation.E2CM ? l.rms()[c]
				: n == E2cmScorer.Normalisation.POOLED ? pooled : 1;
			logits[c] = -Math.sqrt(d2) / (s * t);
			max = Math.max(max, logits[c]);
		}
		double sum = 0;
		for (int c = 0; c < k; c++)
			sum += Math.exp(logits[c] - max);
		for (int c = 0; c < k; c++)
			logits[c] = Math.exp(logits[c] - max) / sum;
		return logits;
	}

	@Test
	public void inGraphProbabilitiesMatchTheFormula() {
		final Path data = TestModels.newFolder("e2cm").resolve("shapes");
		ShapesData.write(data, 11, 24);
		try (LayerModel m = LayerModel.open(TestModels.shapes())) {
			final ClassMeans means;
			try (LabelledSource s = FolderSource.open(data)) {
				means = ClassMeansBuilder.compute(m, s, InputContract.defaults(), null, 8,
					Progress.NONE);
			}
			final float[] batch = noise(3 * 64 * 64, 4);
			final List<TensorSpec> layers = m.description().layers();
			final float[][] maps = m.run(batch, 3, layers);
			final float[] finalProbs = m.probabilities(batch, 3);
			for (final E2cmScorer.Normalisation n : E2cmScorer.Normalisation.values()) {
				for (final double t : new double[] { 1, 3 }) {
					final E2cmScorer scorer = E2cmScorer.attach(m, means, n, t, "test");
					assertEquals(List.of("block1", "block2", "block3", "block4", "logits"), scorer
						.layerNames());
					final float[] p = scorer.score(batch, 3);
					assertEquals(3 * 5 * 4, p.length);
					for (int i = 0; i < 3; i++) {
						for (int l = 0; l < layers.size(); l++) {
							final int size = maps[l].length / 3;
							final double[] e = expected(maps[l], i * size, means.layers().get(l), n, t);
							for (int c = 0; c < 4; c++)
								assertEquals(e[c], p[(i * 5 + l) * 4 + c], 2e-3, n + " T=" + t + " layer " +
									l + " class " + c);
						}
						// the last row is the network's own softmax
						assertArrayEquals(java.util.Arrays.copyOfRange(finalProbs, i * 4, i * 4 + 4),
							java.util.Arrays.copyOfRange(p, (i * 5 + 4) * 4, (i * 5 + 5) * 4), 1e-6f);
					}
				}
			}
		}
	}

	@Test
	public void kerasModelWithoutLayersScoresItsOwnProbabilitiesOnce() {
		try (LayerModel m = LayerModel.open(TestModels.kerasMnistMlp(), ModelOptions.defaults()
			.scoresOnly()))
		{
			final ClassMeans none = new ClassMeans(List.of(), java.util.stream.IntStream.range(0, 10)
				.mapToObj(Integer::toString).collect(java.util.stream.Collectors.toList()),
				InputContract.defaults(), "serving_default", ClassMeans.signatureFingerprint(m
					.description()), ClassMeans.weightsFingerprint(m.description().folder()));
			final E2cmScorer s = E2cmScorer.attach(m, none, E2cmScorer.Normalisation.E2CM, 1,
				"test");
			assertEquals(List.of("dense_1"), s.layerNames());
			final float[] batch = noise(2 * 28 * 28, 1);
			assertArrayEquals(m.probabilities(batch, 2), s.score(batch, 2), 0f);
		}
	}

	@Test
	public void reusedScorerOnFunctionStyleModel() {
		final Path data = TestModels.newFolder("e2cm-fn").resolve("shapes");
		try (LayerModel m = LayerModel.open(TestModels.vgg6(ExportStyle.FUNCTION))) {
			// any labelled set of the right class count will do for the plumbing: 10 classes
			final ClassMeans means = syntheticMeans(m);
			final E2cmScorer s = E2cmScorer.attach(m, means, E2cmScorer.Normalisation.NONE, 1,
				"test");
			final float[] p = s.score(noise(2 * 32 * 32 * 3, 2), 2);
			assertEquals(2 * 7 * 10, p.length);
			for (int r = 0; r < 2 * 7; r++) {
				double sum = 0;
				for (int c = 0; c < 10; c++)
					sum += p[r * 10 + c];
				assertEquals(1, sum, 1e-4);
			}
			assertTrue(data.getFileName() != null);
		}
	}

	/** Means taken from random images labelled round-robin: enough to exercise the graph. */
	private static ClassMeans syntheticMeans(final LayerModel m) {
		final List<TensorSpec> layers = m.description().layers();
		final java.util.List<ClassMeans.Layer> out = new java.util.ArrayList<>();
		final float[][] maps = m.run(noise(10 * 32 * 32 * 3, 9), 10, layers);
		for (int l = 0; l < layers.size(); l++) {
			final double[] mu = new double[maps[l].length];
			for (int i = 0; i < mu.length; i++)
				mu[i] = maps[l][i];
			final long[] counts = new long[10];
			java.util.Arrays.fill(counts, 1);
			final double[] rms = new double[10];
			java.util.Arrays.fill(rms, 1);
			final long[] shape = java.util.Arrays.copyOfRange(layers.get(l).shape(), 1, layers.get(l)
				.rank());
			out.add(new ClassMeans.Layer(layers.get(l).name(), layers.get(l).tensorName(), shape, mu,
				counts, rms));
		}
		final java.util.List<String> names = new java.util.ArrayList<>();
		for (int k = 0; k < 10; k++)
			names.add("c" + k);
		return new ClassMeans(out, names, InputContract.defaults(), "serving_default", ClassMeans
			.signatureFingerprint(m.description()), ClassMeans.weightsFingerprint(m.description()
				.folder()));
	}
}
