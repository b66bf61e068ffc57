/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * Tiny classifiers of 4 x 4 grey images built by our own code, for tests of how a SavedModel
 * is opened: exported by TF Java with chosen tags, or written as a SavedModel proto of our own
 * (meta graphs without variables, so one file may hold several).
 */
final class TinyModels {

	static final int SIZE = 4;

	private TinyModels() {}

	/** The weights of a linear classifier: {@code w[i][k] = (i + 1) * (k + 1) / 100}. */
	static float[] weights(final int classes) {
		final float[] w = new float[SIZE * SIZE * classes];
		for (int i = 0; i < SIZE * SIZE; i++)
			for (int k = 0; k < classes; k++)
				w[i * classes + k] = (i + 1) * (k + 1) / 100f;
		return w;
	}

	/** The logits the classifier gives, computed by hand: {@code x W}. */
	static float[] logits(final float[] image, final int classes) {
		final float[] w = weights(classes);
		final float[] out = new float[classes];
		for (int k = 0; k < classes; k++) {
			double s = 0;
			for (int i = 0; i < SIZE * SIZE; i++)
				s += image[i] * (double) w[i * classes + k];
			out[k] = (float) s;
		}
		return out;
	}

	/**
	 * A 3-class linear classifier with its weights in a variable, exported by TF Java with the
	 * given tags.
	 */
	static Path exported(final Path out, final String... tags) throws IOException {
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final Placeholder<TFloat32> x = tf.withName("image").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, SIZE, SIZE, 1)));
			final var w = tf.withSubScope("dense").withName("kernel").variable(tf.constant(Shape.of(
				SIZE * SIZE, 3), DataBuffers.of(weights(3), true, false)));
			final var y = tf.withName("logits").linalg.matMul(tf.reshape(x, tf.constant(new long[] {
				-1, SIZE * SIZE })), w);
			try (Session s = new Session(g)) {
				s.initialize();
				SavedModelBundle.exporter(out.toString()).withTags(tags).withSession(s).withSignature(
					Signature.builder().input("image", x).output("logits", y).build()).export();
			}
		}
		return out;
	}

	/**
	 * A meta graph without variables: a {@code classes}-class linear classifier with constant
	 * weights, its signature {@code serving_default} (or the given key), the given tags.
	 */
	static MetaGraphDef constantClassifier(final int classes, final String signature,
		final String... tags)
	{
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			tf.withName("image").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, SIZE,
				SIZE, 1)));
			tf.withName("logits").linalg.matMul(tf.reshape(g.operation("image").output(0), tf
				.constant(new long[] { -1, SIZE * SIZE })), tf.constant(Shape.of(SIZE * SIZE, classes),
					DataBuffers.of(weights(classes), true, false)));
			final SignatureDef sig = SignatureDef.newBuilder().setMethodName(
				"tensorflow/serving/predict").putInputs("image", info("image:0", -1, SIZE, SIZE, 1))
				.putOutputs("logits", info("logits:0", -1, classes)).build();
			final MetaGraphDef.Builder m = MetaGraphDef.newBuilder().setGraphDef(g.toGraphDef())
				.putSignatureDef(signature, sig);
			m.getMetaInfoDefBuilder().addAllTags(List.of(tags));
			return m.build();
		}
	}

	private static TensorInfo info(final String name, final long... dims) {
		final TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
		for (final long d : dims)
			s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
		return TensorInfo.newBuilder().setName(name).setDtype(DataType.DT_FLOAT).setTensorShape(s)
			.build();
	}

	/** Writes a SavedModel folder whose {@code saved_model.pb} holds these meta graphs. */
	static Path write(final Path dir, final MetaGraphDef... metas) throws IOException {
		Files.createDirectories(dir);
		final SavedModel.Builder b = SavedModel.newBuilder().setSavedModelSchemaVersion(1);
		for (final MetaGraphDef m : metas)
			b.addMetaGraphs(m);
		Files.write(dir.resolve("saved_model.pb"), b.build().toByteArray());
		return dir;
	}

	/** A batch of one seeded image. */
	static float[] image(final long seed) {
		final java.util.Random r = new java.util.Random(seed);
		final float[] a = new float[SIZE * SIZE];
		for (int i = 0; i < a.length; i++)
			a[i] = r.nextFloat();
		return a;
	}
}
