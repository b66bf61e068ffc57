/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import static io.github.layertracer.LauncherRun.noise;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.builtin.CnnBuilder;
import io.github.layertracer.engine.builtin.CnnSpec;
import io.github.layertracer.engine.data.ArraySource;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.means.ClassMeans;
import io.github.layertracer.engine.means.ClassMeansBuilder;
import io.github.layertracer.engine.means.E2cmScorer;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.TensorSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's masks, probabilities and maps against {@link Oracle}: the masks a trace draws are
 * exported from its graph with the grids and shifts behind them and recomputed by hand; the
 * masked images go through the model, the E2CM probabilities and the attribution are computed
 * by hand, and the map must match the trace's, elementwise, for a non-square RGB model and a
 * square grey one, one batch and several, each normalisation and attribution, and an image of
 * another size than the model's input.
 */
public class RiseOracleTest {

	private static Path rgb, grey;

	@BeforeAll
	public static void build() {
		final Path dir = TestModels.newFolder("oracle");
		rgb = dir.resolve("rgb");
		CnnBuilder.export(CnnBuilder.untrained(new CnnSpec("rect", 12, 20, 3, 3, List.of(
			new CnnSpec.Block("b1", true, 4), new CnnSpec.Block("b2", false, 4)),
			CnnSpec.Head.POOL_DENSE, false), 11), rgb, CnnBuilder.ExportStyle.GRAPH, null);
		grey = TestModels.reversedNames(CnnBuilder.ExportStyle.GRAPH);
	}

	/** Class means from seeded random images labelled round-robin. */
	private static ClassMeans means(final LayerModel m) {
		final int px = m.description().input().pixelValues(), k = m.description().classes();
		final int n = 6 * k;
		final int[] labels = new int[n];
		final List<String> names = new ArrayList<>();
		for (int i = 0; i < n; i++)
			labels[i] = i % k;
		for (int c = 0; c < k; c++)
			names.add("c" + c);
		return ClassMeansBuilder.compute(m, new ArraySource(noise(n * px, 3), labels, px, names),
			InputContract.defaults(), null, 8, Progress.NONE);
	}

	/** Planes of an interleaved {@code [h, w, c]} image. */
	private static InputConverter.Planes planes(final float[] x, final int w, final int h,
		final int c)
	{
		final float[][] p = new float[c][w * h];
		for (int i = 0; i < w * h; i++)
			for (int ch = 0; ch < c; ch++)
				p[ch][i] = x[i * c + ch];
		return new InputConverter.Planes("noise", p, w, h);
	}

	private static MaskSettings masks(final int n, final int batch, final int grid) {
		return MaskSettings.defaults().withType(MaskSettings.Type.RISE).withMasks(n).withBatch(
			batch).withGrid(grid).withKeep(0.3).withSeed(7).check();
	}

	@Test
	public void masksAreTheRiseMasksOfTheirGridsAndShifts() {
		for (final MaskSettings.Sampling sampling : MaskSettings.Sampling.values())
			masksOfGridsAndShifts(sampling);
	}

	private static void masksOfGridsAndShifts(final MaskSettings.Sampling sampling) {
		for (final Path model : List.of(rgb, grey)) {
			try (LayerModel m = LayerModel.open(model)) {
				final int h = m.description().input().height(), w = m.description().input().width(),
						c = m.description().input().channels();
				final int s = 5;
				final Tracer t = Tracer.create(m, means(m), E2cmScorer.Normalisation.E2CM, 1, masks(40,
					16, s).withSampling(sampling), "test");
				final float[] x = noise(h * w * c, 4);
				for (int b = 0; b < 3; b++) {
					final Tracer.DrawnMasks d = t.drawnMasks(x, b);
					assertEquals(b < 2 ? 16 : 8, d.count);
					final int cy = (h + s - 1) / s, cx = (w + s - 1) / s;
					for (int i = 0; i < d.count; i++) {
						final int dy = d.shift[2 * i], dx = d.shift[2 * i + 1];
						assertTrue(dy >= 0 && dy < cy && dx >= 0 && dx < cx, "shift in [0, c)");
						final double[] want = Oracle.riseMask(d.grid, i * s * s, s, dy, dx, h, w);
						for (int u = 0; u < h * w; u++) {
							assertEquals(want[u], d.masks[i * h * w + u], 1e-5, model + " batch " + b +
								" mask " + i + " pixel " + u);
							for (int ch = 0; ch < c; ch++)
								assertEquals(x[u * c + ch] * want[u], d.masked[(i * h * w + u) * c + ch], 1e-5,
									"masked image");
						}
					}
					for (final float g : d.grid)
						assertTrue(g == 0 || g == 1, "grid cells are kept or not");
				}
			}
		}
	}

