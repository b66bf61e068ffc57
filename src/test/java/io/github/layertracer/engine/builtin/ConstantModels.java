/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.builtin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Built-in networks exported with their weights as constants: SavedModels with no variables. */
public final class ConstantModels {

	private ConstantModels() {}

	/** Exports {@code spec} with {@code weights} as constants of the graph. */
	public static void export(final CnnSpec spec, final List<float[]> weights, final Path out)
		throws Exception
	{
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final Placeholder<TFloat32> x = tf.withName("image").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, spec.height, spec.width, spec.channels)));
			final List<Operand<TFloat32>> w = new ArrayList<>();
			final List<long[]> shapes = spec.weightShapes();
			for (int i = 0; i < shapes.size(); i++)
				w.add(tf.constant(Shape.of(shapes.get(i)), DataBuffers.of(weights.get(i), true, false)));
			final Map<String, Operand<TFloat32>> outputs = CnnBuilder.forward(tf, spec, x, w);
			final Signature.Builder sig = Signature.builder().key(Signature.DEFAULT_KEY).input(
				"image", x);
			outputs.forEach(sig::output);
			try (Session s = new Session(g)) {
				SavedModelBundle.exporter(out.toString()).withSession(s).withSignature(sig.build())
					.export();
			}
		}
	}
}
