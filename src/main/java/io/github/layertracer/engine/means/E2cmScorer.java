/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.means;

import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.model.ExactProducts;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.ModelDescription;
import io.github.layertracer.engine.model.ScoreKind;
import io.github.layertracer.engine.model.TensorSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.linalg.EuclideanNorm;
import org.tensorflow.types.TFloat32;

/**
 * Every layer as a classifier (E2CM): {@code p_l(k|x) = softmax_k(-d(f_l(x), mu[l][k]) /
 * (s[l][k] * T))}, computed inside the model's TensorFlow graph as
 * {@code ||f||^2 - 2 f.mu + ||mu||^2} (a matrix product), so only {@code [batch, layer, class]}
 * probabilities come back to Java, never feature maps. The last "layer" is the network's own
 * softmax (or its own probabilities, never softmax-ed twice).
 * <p>
 * Attaching adds operations to the model's graph once; reuse the scorer for every batch.
 * </p>
 */
public final class E2cmScorer {

	/** How distances are scaled before the softmax. */
	public enum Normalisation {
		/** By each class's within-class RMS distance (E2CM). */
		E2CM,
		/**
		 * By the layer's pooled within-class RMS distance: one scale per layer, so the most
		 * probable class is always the nearest mean, and probabilities do not saturate.
		 */
		POOLED,
		/** Raw distances (s = 1), as the original Python LayerTracer; saturates on large maps. */
		NONE;

		public static Normalisation parse(final String s) {
			try {
				return valueOf(s.trim().toUpperCase(Locale.ROOT));
			}
			catch (final IllegalArgumentException | NullPointerException e) {
				throw new LayerTracerException("Unknown normalisation '" + s +
					"'; expected e2cm, pooled or none");
			}
		}
	}

	private static final AtomicInteger COUNTER = new AtomicInteger();

	private final LayerModel model;
	private final List<String> layerNames;
	private final Output<TFloat32> probabilities;
	private final Output<TFloat32> distances;
	private final int classes;

	private E2cmScorer(final LayerModel model, final List<String> layerNames,
		final Output<TFloat32> probabilities, final Output<TFloat32> distances, final int classes)
	{
		this.model = model;
		this.layerNames = Collections.unmodifiableList(layerNames);
		this.probabilities = probabilities;
		this.distances = distances;
		this.classes = classes;
	}

	/**
	 * Adds the scoring operations for the model's layers to its graph.
	 *
	 * @param temperature T, > 0; higher values give softer probabilities
	 * @throws LayerTracerException if the means do not belong to the model
	 */
	public static E2cmScorer attach(final LayerModel model, final ClassMeans means,
		final Normalisation normalisation, final double temperature, final String meansSource)
	{
		if (!(temperature > 0)) throw new LayerTracerException("Temperature must be > 0, got " +
			temperature);
		final ModelDescription d = model.description();
		means.checkAgainst(d, meansSource);
		final Graph graph = model.graph();
		final Ops tf = Ops.create(graph).withSubScope("layertracer_e2cm_" + COUNTER
			.incrementAndGet());
		final int k = d.classes();
		final List<String> names = new ArrayList<>();
		@SuppressWarnings("unchecked")
		final Operand<TFloat32> scores = (Operand<TFloat32>) graph.output(d.scores().fetchName());
		final Operand<TFloat32> finalScores = tf.expandDims(scores, tf.constant(1));
		final Output<TFloat32> stacked, stackedDistances;
		if (d.layers().isEmpty()) {
			final Operand<TFloat32> p = d.scoreKind() == ScoreKind.LOGITS ? softmax(tf, finalScores)
				: finalScores;
			stacked = tf.withName("probabilities").identity(p).asOutput();
			stackedDistances = tf.withName("distances").math.sub(tf.constant(1f), p).asOutput();
		}
		else {
			// per layer only what must be: ||f||^2 and f . (-2 mu); the rest runs once on the
			// stacked [batch, layers, classes] values, to keep the number of operations small
			final List<Operand<TFloat32>> norms = new ArrayList<>(), dots = new ArrayList<>();
			final int layers = d.layers().size();
			final float[] muNorms = new float[layers * k], scales = new float[layers * k];
			for (int i = 0; i < layers; i++) {
				final TensorSpec t = d.layers().get(i);
				final ClassMeans.Layer l = means.layer(t.name());
				final Operand<TFloat32>[] nd = normAndDots(tf, model, t, l, k, muNorms, i * k);
				norms.add(nd[0]);
				dots.add(nd[1]);
				System.arraycopy(negativeInverseScales(l, normalisation, temperature), 0, scales, i * k,
					k);
				names.add(t.name());
			}
			final Operand<TFloat32> d2 = tf.math.add(tf.math.add(tf.stack(norms, Stack.axis(1L)), tf
				.constant(Shape.of(1, layers, k), DataBuffers.of(muNorms, true, false))), tf.stack(dots,
					Stack.axis(1L)));
			final Operand<TFloat32> distance = tf.math.sqrt(tf.math.maximum(d2, tf.constant(0f)));
			final Operand<TFloat32> layerLogits = tf.math.mul(distance, tf.constant(Shape.of(1, layers,
				k), DataBuffers.of(scales, true, false)));
			final Operand<TFloat32> p;
			if (d.scoreKind() == ScoreKind.LOGITS) p = softmax(tf, tf.concat(List.of(layerLogits,
				finalScores), tf.constant(1)));
			else p = tf.concat(List.of(softmax(tf, layerLogits), finalScores), tf.constant(1));
			stacked = tf.withName("probabilities").identity(p).asOutput();
			// distances of the final output: 1 - p, so that the nearest "mean" is the predicted class
			final Operand<TFloat32> finalP = tf.slice(p, tf.constant(new int[] { 0, layers, 0 }), tf
				.constant(new int[] { -1, 1, -1 }));
			stackedDistances = tf.withName("distances").concat(List.of(distance, tf.math.sub(tf
				.constant(1f), finalP)), tf.constant(1)).asOutput();
		}
		names.add(d.scores().name());
		return new E2cmScorer(model, names, stacked, stackedDistances, k);
	}

