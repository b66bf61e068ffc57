/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.means;

import io.github.layertracer.api.CancelledException;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.data.LabelledSource;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.model.ExactProducts;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.ModelDescription;
import io.github.layertracer.engine.model.TensorSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * One streaming pass over a labelled data set that computes {@link ClassMeans}: per layer and
 * class the sum of the flattened feature maps, the sum of their squared norms and the count.
 * Memory is O(layers x classes x features), whatever the number of images.
 * <p>
 * The per-batch class sums are computed inside the TensorFlow graph as a matrix product of the
 * one-hot labels with the feature maps ({@code onehot^T f}), so only {@code [classes, features]}
 * per layer and batch come back to Java, where they are added up in double. The pass runs at
 * nearly the speed of the bare forward pass, and the same data in the same batches gives
 * bit-identical means.
 * </p>
 */
public final class ClassMeansBuilder {

	/** The accumulation operations added to a model's graph (once per model). */
	private static final class Ops4Sums {

		final Placeholder<TFloat32> onehot;
		final List<Output<TFloat32>> outputs = new ArrayList<>();

		Ops4Sums(final LayerModel model) {
			final Graph graph = model.graph();
			final ModelDescription d = model.description();
			final Ops tf = Ops.create(graph).withSubScope("layertracer_class_sums");
			onehot = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, d.classes())));
			for (final TensorSpec t : d.layers()) {
				@SuppressWarnings("unchecked")
				final Operand<TFloat32> out = (Operand<TFloat32>) graph.output(t.fetchName());
				final Operand<TFloat32> f = tf.reshape(out, tf.constant(new long[] { -1, t
					.elementSize() }));
				outputs.add(ExactProducts.matMul(tf, model, onehot, f, MatMul.transposeA(true))
					.asOutput());
				final Operand<TFloat32> norms = tf.sum(tf.math.square(f), tf.constant(1), Sum.keepDims(
					true));
				outputs.add(ExactProducts.matMul(tf, model, onehot, norms, MatMul.transposeA(true))
					.asOutput());
			}
		}
	}

	private final LayerModel model;
	private final ModelDescription description;
	private final List<TensorSpec> layers;
	private final int classes;
	private final double[][] sums;
	private final double[][] squares;
	private final long[] counts;

	private ClassMeansBuilder(final LayerModel model) {
		this.model = model;
		this.description = model.description();
		this.layers = description.layers();
		this.classes = description.classes();
		this.sums = new double[layers.size()][];
		this.squares = new double[layers.size()][classes];
		this.counts = new long[classes];
		for (int l = 0; l < layers.size(); l++) {
			final long f = layers.get(l).elementSize();
			if (f <= 0) throw new LayerTracerException("Layer '" + layers.get(l).name() +
				"' has no fixed size " + TensorSpec.formatShape(layers.get(l).shape()) +
				"; class means need fixed feature maps");
			sums[l] = new double[Math.toIntExact(f * classes)];
		}
	}

	/**
	 * Computes class means of every layer of the model over the source.
	 *
	 * @param logitOrder class names in logit order, or null/empty for the data's sorted order
	 * @param batchSize images per forward pass
	 * @param progress reports images done and is polled for cancellation between batches
	 * @throws CancelledException if cancelled
	 */
	public static ClassMeans compute(final LayerModel model, final LabelledSource source,
		final InputContract preprocessing, final List<String> logitOrder, final int batchSize,
		final Progress progress)
	{
		if (batchSize < 1) throw new LayerTracerException("Batch size must be at least 1, got " +
			batchSize);
		requireLayers(model);
		final ClassMeansBuilder b = new ClassMeansBuilder(model);
		final ClassMapping mapping = ClassMapping.of(source.classNames(), b.classes, logitOrder,
			source.describe());
		final InputConverter converter = new InputConverter(b.description.input(), preprocessing);
		b.run(source, converter, mapping, batchSize, progress);
		return b.result(mapping, preprocessing, source.describe());
	}

	/** Refuses a model without an intermediate layer: class means need at least one. */
	public static void requireLayers(final LayerModel model) {
		if (model.description().layers().isEmpty()) throw new LayerTracerException("Model " + model
			.description().folder() + " has no intermediate layer to compute class means for: " +
			"LayerTracer found no layer output in its signature, its graph or its function bodies. " +
			"Trace it without a class means file to follow its final output (classic RISE), or " +
			"name the tensors to use with layers=\"a,b\"");
	}

	private void run(final LabelledSource source, final InputConverter converter,
		final ClassMapping mapping, final int batchSize, final Progress progress)
	{
		final Ops4Sums ops = layers.isEmpty() ? null : model.attachment(Ops4Sums.class.getName(),
			() -> new Ops4Sums(model));
		@SuppressWarnings("unchecked")
		final Output<TFloat32>[] fetches = ops == null ? null : ops.outputs.toArray(new Output[0]);
		final int px = converter.size();
		final float[] batch = new float[model.description().input().batchValues(batchSize,
			"A batch of " + batchSize + " images")];
		long done = 0;
		final long total = source.size();
		while (true) {
			progress.checkCancelled();
			int n = 0;
			final float[] onehot = new float[batchSize * classes];
			while (n < batchSize) {
				final int label = source.next(converter, batch, n * px);
				if (label < 0) break;
				final int k = mapping.toModel(label);
				onehot[n * classes + k] = 1;
				counts[k]++;
				n++;
			}
			if (n == 0) break;
			if (ops != null) {
				final float[][] out = model.fetch(n == batchSize ? batch : Arrays.copyOf(batch, n * px),
					n, List.of(new LayerModel.Feed(ops.onehot, new long[] { n, classes }, n == batchSize
						? onehot : Arrays.copyOf(onehot, n * classes))), fetches);
				for (int l = 0; l < layers.size(); l++) {
					final float[] s = out[2 * l], q = out[2 * l + 1];
					final double[] sum = sums[l];
					for (int j = 0; j < s.length; j++)
						sum[j] += s[j];
					for (int k = 0; k < classes; k++)
						squares[l][k] += q[k];
				}
			}
			done += n;
			progress.update(done, total);
			if (n < batchSize) break;
		}
	}

	private ClassMeans result(final ClassMapping mapping, final InputContract preprocessing,
		final String what)
	{
		for (int k = 0; k < classes; k++)
			if (counts[k] == 0) throw new LayerTracerException("Class '" + mapping.classNames().get(
				k) + "' has no images in " + what);
		final List<ClassMeans.Layer> out = new ArrayList<>();
		for (int l = 0; l < layers.size(); l++) {
			final TensorSpec t = layers.get(l);
			final int size = sums[l].length / classes;
			final double[] means = new double[sums[l].length];
			final double[] rms = new double[classes];
			for (int k = 0; k < classes; k++) {
				double norm = 0;
				for (int j = 0; j < size; j++) {
					final double m = sums[l][k * size + j] / counts[k];
					means[k * size + j] = m;
					norm += m * m;
				}
				// E||f - mu||^2 = E||f||^2 - ||mu||^2, guarded against round-off and single samples
				rms[k] = Math.sqrt(Math.max(squares[l][k] / counts[k] - norm, 0));
			}
			out.add(new ClassMeans.Layer(t.name(), t.tensorName(), Arrays.copyOfRange(t.shape(), 1,
				t.rank()), means, counts, rms));
		}
		return new ClassMeans(out, mapping.classNames(), preprocessing, description.signature(),
			ClassMeans.signatureFingerprint(description), ClassMeans.weightsFingerprint(description
				.folder()));
	}
}
