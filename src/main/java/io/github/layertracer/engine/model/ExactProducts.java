/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * The matrix products LayerTracer adds to a model's graph (class sums, class-mean distances,
 * mask upsampling, the sums of the maps). For a model in bfloat16, oneDNN's automatic mixed
 * precision would round every float32 product of the graph to bfloat16 — 8 bits of mantissa,
 * which a distance {@code ||f||^2 - 2 f.mu + ||mu||^2} over thousands of features or a sum over
 * thousands of masks cannot afford — so there they run in float64, which the rewrite leaves
 * alone; in float32 they are plain float32 products.
 */
public final class ExactProducts {

	private ExactProducts() {}

	private static boolean wide(final LayerModel model) {
		return model.precision().precision == Precision.BFLOAT16;
	}

	/** {@code a b} (as {@link MatMul} with the options), exact for the model's precision. */
	public static Operand<TFloat32> matMul(final Ops tf, final LayerModel model,
		final Operand<TFloat32> a, final Operand<TFloat32> b, final MatMul.Options... options)
	{
		if (!wide(model)) return tf.linalg.matMul(a, b, options);
		return tf.dtypes.cast(tf.linalg.matMul(tf.dtypes.cast(a, TFloat64.class), tf.dtypes.cast(b,
			TFloat64.class), options), TFloat32.class);
	}

	/** Batched {@code a b} (as {@link BatchMatMul}), exact for the model's precision. */
	public static Operand<TFloat32> batchMatMul(final Ops tf, final LayerModel model,
		final Operand<TFloat32> a, final Operand<TFloat32> b, final BatchMatMul.Options... options)
	{
		if (!wide(model)) return tf.train.batchMatMul(a, b, TFloat32.class, options);
		return tf.dtypes.cast(tf.train.batchMatMul(tf.dtypes.cast(a, TFloat64.class), tf.dtypes.cast(
			b, TFloat64.class), TFloat64.class, options), TFloat32.class);
	}
}
