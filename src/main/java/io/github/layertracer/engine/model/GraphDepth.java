/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Measures how deep a tensor sits in a graph: the length, in operations, of the longest path
 * from the image input to the operation that produces it.
 * <p>
 * Function call operations ({@code StatefulPartitionedCall}, {@code PartitionedCall}, and any
 * operation whose {@code f} attribute names a function of the graph's library) are followed into
 * the function body, so models exported by TF2/Keras, whose layers live inside function bodies,
 * are measured by their real depth rather than as one opaque call. Tensors that do not depend on
 * the input have no depth.
 * </p>
 * <p>
 * The analysis is recursive in the depth of the graph; {@link #analyse} runs it on a thread with
 * a large stack so that deep graphs cannot overflow the caller's stack.
 * </p>
 */
public final class GraphDepth {

	private static final int UNREACHABLE = -1;
	private static final Set<String> PASS_THROUGH = Set.of("Identity", "IdentityN", "StopGradient",
		"Snapshot");

	private final Map<String, FunctionDef> functions = new HashMap<>();
	private final OpDefs opDefs;
	private final Scope main;

	GraphDepth(final GraphDef graph, final String inputOperation) {
		for (final FunctionDef f : graph.getLibrary().getFunctionList())
			functions.put(f.getSignature().getName(), f);
		opDefs = new OpDefs(functions);
		final Map<String, NodeDef> nodes = new java.util.LinkedHashMap<>();
		for (final NodeDef n : graph.getNodeList())
			nodes.put(n.getName(), n);
		main = new Scope(nodes, null, null, inputOperation);
	}

	/** The top-level graph. */
	Scope main() {
		return main;
	}

	/** The function library by name. */
	Map<String, FunctionDef> functions() {
		return functions;
	}

	OpDefs opDefs() {
		return opDefs;
	}

	/**
	 * Runs a graph walk on a thread with a large stack (the walks recurse as deep as the graph),
	 * rethrowing what it throws.
	 */
	static <T> T onLargeStack(final java.util.function.Supplier<T> walk) {
		final AtomicReference<T> result = new AtomicReference<>();
		final AtomicReference<Throwable> failure = new AtomicReference<>();
		final Thread worker = new Thread(null, () -> {
			try {
				result.set(walk.get());
			}
			catch (final Throwable t) {
				failure.set(t);
			}
		}, "layertracer-graph-walk", 256L << 20);
		worker.start();
		try {
			worker.join();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while analysing the graph", e);
		}
		if (failure.get() instanceof RuntimeException) throw (RuntimeException) failure.get();
		if (failure.get() instanceof Error) throw (Error) failure.get();
		if (failure.get() != null) throw new IllegalStateException("Graph analysis failed",
			failure.get());
		return result.get();
	}

	/** Result of an analysis: depth and producing operation type per requested tensor. */
	public static final class Analysis {

		private final Map<String, Integer> depths;
		private final Map<String, String> producers;

		Analysis(final Map<String, Integer> depths, final Map<String, String> producers) {
			this.depths = depths;
			this.producers = producers;
		}

		/** Longest path from the input, or empty where the tensor does not depend on it. */
		public OptionalInt depth(final String tensorName) {
			final Integer d = depths.get(tensorName);
			return d == null || d < 0 ? OptionalInt.empty() : OptionalInt.of(d);
		}

		/**
		 * The type of the operation that really computes the tensor, looking through identities
		 * and function calls (e.g. {@code Softmax} for a Keras model ending in a softmax layer).
		 */
		public String producerType(final String tensorName) {
			return producers.get(tensorName);
		}
	}

	/**
	 * Analyses the given tensors (names as {@code "op:index"}) of a graph.
	 *
	 * @param graph the graph, with its function library
	 * @param inputOperation the name of the placeholder operation fed with the image
	 * @param tensorNames the tensors to measure
	 */
	public static Analysis analyse(final GraphDef graph, final String inputOperation,
		final List<String> tensorNames)
	{
		return onLargeStack(() -> {
			final GraphDepth g = new GraphDepth(graph, inputOperation);
			final Map<String, Integer> depths = new HashMap<>();
			final Map<String, String> producers = new HashMap<>();
			for (final String t : tensorNames) {
				depths.put(t, g.main.depth(t));
				producers.put(t, g.main.producerType(t));
			}
			return new Analysis(depths, producers);
		});
	}

	/** The main graph or one function body, with the depths of its arguments. */
	final class Scope {

		private final Map<String, NodeDef> nodes;
		private final FunctionDef function;
		private final Map<String, Integer> argDepths;
		private final String inputOperation;
		private final Map<String, Integer> memo = new HashMap<>();
		private final Map<String, Scope> callScopes = new HashMap<>();

		Scope(final Map<String, NodeDef> nodes, final FunctionDef function,
			final Map<String, Integer> argDepths, final String inputOperation)
		{
			this.nodes = nodes;
			this.function = function;
			this.argDepths = argDepths;
			this.inputOperation = inputOperation;
		}

		/** The nodes of this body (or of the top-level graph) by name, in graph order. */
		Map<String, NodeDef> nodes() {
			return nodes;
		}

		/** The function this scope is the body of; null for the top-level graph. */
		FunctionDef function() {
			return function;
		}

		boolean inFunction() {
			return function != null;
		}

		/** The node a reference names, or null for a function argument or an unknown name. */
		NodeDef node(final String ref) {
			return ref.startsWith("^") ? null : parse(ref).node;
		}

		/** The flat output index a reference names. */
		int index(final String ref) {
			return parse(ref).index;
		}

		int depth(final String ref) {
			if (ref.startsWith("^")) return UNREACHABLE;
			final Ref r = parse(ref);
			if (r.node == null) return argDepths.getOrDefault(r.arg, UNREACHABLE);
			final String key = r.node.getName() + ":" + r.index;
			final Integer known = memo.get(key);
			if (known != null) return known;
			memo.put(key, UNREACHABLE); // guards against cycles (loops in old-style graphs)
			final int d = computeDepth(r);
			memo.put(key, d);
			return d;
		}

		private int computeDepth(final Ref r) {
			final NodeDef node = r.node;
			if (function == null && node.getName().equals(inputOperation)) return 0;
			final Scope callee = callee(node);
			if (callee != null) {
				final String ret = retFor(callee.function, r.index);
				return ret == null ? UNREACHABLE : callee.depth(ret);
			}
			int max = UNREACHABLE;
			for (final String in : node.getInputList())
				max = Math.max(max, depth(in));
			return max == UNREACHABLE ? UNREACHABLE : max + 1;
		}

		String producerType(final String ref) {
			if (ref.startsWith("^")) return null;
			final Ref r = parse(ref);
			if (r.node == null) return "Arg";
			final Scope callee = callee(r.node);
			if (callee != null) {
				final String ret = retFor(callee.function, r.index);
				return ret == null ? r.node.getOp() : callee.producerType(ret);
			}
			if (PASS_THROUGH.contains(r.node.getOp()) && r.node.getInputCount() > 0) {
				final int in = "IdentityN".equals(r.node.getOp()) ? Math.min(r.index, r.node
					.getInputCount() - 1) : 0;
				return producerType(r.node.getInput(in));
			}
			return r.node.getOp();
		}

		/** The body a call node runs (with its arguments' depths), or null if it calls none. */
		Scope callee(final NodeDef node) {
			final FunctionDef fn = functions.get(calledFunction(node));
			if (fn == null) return null;
			Scope s = callScopes.get(node.getName());
			if (s == null) {
				final Map<String, Integer> args = new HashMap<>();
				final List<String> inputs = node.getInputList();
				int k = 0;
				for (final String in : inputs) {
					if (in.startsWith("^")) continue;
					if (k < fn.getSignature().getInputArgCount()) args.put(fn.getSignature()
						.getInputArg(k).getName(), depth(in));
					k++;
				}
				final Map<String, NodeDef> body = new java.util.LinkedHashMap<>();
				for (final NodeDef n : fn.getNodeDefList())
					body.put(n.getName(), n);
				s = new Scope(body, fn, args, null);
				callScopes.put(node.getName(), s);
			}
			return s;
		}

		String retFor(final FunctionDef fn, final int outputIndex) {
			if (outputIndex >= fn.getSignature().getOutputArgCount()) return null;
			return fn.getRetMap().get(fn.getSignature().getOutputArg(outputIndex).getName());
		}

		/**
		 * Main graph: {@code node} or {@code node:3}. Function body: an argument name, or
		 * {@code node:output_arg:3}.
		 */
		private Ref parse(final String ref) {
			final String[] parts = ref.split(":");
			if (function != null && parts.length == 1) return new Ref(null, ref, 0);
			final NodeDef node = nodes.get(parts[0]);
			if (node == null) return new Ref(null, ref, 0);
			int index = 0;
			final String last = parts[parts.length - 1];
			if (parts.length > 1 && last.chars().allMatch(Character::isDigit)) index = Integer
				.parseInt(last);
			if (function != null && parts.length > 2) {
				final int flat = opDefs.flatIndex(node, ref, true);
				if (flat >= 0) index = flat;
			}
			return new Ref(node, null, index);
		}
	}

	/**
	 * The name of the library function a node calls: its {@code f} attribute
	 * ({@code StatefulPartitionedCall}, {@code PartitionedCall}) or its op type when that is a
	 * library function (a direct call); null for any other node.
	 */
	String calledFunction(final NodeDef node) {
		final AttrValue f = node.getAttrMap().get("f");
		if (f != null && f.hasFunc() && functions.containsKey(f.getFunc().getName())) return f
			.getFunc().getName();
		return functions.containsKey(node.getOp()) ? node.getOp() : null;
	}

	private static final class Ref {

		final NodeDef node;
		final String arg;
		final int index;

		Ref(final NodeDef node, final String arg, final int index) {
			this.node = node;
			this.arg = arg;
			this.index = index;
		}
	}
}
