/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import java.util.Arrays;

/**
 * An immutable description of one tensor the model can produce: a user-facing name (the
 * signature key, the Keras layer name, or the graph tensor name for tapped tensors), the tensor
 * name an expert would look for ({@code "op:index"} in the top-level graph; for a layer inside a
 * function body the call nodes leading to it and its name there, joined by {@code /}, as
 * TensorFlow names inlined operations), its shape with the batch dimension first ({@code -1}
 * where unknown), its depth in the graph ({@code -1} where the graph gives no answer), the type
 * of operation that computes it and where it was found.
 * <p>
 * The {@linkplain #fetchName() fetch name} is what a session fetches or feeds: the tensor name
 * itself, or the name of the same value in the rewritten copy of the model that makes layers
 * inside function bodies reachable ({@link FunctionGraft}).
 * </p>
 */
public final class TensorSpec {

	private final String name;
	private final String tensorName;
	private final long[] shape;
	private final String dataType;
	private final int depth;
	private final String opType;
	private final Origin origin;
	private final String fetchName;

	/** Where a tensor was found. */
	public enum Origin {
		/** An input or output of the model's signature. */
		SIGNATURE("signature"),
		/** An operation of the top-level graph (TF1 exports, or a tensor named by the user). */
		GRAPH("graph"),
		/** A layer inside a function body of the graph's function library (TF2/Keras exports). */
		FUNCTION("function body");

		private final String label;

		Origin(final String label) {
			this.label = label;
		}

		public String label() {
			return label;
		}
	}

	public TensorSpec(final String name, final String tensorName, final long[] shape,
		final String dataType, final int depth)
	{
		this(name, tensorName, shape, dataType, depth, "", Origin.SIGNATURE, tensorName);
	}

	public TensorSpec(final String name, final String tensorName, final long[] shape,
		final String dataType, final int depth, final String opType, final Origin origin,
		final String fetchName)
	{
		this.name = name;
		this.tensorName = tensorName;
		this.shape = shape.clone();
		this.dataType = dataType;
		this.depth = depth;
		this.opType = opType == null ? "" : opType;
		this.origin = origin;
		this.fetchName = fetchName;
	}

	public String name() {
		return name;
	}

	public String tensorName() {
		return tensorName;
	}

	/** Full shape, batch first, as TensorFlow orders it ({@code [batch, y, x, c]}). */
	public long[] shape() {
		return shape.clone();
	}

	public int rank() {
		return shape.length;
	}

	public String dataType() {
		return dataType;
	}

	/** Operations on the longest path from the image input, or -1 where unknown. */
	public int depth() {
		return depth;
	}

	/**
	 * Number of values per batch element, or -1 if a non-batch dimension is unknown.
	 */
	public long elementSize() {
		long n = 1;
		for (int i = 1; i < shape.length; i++) {
			if (shape[i] < 0) return -1;
			n *= shape[i];
		}
		return n;
	}

	/**
	 * The operation that computes it, e.g. {@code Conv2D/Relu} (main operation of the layer,
	 * then the one that produces its output) or {@code Relu}; empty where unknown.
	 */
	public String opType() {
		return opType;
	}

	public Origin origin() {
		return origin;
	}

	/** The name a session fetches (or feeds) for this tensor. */
	public String fetchName() {
		return fetchName;
	}

	TensorSpec withDepth(final int newDepth) {
		return new TensorSpec(name, tensorName, shape, dataType, newDepth, opType, origin,
			fetchName);
	}

	TensorSpec withName(final String newName) {
		return new TensorSpec(newName, tensorName, shape, dataType, depth, opType, origin,
			fetchName);
	}

	TensorSpec withOpType(final String type) {
		return new TensorSpec(name, tensorName, shape, dataType, depth, type, origin, fetchName);
	}

	TensorSpec withShape(final long[] newShape) {
		return new TensorSpec(name, tensorName, newShape, dataType, depth, opType, origin,
			fetchName);
	}

	TensorSpec withFetchName(final String fetch) {
		return new TensorSpec(name, tensorName, shape, dataType, depth, opType, origin, fetch);
	}

	/** Shape as TensorFlow prints it, e.g. {@code (-1, 32, 32, 16)}. */
	public static String formatShape(final long[] shape) {
		final StringBuilder sb = new StringBuilder("(");
		for (int i = 0; i < shape.length; i++) {
			if (i > 0) sb.append(", ");
			sb.append(shape[i]);
		}
		return sb.append(shape.length == 1 ? ",)" : ")").toString();
	}

	@Override
	public String toString() {
		return name + " [" + tensorName + "] " + dataType + " " + formatShape(shape);
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof TensorSpec)) return false;
		final TensorSpec t = (TensorSpec) o;
		return name.equals(t.name) && tensorName.equals(t.tensorName) && Arrays.equals(shape,
			t.shape) && dataType.equals(t.dataType) && depth == t.depth && fetchName.equals(
				t.fetchName);
	}

	@Override
	public int hashCode() {
		return name.hashCode() * 31 + tensorName.hashCode();
	}
}
