/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.metrics;

import static io.github.layertracer.LauncherRun.noise;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.model.LayerModel;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Deletion, insertion and the pointing game against a hand computation on an analytic model:
 * a SavedModel whose logit 0 is {@code A} times the mean of a 3 x 3 box of pixels and logit 1
 * is 0, so every probability along a curve is known in closed form.
 */
public class MetricsOracleTest {

	private static final int W = 8, H = 8, A = 6;
	private static final int BX = 3, BY = 2; // box [3, 6) x [2, 5)
	private static Path model;

	@BeforeAll
	public static void build() throws Exception {
		model = TestModels.newFolder("box-model").resolve("model");
		final float[] w = new float[W * H * 2];
		for (int y = BY; y < BY + 3; y++)
			for (int x = BX; x < BX + 3; x++)
				w[(y * W + x) * 2] = A / 9f;
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final Placeholder<TFloat32> in = tf.withName("image").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, H, W, 1)));
			final var weights = tf.variable(tf.constant(Shape.of(W * H, 2), DataBuffers.of(w, true,
				false)));
			final var logits = tf.withName("logits").linalg.matMul(tf.reshape(in, tf.constant(
				new long[] { -1, W * H })), weights);
			try (Session s = new Session(g)) {
				s.initialize();
				SavedModelBundle.exporter(model.toString()).withSession(s).withSignature(Signature
					.builder().input("image", in).output("logits", logits).build()).export();
			}
		}
	}

	/** p(class 0) of the analytic model, by hand. */
	private static double p0(final float[] x) {
		double box = 0;
		for (int y = BY; y < BY + 3; y++)
			for (int xx = BX; xx < BX + 3; xx++)
				box += x[y * W + xx];
		final double logit = A * box / 9;
		return 1 / (1 + Math.exp(-logit));
	}

	/** The curve by hand: copy pixels of {@code to} into {@code from}, most salient first. */
	private static double curve(final float[] from, final float[] to, final float[] map,
		final int steps)
	{
		final Integer[] order = IntStream.range(0, W * H).boxed().toArray(Integer[]::new);
		Arrays.sort(order, Comparator.comparingDouble((Integer u) -> -map[u]).thenComparingInt(
			u -> u));
		final double[] p = new double[steps + 1];
		final float[] cur = from.clone();
		for (int s = 0; s <= steps; s++) {
			final int upTo = (int) Math.round((double) s * W * H / steps);
			for (int i = 0; i < upTo; i++)
				cur[order[i]] = to[order[i]];
			p[s] = p0(cur);
		}
		double area = 0;
		for (int s = 0; s < steps; s++)
			area += (p[s] + p[s + 1]) / 2;
		return area / steps;
	}

	/** Gaussian blur by direct 2D convolution (edges clamped), weights normalised. */
	private static float[] blur(final float[] x, final double sigma) {
		final int r = Math.max(1, (int) Math.ceil(3 * sigma));
		final float[] out = new float[x.length];
		for (int y = 0; y < H; y++)
			for (int xx = 0; xx < W; xx++) {
				double v = 0, sum = 0;
				for (int dy = -r; dy <= r; dy++)
					for (int dx = -r; dx <= r; dx++) {
						final double k = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
						v += k * x[Math.min(H - 1, Math.max(0, y + dy)) * W + Math.min(W - 1, Math.max(0,
							xx + dx))];
						sum += k;
					}
				out[y * W + xx] = (float) (v / sum);
			}
		return out;
	}

	@Test
	public void deletionAndInsertionAreTheHandComputedAreas() {
		final float[] x = new float[W * H];
		Arrays.fill(x, 1f);
		final float[] boxFirst = new float[W * H], random = noise(W * H, 4);
		for (int y = BY; y < BY + 3; y++)
			for (int xx = BX; xx < BX + 3; xx++)
				boxFirst[y * W + xx] = 1;
		try (LayerModel m = LayerModel.open(model)) {
			for (final int steps : new int[] { 4, 16 }) {
				for (final float[] map : new float[][] { boxFirst, random }) {
					assertEquals(curve(x, new float[W * H], map, steps), Faithfulness.deletion(m, x, map, 0,
						steps), 1e-5, "deletion, " + steps + " steps");
					// insertion starts from the blurred image, not from black
					final float[] textured = noise(W * H, 9);
					assertEquals(curve(blur(textured, 1.5), textured, map, steps), Faithfulness.insertion(
						m, textured, map, 0, steps, 1.5), 1e-5, "insertion, " + steps + " steps");
				}
			}
			// the map that finds the box deletes faster than a random one
			assertTrue(Faithfulness.deletion(m, x, boxFirst, 0, 16) < Faithfulness.deletion(m, x,
				random, 0, 16));
		}
	}

	@Test
	public void pointingGameCountsTheMaximumInsideTheGrownBox() {
		final float[] map = new float[W * H];
		map[4 * W + 6] = 1; // maximum at x = 6, y = 4: just right of the box [3, 6) x [2, 5)
		assertFalse(Faithfulness.pointingHit(map, W, BX, BY, BX + 3, BY + 3, 0));
		assertTrue(Faithfulness.pointingHit(map, W, BX, BY, BX + 3, BY + 3, 1));
		map[2 * W + 3] = 2; // inside
		assertTrue(Faithfulness.pointingHit(map, W, BX, BY, BX + 3, BY + 3, 0));
		map[7 * W + 0] = 3; // far away
		assertFalse(Faithfulness.pointingHit(map, W, BX, BY, BX + 3, BY + 3, 2));
	}
}
