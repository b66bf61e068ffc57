package io.github.layertracer.trace;

import io.github.layertracer.model.ImageInput;

import java.util.List;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Operations added to a model's graph that draw a batch of masks and apply them to one image,
 * entirely inside TensorFlow: stateless seeded random grids, bilinear upsampling and per-mask
 * shifted cropping in one {@code CropAndResize}, or random squares. Fed with the image, the batch
 * size and two seeds; returns the masked batch in the model's input layout and the masks as
 * {@code [batch, height * width]}.
 */
final class MaskOps {

	final Placeholder<TFloat32> image;
	final Placeholder<TInt32> count;
	final Placeholder<TInt64> seedGrid, seedShift;
	final Output<TFloat32> masked;
	final Output<TFloat32> masks;

	MaskOps(final Graph graph, final String scope, final ImageInput input,
		final MaskSettings settings)
	{
		final Ops tf = Ops.create(graph).withSubScope(scope);
		final int h = input.height(), w = input.width(), c = input.channels();
		image = tf.withName("image").placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, h, w,
			c)));
		count = tf.withName("count").placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
		seedGrid = tf.withName("seed_grid").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
		seedShift = tf.withName("seed_shift").placeholder(TInt64.class, Placeholder.shape(Shape.of(
			2)));
		final Operand<TFloat32> m = settings.type == MaskSettings.Type.RISE ? rise(tf, settings, h, w)
			: squares(tf, settings, h, w);
		// broadcasting on one side only is the fast path: give the masks the image's channels
		final Operand<TFloat32> mc = c == 1 ? m : tf.tile(m, tf.constant(new int[] { 1, 1, 1, c }));
		Operand<TFloat32> x = tf.math.mul(mc, image);
		if (settings.fill != 0) x = tf.math.add(x, tf.math.mul(tf.constant(settings.fill), tf.math
			.sub(tf.constant(1f), mc)));
		if (!input.hasChannelAxis()) x = tf.reshape(x, tf.constant(new long[] { -1, h, w }));
		masked = tf.withName("masked").identity(x).asOutput();
		masks = tf.withName("masks").reshape(m, tf.constant(new long[] { -1, (long) h * w }))
			.asOutput();
	}

	/**
	 * RISE masks {@code [count, h, w, 1]}. Upsampling the grid to {@code L = (s + 1) * cell}
	 * pixels and cropping a window at a shift in {@code [0, cell)} is one bilinear
	 * {@code CropAndResize} of the grid per mask.
	 */
	private Operand<TFloat32> rise(final Ops tf, final MaskSettings s, final int h, final int w) {
		final int g = s.grid;
		final Operand<TInt32> gridShape = tf.stack(List.of(count, tf.constant(g), tf.constant(g), tf
			.constant(1)));
		final Operand<TFloat32> grid = tf.dtypes.cast(tf.math.less(tf.random.statelessRandomUniform(
			gridShape, seedGrid), tf.constant((float) s.keep)), TFloat32.class);
		final int cy = (h + g - 1) / g, cx = (w + g - 1) / g;
		final float ly = (g + 1) * cy - 1f, lx = (g + 1) * cx - 1f;
		final Operand<TFloat32> shift = tf.math.mul(tf.random.statelessRandomUniform(tf.stack(List.of(
			count, tf.constant(2))), seedShift), tf.constant(new float[] { cy, cx }));
		final Operand<TFloat32> start = tf.math.div(shift, tf.constant(new float[] { ly, lx }));
		final Operand<TFloat32> end = tf.math.div(tf.math.add(shift, tf.constant(new float[] { h - 1f,
			w - 1f })), tf.constant(new float[] { ly, lx }));
		final Operand<TFloat32> boxes = tf.concat(List.of(start, end), tf.constant(1));
		final Operand<TInt32> index = tf.range(tf.constant(0), count, tf.constant(1));
		return tf.image.cropAndResize(grid, boxes, index, tf.constant(new int[] { h, w }));
	}

	/** Square occlusions {@code [count, h, w, 1]}: 0 inside the square, 1 elsewhere. */
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
		return tf.expandDims(tf.math.sub(tf.constant(1f), inside), tf.constant(-1));
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
