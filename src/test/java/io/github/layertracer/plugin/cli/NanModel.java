/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.cli;

import java.nio.file.Path;

import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** A real SavedModel whose scores are NaN: the logarithm of a negative number. */
final class NanModel {

	private NanModel() {}

	static Path build(final Path out) throws Exception {
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final Placeholder<TFloat32> x = tf.withName("image").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, 16, 16, 1)));
			final var w = tf.variable(tf.fill(tf.constant(new long[] { 256, 3 }), tf.constant(-1f)));
			final var y = tf.withName("logits").math.log(tf.math.sub(tf.linalg.matMul(tf.reshape(x,
				tf.constant(new long[] { -1, 256 })), w), tf.constant(1f)));
			try (Session s = new Session(g)) {
				s.initialize();
				SavedModelBundle.exporter(out.toString()).withSession(s).withSignature(Signature
					.builder().input("image", x).output("logits", y).build()).export();
			}
		}
		return out;
	}
}