	/**
	 * Softmax over the last axis from elementary operations: on these small tensors they cost a
	 * fraction of the oneDNN softmax kernel's set-up.
	 */
	private static Operand<TFloat32> softmax(final Ops tf, final Operand<TFloat32> logits) {
		final Operand<TFloat32> e = tf.math.exp(tf.math.sub(logits, tf.max(logits, tf.constant(-1),
			Max.keepDims(true))));
		return tf.math.div(e, tf.sum(e, tf.constant(-1), Sum.keepDims(true)));
	}

	/** {@code -1 / (s_k T)} per class. */
	private static float[] negativeInverseScales(final ClassMeans.Layer l,
		final Normalisation normalisation, final double temperature)
	{
		final double[] rms = l.rms();
		final long[] counts = l.counts();
		double pooled = 0;
		long total = 0;
		for (int c = 0; c < rms.length; c++) {
			pooled += counts[c] * rms[c] * rms[c];
			total += counts[c];
		}
		pooled = Math.sqrt(pooled / Math.max(1, total));
		final float[] inv = new float[rms.length];
		for (int c = 0; c < rms.length; c++) {
			final double s = normalisation == Normalisation.E2CM ? rms[c]
				: normalisation == Normalisation.POOLED ? pooled : 1;
			inv[c] = (float) (-1 / (Math.max(s, 1e-12) * temperature));
		}
		return inv;
	}

	/**
	 * {@code ||f||^2} ({@code [batch, 1]}) and {@code f . (-2 mu)} ({@code [batch, classes]}) of
	 * one layer; writes {@code ||mu_k||^2} into {@code muNorms[at …]}.
	 */
	@SuppressWarnings("unchecked")
	private static Operand<TFloat32>[] normAndDots(final Ops tf, final LayerModel model,
		final TensorSpec t, final ClassMeans.Layer l, final int k, final float[] muNorms,
		final int at)
	{
		final Graph graph = model.graph();
		final int size = l.featureSize();
		// -2 mu as [features, classes]: a plain (untransposed) matrix product is the fast one,
		// and the factor -2 (exact in floating point) saves an operation
		final float[] mu = new float[size * k];
		for (int c = 0; c < k; c++) {
			double norm = 0;
			for (int j = 0; j < size; j++) {
				final double m = l.means()[c * size + j];
				mu[j * k + c] = -2 * (float) m;
				norm += m * m;
			}
			muNorms[at + c] = (float) norm;
		}
		final Operand<TFloat32> out = (Operand<TFloat32>) graph.output(t.fetchName());
		final Operand<TFloat32> f = tf.reshape(out, tf.constant(new long[] { -1, size }));
		// one fused reduction, no squared copy of the feature maps
		final Operand<TFloat32> fNorm = tf.math.square(tf.linalg.euclideanNorm(f, tf.constant(1),
			EuclideanNorm.keepDims(true)));
		final Operand<TFloat32> dots = ExactProducts.matMul(tf, model, f, tf.constant(Shape.of(size,
			k), DataBuffers.of(mu, true, false)));
		return new Operand[] { fNorm, dots };
	}

	/** Names of the scored layers: the model's layers, then its final output. */
	public List<String> layerNames() {
		return layerNames;
	}

	public int classes() {
		return classes;
	}

	/** The stacked {@code [batch, layer, class]} probabilities in the model's graph. */
	public Output<TFloat32> output() {
		return probabilities;
	}

	public LayerModel model() {
		return model;
	}

	/**
	 * Per-layer class probabilities of a batch, {@code [n, layers, classes]} flattened.
	 */
	public float[] score(final float[] batch, final int n) {
		return model.fetch(batch, n, probabilities)[0];
	}

	/**
	 * Probabilities and distances to the class means, both {@code [n, layers, classes]}
	 * flattened, from one forward pass. The final output's "distance" is {@code 1 - p}.
	 */
	public float[][] scoreAndDistances(final float[] batch, final int n) {
		return model.fetch(batch, n, probabilities, distances);
	}
}
