/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import io.github.layertracer.TestModels;

import java.nio.file.Path;

import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** A real SavedModel whose only input is a feature vector, not an image. */
final class NoImageInputModel {

	private NoImageInputModel() {}

	static Path build() throws Exception {
		final Path out = TestModels.newFolder("vector").resolve("model");
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final Placeholder<TFloat32> x = tf.withName("features").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, 10)));
			final var w = tf.variable(tf.ones(tf.constant(new long[] { 10, 3 }), TFloat32.class));
			final var y = tf.linalg.matMul(x, w);
			try (Session s = new Session(g)) {
				s.initialize();
				SavedModelBundle.exporter(out.toString()).withSession(s).withSignature(Signature
					.builder().input("features", x).output("logits", y).build()).export();
			}
		}
		return out;
	}
}
