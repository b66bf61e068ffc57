/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import io.github.layertracer.engine.model.ExactProducts;
import io.github.layertracer.engine.model.ImageInput;
import io.github.layertracer.engine.model.LayerModel;

import java.util.List;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Operations added to a model's graph that draw a batch of masks and apply them to one image,
 * entirely inside TensorFlow: stateless seeded random grids, upsampled bilinearly and shifted per
 * mask by two batched products with precomputed interpolation matrices, or random squares. Fed with the image, the batch
 * size and two seeds; returns the masked batch in the model's input layout and the masks as
 * {@code [batch, height * width]}.
 */
final class MaskOps {

	private final LayerModel model;
	final Placeholder<TFloat32> image;
	final Placeholder<TInt32> count;
	final Placeholder<TInt64> seedGrid, seedShift;
	final Output<TFloat32> masked;
	final Output<TFloat32> masks;
	/** RISE only: the drawn grids {@code [count, s, s]} (0 or 1) and shifts {@code [count, 2]}. */
	Output<TFloat32> grid;
	Output<TInt32> shift;
	/**
	 * Sobol sampling only: the uniforms fed from Java, {@code [count, 2 + s * s]} (the shift's
	 * two, then the cells').
	 */
	Placeholder<TFloat32> uniforms;

	/**
	 * @param fill per model channel, the value an occluded pixel takes: the model's value of
	 *          the mask fill in pixel space (black: 0), so that masks occlude alike whatever values
	 *          the model expects
	 */
	MaskOps(final LayerModel model, final String scope, final MaskSettings settings,
		final float[] fill)
	{
		this.model = model;
		final ImageInput input = model.description().input();
		final Ops tf = Ops.create(model.graph()).withSubScope(scope);
		final int h = input.height(), w = input.width(), c = input.channels();
		image = tf.withName("image").placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, h, w,
			c)));
		count = tf.withName("count").placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
		seedGrid = tf.withName("seed_grid").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
		seedShift = tf.withName("seed_shift").placeholder(TInt64.class, Placeholder.shape(Shape.of(
			2)));
		// masks with one channel (for the sums) and with the image's channels, [count, h, w * c]
		final Operand<TFloat32> single, perChannel;
		if (settings.type == MaskSettings.Type.RISE) {
			final Operand<TFloat32>[] m = rise(tf, settings, h, w, c);
			single = m[0];
			perChannel = m[1];
		}
		else {
			final Operand<TFloat32> m = squares(tf, settings, h, w);
			single = m;
			perChannel = c == 1 ? m : tf.reshape(tf.tile(tf.expandDims(m, tf.constant(-1)), tf
				.constant(new int[] { 1, 1, 1, c })), tf.constant(new long[] { -1, h, (long) w * c }));
		}
		// broadcasting the image on one side only is the fast path
		Operand<TFloat32> x = tf.math.mul(perChannel, tf.reshape(image, tf.constant(new long[] { 1,
			h, (long) w * c })));
		boolean filled = false;
		for (final float f : fill)
			filled |= f != 0;
		if (filled) {
			final float[] row = new float[w * c];
			for (int i = 0; i < row.length; i++)
				row[i] = fill[i % c];
			x = tf.math.add(x, tf.math.mul(tf.constant(Shape.of(1, 1, (long) w * c), DataBuffers.of(
				row, true, false)), tf.math.sub(tf.constant(1f), perChannel)));
		}
		masked = tf.withName("masked").reshape(x, tf.constant(input.hasChannelAxis() ? new long[] {
			-1, h, w, c } : new long[] { -1, h, w })).asOutput();
		masks = tf.withName("masks").reshape(single, tf.constant(new long[] { -1, (long) h * w }))
			.asOutput();
	}

	/**
	 * RISE masks: bilinear upsampling of the {@code s x s} grid to {@code L = (s + 1) * cell}
	 * pixels followed by a window at an integer shift in {@code [0, cell)} is separable, so each
	 * mask is {@code R_dy G C_dx^T} with interpolation matrices precomputed for every shift: two
	 * small batched matrix products. The column matrix is also made with every column repeated
	 * per channel, which gives the masks at the image's channels at no extra cost.
	 *
	 * @return masks {@code [count, h, w]} and {@code [count, h, w * c]}
	 */
	@SuppressWarnings("unchecked")
	private Operand<TFloat32>[] rise(final Ops tf, final MaskSettings s, final int h, final int w,
		final int c)
	{
		final int g = s.grid;
		final int cy = (h + g - 1) / g, cx = (w + g - 1) / g;
		final Operand<TFloat32> grid;
		final Operand<TFloat32> shiftU;
		if (s.sampling.quasiRandom()) {
			uniforms = tf.withName("uniforms").placeholder(TFloat32.class, Placeholder.shape(Shape.of(
				-1, 2L + g * g)));
			shiftU = tf.slice(uniforms, tf.constant(new int[] { 0, 0 }), tf.constant(new int[] { -1,
				2 }));
			grid = tf.reshape(tf.dtypes.cast(tf.math.less(tf.slice(uniforms, tf.constant(new int[] { 0,
				2 }), tf.constant(new int[] { -1, g * g })), tf.constant((float) s.keep)), TFloat32.class),
				tf.constant(new long[] { -1, g, g }));
		}
		else if (s.sampling == MaskSettings.Sampling.ANTITHETIC) {
			// pairs: a grid's uniforms u and 1 - u, with the same shift; the batch is cut to count
			final Operand<TInt32> half = tf.math.floorDiv(tf.math.add(count, tf.constant(1)), tf
				.constant(2));
			final Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.stack(List.of(half, tf
				.constant(g), tf.constant(g))), seedGrid);
			final Operand<TFloat32> both = tf.concat(List.of(u, tf.math.sub(tf.constant(1f), u)), tf
				.constant(0));
			grid = tf.dtypes.cast(tf.math.less(tf.slice(both, tf.constant(new int[] { 0, 0, 0 }), tf
				.stack(List.of(count, tf.constant(g), tf.constant(g)))), tf.constant((float) s.keep)),
				TFloat32.class);
			final Operand<TFloat32> su = tf.random.statelessRandomUniform(tf.stack(List.of(half, tf
				.constant(2))), seedShift);
			shiftU = tf.slice(tf.concat(List.of(su, su), tf.constant(0)), tf.constant(new int[] { 0,
				0 }), tf.stack(List.of(count, tf.constant(2))));
		}
		else {
			final Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.stack(List.of(count, tf
				.constant(g), tf.constant(g))), seedGrid);
			if (s.sampling == MaskSettings.Sampling.STRATIFIED) {
				// exactly k = round(p s^2) cells kept: those of the k smallest uniforms
				final int k = Math.max(1, Math.min(g * g, (int) Math.round(s.keep * g * g)));
				final Operand<TFloat32> flat = tf.reshape(u, tf.constant(new long[] { -1, (long) g *
					g }));
				final Operand<TFloat32> kth = tf.math.neg(tf.slice(tf.nn.topK(tf.math.neg(flat), tf
					.constant(k), TInt32.class).values(), tf.constant(new int[] { 0, k - 1 }), tf.constant(new int[] {
						-1, 1 })));
				grid = tf.reshape(tf.dtypes.cast(tf.math.lessEqual(flat, kth), TFloat32.class), tf
					.constant(new long[] { -1, g, g }));
			}
			else grid = tf.dtypes.cast(tf.math.less(u, tf.constant((float) s.keep)), TFloat32.class);
			shiftU = tf.random.statelessRandomUniform(tf.stack(List.of(count, tf.constant(2))),
				seedShift);
		}
		final Operand<TInt32> shift = tf.dtypes.cast(tf.math.floor(tf.math.mul(shiftU, tf.constant(
			new float[] { cy, cx }))), TInt32.class);
		this.grid = grid.asOutput();
		this.shift = shift.asOutput();
		final Operand<TInt32> dy = tf.gather(shift, tf.constant(0), tf.constant(1));
		final Operand<TInt32> dx = tf.gather(shift, tf.constant(1), tf.constant(1));
		final Operand<TFloat32> rows = tf.gather(tf.constant(Shape.of(cy, h, g), DataBuffers.of(
			interpolation(h, g, cy, 1), true, false)), dy, tf.constant(0));
		final Operand<TFloat32> upper = ExactProducts.batchMatMul(tf, model, rows, grid);
		final Operand<TFloat32> cols1 = tf.gather(tf.constant(Shape.of(cx, w, g), DataBuffers.of(
			interpolation(w, g, cx, 1), true, false)), dx, tf.constant(0));
		final Operand<TFloat32> single = ExactProducts.batchMatMul(tf, model, upper, cols1,
			BatchMatMul.adjY(true));
		if (c == 1) return new Operand[] { single, single };
		final Operand<TFloat32> colsC = tf.gather(tf.constant(Shape.of(cx, (long) w * c, g),
			DataBuffers.of(interpolation(w, g, cx, c), true, false)), dx, tf.constant(0));
		return new Operand[] { single, ExactProducts.batchMatMul(tf, model, upper, colsC,
			BatchMatMul.adjY(true)) };
	}

	/**
	 * Bilinear weights (half-pixel centres, edges clamped) of the {@code g} grid cells for output
	 * pixels {@code shift … shift + n - 1} of an {@code (g + 1) * cell} upsampling, one
	 * {@code [n * repeat, g]} matrix per shift in {@code [0, cell)}, each row repeated
	 * {@code repeat} times.
	 */
	static float[] interpolation(final int n, final int g, final int cell, final int repeat) {
		final int l = (g + 1) * cell;
		final float[] m = new float[cell * n * repeat * g];
		for (int d = 0; d < cell; d++)
			for (int i = 0; i < n; i++) {
				final double src = Math.max(0, Math.min(g - 1, (d + i + 0.5) * g / l - 0.5));
				final int j0 = (int) Math.floor(src), j1 = Math.min(g - 1, j0 + 1);
				final double a = src - j0;
				for (int r = 0; r < repeat; r++) {
					final int row = ((d * n) + i) * repeat + r;
					m[row * g + j0] += (float) (1 - a);
					m[row * g + j1] += (float) a;
				}
			}
		return m;
	}

	/** Square occlusions {@code [count, h, w]}: 0 inside the square, 1 elsewhere. */
	private Operand<TFloat32> squares(final Ops tf, final MaskSettings s, final int h,
		final int w)
	{
		final Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.stack(List.of(count, tf
			.constant(3))), seedGrid);
		final int side = Math.min(h, w);
		final float min = (float) Math.max(1, Math.round(s.squareMin * side));
		final float max = (float) Math.max(min, Math.round(s.squareMax * side));
		final Operand<TFloat32> r = tf.reshape(u, tf.constant(new long[] { -1, 3, 1, 1 }));
		final Operand<TFloat32> size = tf.math.floor(tf.math.add(tf.constant(min), tf.math.mul(
			slice(tf, r, 0), tf.constant(max - min + 1))));
		final Operand<TFloat32> y0 = tf.math.floor(tf.math.mul(slice(tf, r, 1), tf.math.sub(tf
			.constant(h + 1f), size)));
		final Operand<TFloat32> x0 = tf.math.floor(tf.math.mul(slice(tf, r, 2), tf.math.sub(tf
			.constant(w + 1f), size)));
		final Operand<TFloat32> ys = tf.reshape(tf.range(tf.constant(0f), tf.constant((float) h), tf
			.constant(1f)), tf.constant(new long[] { 1, h, 1 }));
		final Operand<TFloat32> xs = tf.reshape(tf.range(tf.constant(0f), tf.constant((float) w), tf
			.constant(1f)), tf.constant(new long[] { 1, 1, w }));
		final Operand<TFloat32> inY = tf.math.mul(step(tf, ys, y0), step(tf, tf.math.add(y0, size),
			tf.math.add(ys, tf.constant(1f))));
		final Operand<TFloat32> inX = tf.math.mul(step(tf, xs, x0), step(tf, tf.math.add(x0, size),
			tf.math.add(xs, tf.constant(1f))));
		final Operand<TFloat32> inside = tf.math.mul(inY, inX);
		return tf.math.sub(tf.constant(1f), inside);
	}

	/** {@code r[:, i]} as {@code [count, 1, 1]}. */
	private static Operand<TFloat32> slice(final Ops tf, final Operand<TFloat32> r, final int i) {
		return tf.reshape(tf.gather(r, tf.constant(i), tf.constant(1)), tf.constant(new long[] { -1,
			1, 1 }));
	}

	/** 1 where {@code a >= b}, else 0. */
	private static Operand<TFloat32> step(final Ops tf, final Operand<TFloat32> a,
		final Operand<TFloat32> b)
	{
		return tf.dtypes.cast(tf.math.greaterEqual(a, b), TFloat32.class);
	}
}
