/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.builtin;

import io.github.layertracer.api.AtomicFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * The benchmark network users' models resemble: the standard ResNet-18 (He et al., 2016) on
 * 224 x 224 x 3 images, BatchNorm in inference mode, 10 outputs, seeded random weights. The
 * signature returns the four stage outputs ({@code stage1} … {@code stage4}) and the logits.
 */
public final class ResNet18 {

	public static final String NAME = "resnet18-224";
	public static final int SIZE = 224, CLASSES = 10;
	private static final int[] WIDTHS = { 64, 128, 256, 512 };

	private ResNet18() {}

	/** Exports the network with seeded random weights into {@code folder}. */
	public static void export(final Path folder, final long seed) {
		AtomicFiles.writeFolder(folder, "model", tmp -> {
			try (Graph g = new Graph()) {
				final Ops tf = Ops.create(g);
				final Random r = new Random(seed);
				final Placeholder<TFloat32> x = tf.withName("image").placeholder(TFloat32.class,
					Placeholder.shape(Shape.of(-1, SIZE, SIZE, 3)));
				final Signature.Builder sig = Signature.builder().key(Signature.DEFAULT_KEY).input(
					"image", x).methodName("tensorflow/serving/predict");
				final Ops stem = tf.withSubScope("stem");
				Operand<TFloat32> h = tf.nn.relu(bn(stem, conv(stem, x, 7, 3, 64, 2, r), 64, r));
				h = tf.nn.maxPool(h, tf.constant(new int[] { 1, 3, 3, 1 }), tf.constant(new int[] { 1, 2,
					2, 1 }), "SAME");
				int channels = 64;
				for (int s = 0; s < 4; s++) {
					final Ops stage = tf.withSubScope("stage" + (s + 1));
					for (int b = 0; b < 2; b++) {
						final int stride = s > 0 && b == 0 ? 2 : 1;
						h = block(stage.withSubScope("block" + (b + 1)), h, channels, WIDTHS[s], stride, r);
						channels = WIDTHS[s];
					}
					sig.output("stage" + (s + 1), stage.withName("output").identity(h));
				}
				final Ops head = tf.withSubScope("head");
				final Operand<TFloat32> pooled = head.math.mean(h, head.constant(new int[] { 1, 2 }));
				final Operand<TFloat32> w = head.variable(tf.constant(Shape.of(512, CLASSES), DataBuffers
					.of(he(r, 512 * CLASSES, 512), true, false)));
				final Operand<TFloat32> bias = head.variable(tf.zeros(tf.constant(new long[] {
					CLASSES }), TFloat32.class));
				sig.output("logits", tf.withName("logits").identity(head.math.add(head.linalg.matMul(
					pooled, w), bias)));
				try (Session session = new Session(g)) {
					session.initialize();
					CnnBuilder.export(SavedModelBundle.exporter(tmp.toString()).withSession(session)
						.withSignature(sig.build()));
				}
			}
			Files.writeString(tmp.resolve("MODEL.md"), "# " + NAME + "\n\nThe standard ResNet-18 " +
				"(224 x 224 x 3 input, BatchNorm in inference mode, 10 outputs) with seeded random " +
				"weights (seed " + seed + "), built by LayerTracer as a benchmark network. Outputs: " +
				"stage1 … stage4 and logits.\n");
		});
	}

	/** A basic block: two 3 x 3 convolutions with BatchNorm, a projection where the shape changes. */
	private static Operand<TFloat32> block(final Ops tf, final Operand<TFloat32> x, final int cin,
		final int cout, final int stride, final Random r)
	{
		final Ops a = tf.withSubScope("conv1"), b = tf.withSubScope("conv2");
		Operand<TFloat32> y = tf.nn.relu(bn(a, conv(a, x, 3, cin, cout, stride, r), cout, r));
		y = bn(b, conv(b, y, 3, cout, cout, 1, r), cout, r);
		Operand<TFloat32> shortcut = x;
		if (stride != 1 || cin != cout) {
			final Ops p = tf.withSubScope("projection");
			shortcut = bn(p, conv(p, x, 1, cin, cout, stride, r), cout, r);
		}
		return tf.nn.relu(tf.math.add(y, shortcut));
	}

	private static Operand<TFloat32> conv(final Ops tf, final Operand<TFloat32> x, final int k,
		final int cin, final int cout, final int stride, final Random r)
	{
		final Operand<TFloat32> w = tf.withName("kernel").variable(tf.constant(Shape.of(k, k, cin,
			cout), DataBuffers.of(he(r, k * k * cin * cout, k * k * cin), true, false)));
		return tf.nn.conv2d(x, w, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
	}

	/** BatchNorm in inference mode, with seeded statistics near those of a trained network. */
	private static Operand<TFloat32> bn(final Ops tf, final Operand<TFloat32> x, final int c,
		final Random r)
	{
		final float[] gamma = new float[c], beta = new float[c], mean = new float[c], var =
			new float[c];
		for (int i = 0; i < c; i++) {
			gamma[i] = 1 + 0.1f * (float) r.nextGaussian();
			beta[i] = 0.1f * (float) r.nextGaussian();
			mean[i] = 0.1f * (float) r.nextGaussian();
			var[i] = 1 + 0.1f * Math.abs((float) r.nextGaussian());
		}
		final Ops n = tf.withSubScope("bn");
		return n.nn.fusedBatchNorm(x, n.withName("gamma").variable(vector(n, gamma)), n.withName(
			"beta").variable(vector(n, beta)), n.withName("moving_mean").variable(vector(n, mean)), n
				.withName("moving_variance").variable(vector(n, var)), FusedBatchNorm.isTraining(false),
			FusedBatchNorm.epsilon(1e-5f)).y();
	}

	private static Operand<TFloat32> vector(final Ops tf, final float[] v) {
		return tf.constant(Shape.of(v.length), DataBuffers.of(v, true, false));
	}

	/** He-normal weights. */
	private static float[] he(final Random r, final int n, final int fanIn) {
		final float[] w = new float[n];
		final double sd = Math.sqrt(2.0 / fanIn);
		for (int i = 0; i < n; i++)
			w[i] = (float) (r.nextGaussian() * sd);
		return w;
	}
}
