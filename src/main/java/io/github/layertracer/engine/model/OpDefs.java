/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.TensorFlow;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * The outputs of a graph node as TensorFlow's op registry defines them: their argument names
 * (function bodies name a tensor {@code node:output_arg:index}) and their data types.
 * <p>
 * SavedModels strip attributes that have their default value, so a type that a node does not
 * state is taken from the registered op's default. Function calls ({@code PartitionedCall},
 * {@code StatefulPartitionedCall}, or a node whose op is a library function) take their types
 * from {@code Tout} or from the called function's signature.
 * </p>
 */
final class OpDefs {

	private static Map<String, OpDef> registry;

	/** One output of a node: the argument it belongs to, its index there and its type. */
	static final class Out {

		final String arg;
		final int index;
		final DataType type;

		Out(final String arg, final int index, final DataType type) {
			this.arg = arg;
			this.index = index;
			this.type = type;
		}
	}

	private final Map<String, FunctionDef> library;

	OpDefs(final Map<String, FunctionDef> library) {
		this.library = library;
	}

	private static synchronized OpDef opDef(final String op) {
		if (registry == null) {
			final Map<String, OpDef> m = new HashMap<>();
			for (final OpDef d : TensorFlow.registeredOpList().getOpList())
				m.put(d.getName(), d);
			registry = m;
		}
		return registry.get(op);
	}

	/** Whether TensorFlow (the one inside LayerTracer) has an operation of this type. */
	static boolean registered(final String op) {
		return opDef(op) != null;
	}

	/** Every output of the node, flat, in TensorFlow's order; empty if the op is unknown. */
	List<Out> outputs(final NodeDef node) {
		final List<Out> out = new ArrayList<>();
		final FunctionDef direct = library.get(node.getOp());
		if (direct != null) {
			for (final OpDef.ArgDef a : direct.getSignature().getOutputArgList())
				out.add(new Out(a.getName(), 0, a.getType()));
			return out;
		}
		final OpDef def = opDef(node.getOp());
		if (def == null) return out;
		for (final OpDef.ArgDef a : def.getOutputArgList()) {
			if (!a.getTypeListAttr().isEmpty()) {
				final AttrValue list = attr(node, def, a.getTypeListAttr());
				final List<DataType> types = list == null ? List.of() : list.getList().getTypeList();
				for (int i = 0; i < types.size(); i++)
					out.add(new Out(a.getName(), i, types.get(i)));
				continue;
			}
			final DataType type = a.getType() != DataType.DT_INVALID ? a.getType() : typeOf(attr(
				node, def, a.getTypeAttr()));
			int n = 1;
			if (!a.getNumberAttr().isEmpty()) {
				final AttrValue count = attr(node, def, a.getNumberAttr());
				n = count == null ? 0 : (int) count.getI();
			}
			for (int i = 0; i < n; i++)
				out.add(new Out(a.getName(), i, type));
		}
		return out;
	}

	/**
	 * The flat output index of a reference: {@code node:arg:index} inside a function body, or
	 * {@code node:index} / {@code node} in the top-level graph; -1 if it names no output.
	 */
	int flatIndex(final NodeDef node, final String ref, final boolean inFunction) {
		final String[] parts = ref.split(":");
		if (!inFunction || parts.length < 3) {
			return parts.length > 1 ? Integer.parseInt(parts[parts.length - 1]) : 0;
		}
		final String arg = parts[parts.length - 2];
		final int index = Integer.parseInt(parts[parts.length - 1]);
		final List<Out> outs = outputs(node);
		for (int i = 0; i < outs.size(); i++)
			if (outs.get(i).arg.equals(arg) && outs.get(i).index == index) return i;
		return -1;
	}

	/** The reference to a node's flat output, in the syntax of its scope. */
	String ref(final NodeDef node, final int flat, final boolean inFunction) {
		if (!inFunction) return node.getName() + ":" + flat;
		final List<Out> outs = outputs(node);
		if (flat >= outs.size()) return null;
		return node.getName() + ":" + outs.get(flat).arg + ":" + outs.get(flat).index;
	}

	/** The type of a node's flat output, or DT_INVALID when it cannot be told. */
	DataType type(final NodeDef node, final int flat) {
		final List<Out> outs = outputs(node);
		return flat >= 0 && flat < outs.size() ? outs.get(flat).type : DataType.DT_INVALID;
	}

	private static AttrValue attr(final NodeDef node, final OpDef def, final String name) {
		if (name == null || name.isEmpty()) return null;
		final AttrValue v = node.getAttrMap().get(name);
		if (v != null) return v;
		for (final OpDef.AttrDef a : def.getAttrList())
			if (a.getName().equals(name) && a.hasDefaultValue()) return a.getDefaultValue();
		return null;
	}

	private static DataType typeOf(final AttrValue v) {
		return v == null ? DataType.DT_INVALID : v.getType();
	}
}