	/** The oracle's map of every layer, for one target, at the model's resolution. */
	private static double[][] oracleMaps(final LayerModel m, final ClassMeans means,
		final Tracer t, final float[] x, final int nMasks, final int batch, final int target,
		final String normalisation, final double temperature, final boolean keep)
	{
		final List<TensorSpec> outs = m.description().trackedOutputs();
		final int layers = outs.size(), h = m.description().input().height(), w = m
			.description().input().width();
		final List<List<Double>> p = new ArrayList<>();
		for (int l = 0; l < layers; l++)
			p.add(new ArrayList<>());
		final List<double[]> allMasks = new ArrayList<>();
		for (int b = 0; b * batch < nMasks; b++) {
			final Tracer.DrawnMasks d = t.drawnMasks(x, b);
			final float[][] features = m.run(d.masked, d.count, outs);
			for (int i = 0; i < d.count; i++) {
				final double[] mask = new double[h * w];
				for (int u = 0; u < h * w; u++)
					mask[u] = d.masks[i * h * w + u];
				allMasks.add(mask);
				for (int l = 0; l < layers; l++)
					p.get(l).add(probability(m, means, features[l], i, l, target, normalisation,
						temperature));
			}
		}
		final float[][] unmasked = m.run(x, 1, outs);
		final double[][] maps = new double[layers][];
		for (int l = 0; l < layers; l++)
			maps[l] = Oracle.saliency(allMasks, p.get(l), probability(m, means, unmasked[l], 0, l,
				target, normalisation, temperature), keep);
		return maps;
	}

	private static double probability(final LayerModel m, final ClassMeans means,
		final float[] features, final int i, final int l, final int target,
		final String normalisation, final double temperature)
	{
		final int layers = m.description().layers().size();
		if (l == layers) { // the network's own softmax of its logits
			final int k = m.description().classes();
			final double[] logits = new double[k];
			for (int c = 0; c < k; c++)
				logits[c] = features[i * k + c];
			return Oracle.softmax(logits)[target];
		}
		final ClassMeans.Layer layer = means.layer(m.description().layers().get(l).name());
		final int k = means.classNames().size(), size = layer.featureSize();
		final double[][] mu = new double[k][];
		for (int c = 0; c < k; c++)
			mu[c] = layer.mean(c);
		return Oracle.e2cm(features, i * size, mu, layer.rms(), layer.counts(), normalisation,
			temperature)[target];
	}

	private static void assertMapsClose(final double[] want, final float[] got, final String what) {
		assertEquals(want.length, got.length, what);
		double max = 0;
		for (final double v : want)
			max = Math.max(max, Math.abs(v));
		for (int u = 0; u < want.length; u++)
			assertEquals(want[u], got[u], 2e-4 * Math.max(1, max), what + " pixel " + u);
	}

	@Test
	public void mapsAreTheOraclesForEveryNormalisationAndAttribution() {
		final String[][] settings = { { "e2cm", "1", "keep" }, { "pooled", "2", "keep" }, { "none",
			"0.5", "keep" }, { "e2cm", "1", "drop" } };
		for (final Path model : List.of(rgb, grey)) {
			try (LayerModel m = LayerModel.open(model)) {
				final ClassMeans means = means(m);
				final int h = m.description().input().height(), w = m.description().input().width(),
						c = m.description().input().channels();
				final float[] x = noise(h * w * c, 5);
				for (final String[] s : settings) {
					final int n = s[2].equals("drop") ? 16 : 40; // one batch, and several
					final Tracer t = Tracer.create(m, means, E2cmScorer.Normalisation.parse(s[0]), Double
						.parseDouble(s[1]), masks(n, 16, 4), "test");
					final TraceResult r = t.trace(planes(x, w, h, c), Target.index(1), Tracer.Attribution
						.parse(s[2]), Progress.NONE);
					final double[][] want = oracleMaps(m, means, t, x, n, 16, 1, s[0], Double.parseDouble(
						s[1]), s[2].equals("keep"));
					for (int l = 0; l < want.length; l++)
						assertMapsClose(want[l], r.map(l, 0), model.getFileName() + " " + String.join(" ",
							s) + " layer " + r.layers().get(l));
				}
			}
		}
	}

	@Test
	public void mapsOfAnImageOfAnotherSizeAreResizedBack() {
		try (LayerModel m = LayerModel.open(rgb)) {
			final ClassMeans means = means(m);
			final Tracer t = Tracer.create(m, means, E2cmScorer.Normalisation.E2CM, 1, masks(32, 16,
				4), "test");
			// 30 x 18 (not a multiple of 20 x 12): converted down, the maps resized back up
			final float[] big = noise(18 * 30 * 3, 6);
			final InputConverter.Planes image = planes(big, 30, 18, 3);
			final TraceResult r = t.trace(image, Target.index(2), Tracer.Attribution.KEEP,
				Progress.NONE);
			assertEquals(30, r.width());
			assertEquals(18, r.height());
			final float[] x = new float[12 * 20 * 3];
			t.converter().convert(image, x, 0);
			final double[][] want = oracleMaps(m, means, t, x, 32, 16, 2, "e2cm", 1, true);
			for (int l = 0; l < want.length; l++)
				assertMapsClose(Oracle.resize(want[l], 20, 12, 30, 18), r.map(l, 0), "layer " + r
					.layers().get(l));
		}
	}
}
