/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

/**
 * The formulas of a layer-wise RISE trace, written again the slow and obvious way, in plain
 * Java with no TensorFlow: what the tests compare the engine with. Each method says which
 * definition it follows.
 */
final class Oracle {

	private Oracle() {}

	/**
	 * TensorFlow's bilinear resize with half-pixel centres of an {@code n}-long axis to
	 * {@code m}: the source coordinate of output {@code i} is {@code (i + 0.5) n / m - 0.5};
	 * the lower neighbour is its floor clamped at 0, the upper its ceiling clamped at
	 * {@code n - 1}, weighted by the fractional part.
	 */
	static double tfSample(final double[] line, final int i, final int m) {
		final int n = line.length;
		final double in = (i + 0.5) * n / m - 0.5;
		final double f = Math.floor(in);
		final int lower = (int) Math.max(f, 0), upper = (int) Math.min(Math.ceil(in), n - 1);
		final double lerp = in - f;
		return line[lower] + (line[upper] - line[lower]) * lerp;
	}

	/**
	 * A RISE mask (Petsiuk et al. 2018) from its {@code s x s} grid and shift: the grid is
	 * upsampled bilinearly to {@code (s + 1) cy x (s + 1) cx} with {@code cy = ceil(h / s)},
	 * {@code cx = ceil(w / s)}, and the {@code h x w} window at the shift is kept.
	 */
	static double[] riseMask(final float[] grid, final int gridOffset, final int s, final int dy,
		final int dx, final int h, final int w)
	{
		final int cy = (h + s - 1) / s, cx = (w + s - 1) / s;
		final int ly = (s + 1) * cy, lx = (s + 1) * cx;
		// rows first: each grid row resized to lx, then each column of that to ly
		final double[][] wide = new double[s][lx];
		for (int r = 0; r < s; r++) {
			final double[] row = new double[s];
			for (int c = 0; c < s; c++)
				row[c] = grid[gridOffset + r * s + c];
			for (int x = 0; x < lx; x++)
				wide[r][x] = tfSample(row, x, lx);
		}
		final double[] mask = new double[h * w];
		for (int x = 0; x < w; x++) {
			final double[] column = new double[s];
			for (int r = 0; r < s; r++)
				column[r] = wide[r][x + dx];
			for (int y = 0; y < h; y++)
				mask[y * w + x] = tfSample(column, y + dy, ly);
		}
		return mask;
	}

	/**
	 * E2CM (early exit via class means): {@code p(k | f) = softmax_k(-||f - mu_k|| / (s_k T))}
	 * with {@code s_k} the class's within-class RMS distance ({@code e2cm}), the layer's pooled
	 * spread {@code sqrt(sum n_k s_k^2 / sum n_k)} ({@code pooled}) or 1 ({@code none}).
	 *
	 * @param means {@code [classes][features]}
	 */
	static double[] e2cm(final float[] f, final int offset, final double[][] means,
		final double[] rms, final long[] counts, final String normalisation,
		final double temperature)
	{
		final int k = means.length;
		double pooled = 0, n = 0;
		for (int c = 0; c < k; c++) {
			pooled += counts[c] * rms[c] * rms[c];
			n += counts[c];
		}
		pooled = Math.sqrt(pooled / n);
		final double[] logits = new double[k];
		for (int c = 0; c < k; c++) {
			double d2 = 0;
			for (int j = 0; j < means[c].length; j++) {
				final double diff = f[offset + j] - means[c][j];
				d2 += diff * diff;
			}
			final double s = normalisation.equals("e2cm") ? rms[c] : normalisation.equals("pooled")
				? pooled : 1;
			logits[c] = -Math.sqrt(d2) / (s * temperature);
		}
		return softmax(logits);
	}

	static double[] softmax(final double[] logits) {
		double max = Double.NEGATIVE_INFINITY, sum = 0;
		for (final double v : logits)
			max = Math.max(max, v);
		final double[] p = new double[logits.length];
		for (int c = 0; c < p.length; c++)
			sum += p[c] = Math.exp(logits[c] - max);
		for (int c = 0; c < p.length; c++)
			p[c] /= sum;
		return p;
	}

	/**
	 * Saliency from the masks and their probabilities. {@code keep} (RISE):
	 * {@code S(u) = sum_i p_i M_i(u) / sum_i M_i(u)}. {@code drop} (the original LayerTracer):
	 * the drop {@code p0 - p_i} on the occluded pixels, over the sum of drops:
	 * {@code S(u) = sum_i (p0 - p_i)(1 - M_i(u)) / sum_i (p0 - p_i)}.
	 */
	static double[] saliency(final java.util.List<double[]> masks, final java.util.List<Double> p,
		final double p0, final boolean keep)
	{
		final int hw = masks.get(0).length;
		final double[] out = new double[hw];
		double drops = 0;
		for (final double pi : p)
			drops += p0 - pi;
		for (int u = 0; u < hw; u++) {
			double num = 0, den = 0;
			for (int i = 0; i < masks.size(); i++) {
				final double m = masks.get(i)[u];
				num += keep ? p.get(i) * m : (p0 - p.get(i)) * (1 - m);
				den += m;
			}
			out[u] = keep ? num / den : num / drops;
		}
		return out;
	}

	/**
	 * Bilinear resize of a {@code sw x sh} map to {@code dw x dh} with pixel centres aligned
	 * (half-pixel convention, edges clamped): the map back at the image's own size.
	 */
	static double[] resize(final double[] src, final int sw, final int sh, final int dw,
		final int dh)
	{
		final double[] out = new double[dw * dh];
		for (int y = 0; y < dh; y++)
			for (int x = 0; x < dw; x++) {
				final double[] row0 = new double[sw], row1 = new double[sw];
				final double sy = clamp((y + 0.5) * sh / dh - 0.5, sh - 1);
				final int y0 = (int) Math.floor(sy), y1 = Math.min(y0 + 1, sh - 1);
				for (int i = 0; i < sw; i++) {
					row0[i] = src[y0 * sw + i];
					row1[i] = src[y1 * sw + i];
				}
				final double sx = clamp((x + 0.5) * sw / dw - 0.5, sw - 1);
				final int x0 = (int) Math.floor(sx), x1 = Math.min(x0 + 1, sw - 1);
				final double top = row0[x0] + (row0[x1] - row0[x0]) * (sx - x0);
				final double bottom = row1[x0] + (row1[x1] - row1[x0]) * (sx - x0);
				out[y * dw + x] = top + (bottom - top) * (sy - y0);
			}
		return out;
	}

	private static double clamp(final double v, final int max) {
		return Math.max(0, Math.min(max, v));
	}
}
