/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.metrics;

import io.github.layertracer.engine.model.ImageInput;
import io.github.layertracer.engine.model.LayerModel;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Faithfulness metrics of a saliency map (Petsiuk et al., 2018; Zhang et al. / TorchRay):
 * <ul>
 * <li><b>deletion</b>: pixels are removed (set to 0) most salient first, in {@code steps} equal
 * steps; the area under the curve of the network's probability for the target class (lower is
 * better: the map found what the network needs);</li>
 * <li><b>insertion</b>: starting from a blurred image, the original pixels are put back most
 * salient first; the area under the probability curve (higher is better);</li>
 * <li><b>pointing game</b>: whether the map's maximum lies inside the ground-truth box, grown by a
 * tolerance.</li>
 * </ul>
 * Maps and images here are at the model's resolution, in its input layout.
 */
public final class Faithfulness {

	private Faithfulness() {}

	/**
	 * Deletion AUC: mean probability over {@code steps + 1} points from 0 to all pixels removed
	 * (set to 0: black for a model fed values 0..1 or 0..255).
	 */
	public static double deletion(final LayerModel model, final float[] x, final float[] map,
		final int target, final int steps)
	{
		return deletion(model, x, new float[model.description().input().channels()], map, target,
			steps);
	}

	/**
	 * Deletion AUC with removed pixels set to {@code removed} (per channel: the model's value of
	 * black, for any input contract).
	 */
	public static double deletion(final LayerModel model, final float[] x, final float[] removed,
		final float[] map, final int target, final int steps)
	{
		final float[] to = new float[x.length];
		for (int i = 0; i < to.length; i++)
			to[i] = removed[i % removed.length];
		return curve(model, x, to, map, target, steps);
	}

	/** Insertion AUC: from the blurred image to the original, most salient pixels first. */
	public static double insertion(final LayerModel model, final float[] x, final float[] map,
		final int target, final int steps, final double blurSigma)
	{
		final ImageInput in = model.description().input();
		return curve(model, blur(x, in.width(), in.height(), in.channels(), blurSigma), x, map,
			target, steps);
	}

	/**
	 * Starts from {@code from} and copies pixels of {@code to} in decreasing saliency; returns the
	 * trapezoidal area under the target probability, normalised to [0, 1].
	 */
	private static double curve(final LayerModel model, final float[] from, final float[] to,
		final float[] map, final int target, final int steps)
	{
		final ImageInput in = model.description().input();
		final int hw = in.width() * in.height(), c = in.channels();
		final Integer[] order = IntStream.range(0, hw).boxed().toArray(Integer[]::new);
		Arrays.sort(order, Comparator.comparingDouble((Integer u) -> -map[u]).thenComparingInt(
			u -> u));
		final int n = steps + 1;
		final float[] batch = new float[n * hw * c];
		final float[] current = from.clone();
		int done = 0;
		for (int s = 0; s <= steps; s++) {
			final int upTo = (int) Math.round((double) s * hw / steps);
			for (; done < upTo; done++) {
				final int u = order[done];
				for (int ch = 0; ch < c; ch++)
					current[u * c + ch] = to[u * c + ch];
			}
			System.arraycopy(current, 0, batch, s * hw * c, hw * c);
		}
		final float[] p = model.probabilities(batch, n);
		final int classes = p.length / n;
		double area = 0;
		for (int s = 0; s < steps; s++)
			area += (p[s * classes + target] + p[(s + 1) * classes + target]) / 2;
		return area / steps;
	}

	/**
	 * Pointing game hit: the map's maximum (row-major {@code [y][x]}) lies inside the box
	 * {@code [x0, x1) x [y0, y1)} grown by {@code tolerance} pixels.
	 */
	public static boolean pointingHit(final float[] map, final int width, final int x0,
		final int y0, final int x1, final int y1, final int tolerance)
	{
		int best = 0;
		for (int u = 1; u < map.length; u++)
			if (map[u] > map[best]) best = u;
		final int x = best % width, y = best / width;
		return x >= x0 - tolerance && x < x1 + tolerance && y >= y0 - tolerance && y < y1 +
			tolerance;
	}

	/** A seeded uniform random map, the baseline every saliency method should beat. */
	public static float[] randomMap(final int size, final long seed) {
		final Random r = new Random(seed);
		final float[] m = new float[size];
		for (int i = 0; i < size; i++)
			m[i] = r.nextFloat();
		return m;
	}

	/** Separable Gaussian blur of an interleaved {@code [y, x, c]} image, edges clamped. */
	public static float[] blur(final float[] x, final int w, final int h, final int c,
		final double sigma)
	{
		final int radius = Math.max(1, (int) Math.ceil(3 * sigma));
		final double[] k = new double[2 * radius + 1];
		double sum = 0;
		for (int i = -radius; i <= radius; i++)
			sum += k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
		for (int i = 0; i < k.length; i++)
			k[i] /= sum;
		final float[] tmp = new float[x.length], out = new float[x.length];
		for (int y = 0; y < h; y++)
			for (int xx = 0; xx < w; xx++)
				for (int ch = 0; ch < c; ch++) {
					double v = 0;
					for (int i = -radius; i <= radius; i++)
						v += k[i + radius] * x[(y * w + Math.min(w - 1, Math.max(0, xx + i))) * c + ch];
					tmp[(y * w + xx) * c + ch] = (float) v;
				}
		for (int y = 0; y < h; y++)
			for (int xx = 0; xx < w; xx++)
				for (int ch = 0; ch < c; ch++) {
					double v = 0;
					for (int i = -radius; i <= radius; i++)
						v += k[i + radius] * tmp[(Math.min(h - 1, Math.max(0, y + i)) * w + xx) * c + ch];
					out[(y * w + xx) * c + ch] = (float) v;
				}
		return out;
	}
}
