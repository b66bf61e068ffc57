/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import io.github.layertracer.api.LayerTracerException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.tensorflow.Graph;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * Makes tensors inside function bodies fetchable: every function on the way from a top-level
 * call node down to a tapped tensor is cloned under a new name with the tapped tensor as an extra
 * output (callers pass it on as an extra output of their call node), and the rewritten part of the
 * model is imported into the loaded model's graph under a prefix.
 * <p>
 * What is imported is the top-level subgraph that the kept tensors (the signature's outputs and
 * the rewritten call nodes) depend on, with its placeholder and its variables. Variables are
 * shared with the loaded model through their {@code shared_name} (set to the original node name
 * where the export left it empty), so the copy sees the restored weights: no second session, no
 * restore. Functions are never edited in place (they may be shared with other callers); the
 * originals stay as they are.
 * </p>
 */
final class FunctionGraft {

	private static final AtomicLong COUNTER = new AtomicLong();
	private static final Set<String> CALL_OPS = Set.of("StatefulPartitionedCall",
		"PartitionedCall");
	private static final Set<String> VARIABLE_OPS = Set.of("VarHandleOp", "VariableV2",
		"Variable", "VarHandleOpV2");

	/** A tensor to expose: the call nodes leading to it and its reference in the last body. */
	static final class Tap {

		final List<String> callPath;
		final String ref;

		Tap(final List<String> callPath, final String ref) {
			this.callPath = callPath;
			this.ref = ref;
		}
	}

	/** Names in the grafted copy. */
	static final class Grafted {

		/** The prefix every imported operation has. */
		final String prefix;
		/** The fetch name of each tap, in the order given. */
		final List<String> taps;

		Grafted(final String prefix, final List<String> taps) {
			this.prefix = prefix;
			this.taps = taps;
		}

		/** The name of a top-level tensor (or operation) in the copy. */
		String copied(final String name) {
			return prefix + "/" + name;
		}
	}

	private final GraphDef def;
	private final Map<String, FunctionDef> library = new HashMap<>();
	private final Map<String, FunctionDef> clones = new LinkedHashMap<>();
	private final Set<String> usedNames = new HashSet<>();
	private final OpDefs opDefs;

	private FunctionGraft(final GraphDef def) {
		this.def = def;
		for (final FunctionDef f : def.getLibrary().getFunctionList()) {
			library.put(f.getSignature().getName(), f);
			usedNames.add(f.getSignature().getName());
		}
		opDefs = new OpDefs(library);
	}

	/**
	 * Rewrites and imports.
	 *
	 * @param graph the loaded model's graph, which receives the copy
	 * @param taps tensors inside function bodies (each with a non-empty call path)
	 * @param keep top-level tensor names that must be available in the copy too
	 */
	static Grafted graft(final Graph graph, final List<Tap> taps, final Collection<String> keep) {
		final GraphDef def = graph.toGraphDef();
		final FunctionGraft g = new FunctionGraft(def);
		final Map<String, NodeDef> main = new LinkedHashMap<>();
		for (final NodeDef n : def.getNodeList())
			main.put(n.getName(), n);

		// taps grouped by their top-level call node
		final Map<String, List<Integer>> byCall = new LinkedHashMap<>();
		for (int i = 0; i < taps.size(); i++) {
			final Tap t = taps.get(i);
			if (t.callPath.isEmpty()) throw new IllegalArgumentException("Tap " + t.ref +
				" is in the top-level graph, not in a function body");
			byCall.computeIfAbsent(t.callPath.get(0), k -> new ArrayList<>()).add(i);
		}
		final Map<String, NodeDef> rewritten = new HashMap<>();
		final String[] fetch = new String[taps.size()];
		final String prefix = g.prefix(graph);
		for (final Map.Entry<String, List<Integer>> e : byCall.entrySet()) {
			final NodeDef call = main.get(e.getKey());
			if (call == null) throw new IllegalArgumentException("No call node " + e.getKey());
			final List<Tap> inner = new ArrayList<>();
			for (final int i : e.getValue())
				inner.add(new Tap(taps.get(i).callPath.subList(1, taps.get(i).callPath.size()), taps
					.get(i).ref));
			final int base = g.opDefs.outputs(call).size();
			final String clone = g.cloneWithTaps(g.called(call), inner);
			rewritten.put(call.getName(), g.retarget(call, clone, inner.size()));
			for (int j = 0; j < e.getValue().size(); j++)
				fetch[e.getValue().get(j)] = prefix + "/" + g.outputRef(call, clone, base + j, false);
		}

		// the top-level subgraph the kept tensors and rewritten calls depend on
		final Set<String> seeds = new HashSet<>(rewritten.keySet());
		for (final String k : keep)
			seeds.add(LayerFinder.nodeName(k));
		final Set<String> closure = ancestors(main, seeds);
		final GraphDef.Builder out = GraphDef.newBuilder().setVersions(def.getVersions());
		for (final NodeDef n : main.values()) {
			if (!closure.contains(n.getName())) continue;
			NodeDef node = rewritten.getOrDefault(n.getName(), n);
			if (VARIABLE_OPS.contains(node.getOp())) node = shareVariable(node);
			out.addNode(node);
		}
		final FunctionDefLibrary.Builder lib = FunctionDefLibrary.newBuilder();
		for (final String f : g.reachable(out.getNodeList()))
			lib.addFunction(g.clones.containsKey(f) ? g.clones.get(f) : g.library.get(f));
		out.setLibrary(lib);
		try {
			graph.importGraphDef(out.build(), prefix);
		}
		catch (final IllegalArgumentException e) {
			throw new LayerTracerException("TensorFlow refused the rewritten model that makes " +
				"layers inside function bodies fetchable (TensorFlow reports: " + String.valueOf(e
					.getMessage()).lines().findFirst().orElse("no details").trim() + "); name layers " +
				"of the signature's outputs or of the top-level graph instead", e);
		}
		return new Grafted(prefix, List.of(fetch));
	}

	private String prefix(final Graph graph) {
		String p;
		do
			p = "layertracer_graft_" + COUNTER.incrementAndGet();
		while (graph.operations().hasNext() && hasPrefix(graph, p));
		return p;
	}

	private boolean hasPrefix(final Graph graph, final String p) {
		for (final NodeDef n : def.getNodeList())
			if (n.getName().startsWith(p + "/")) return true;
		return false;
	}

	private String called(final NodeDef node) {
		final AttrValue f = node.getAttrMap().get("f");
		if (f != null && f.hasFunc() && library.containsKey(f.getFunc().getName())) return f
			.getFunc().getName();
		if (library.containsKey(node.getOp())) return node.getOp();
		throw new IllegalArgumentException("Node " + node.getName() + " calls no library function");
	}

	/**
	 * A clone of a function with one extra float output per tap, in the taps' order, after its
	 * own outputs.
	 */
	private String cloneWithTaps(final String function, final List<Tap> taps) {
		final FunctionDef original = library.get(function);
		final FunctionDef.Builder b = original.toBuilder();
		final String name = unique(function);
		b.getSignatureBuilder().setName(name);
		final String[] rets = new String[taps.size()];
		final Map<String, List<Integer>> under = new LinkedHashMap<>();
		for (int i = 0; i < taps.size(); i++) {
			final Tap t = taps.get(i);
			if (t.callPath.isEmpty()) rets[i] = t.ref;
			else under.computeIfAbsent(t.callPath.get(0), k -> new ArrayList<>()).add(i);
		}
		for (final Map.Entry<String, List<Integer>> e : under.entrySet()) {
			int at = -1;
			for (int k = 0; k < b.getNodeDefCount(); k++)
				if (b.getNodeDef(k).getName().equals(e.getKey())) at = k;
			if (at < 0) throw new IllegalArgumentException("No call node " + e.getKey() + " in " +
				function);
			final NodeDef call = b.getNodeDef(at);
			final List<Tap> inner = new ArrayList<>();
			for (final int i : e.getValue())
				inner.add(new Tap(taps.get(i).callPath.subList(1, taps.get(i).callPath.size()), taps
					.get(i).ref));
			final int base = opDefs.outputs(call).size();
			final String clone = cloneWithTaps(called(call), inner);
			b.setNodeDef(at, retarget(call, clone, inner.size()));
			for (int j = 0; j < e.getValue().size(); j++)
				rets[e.getValue().get(j)] = outputRef(call, clone, base + j, true);
		}
		final Set<String> argNames = new HashSet<>();
		original.getSignature().getOutputArgList().forEach(a -> argNames.add(a.getName()));
		original.getSignature().getInputArgList().forEach(a -> argNames.add(a.getName()));
		for (int i = 0; i < rets.length; i++) {
			String arg = "layertracer_tap_" + i;
			while (argNames.contains(arg))
				arg = arg + "_";
			argNames.add(arg);
			b.getSignatureBuilder().addOutputArg(OpDef.ArgDef.newBuilder().setName(arg).setType(
				DataType.DT_FLOAT));
			b.putRet(arg, rets[i]);
		}
		final FunctionDef clone = b.build();
		clones.put(name, clone);
		library.put(name, clone);
		return name;
	}

	/** The call node pointed at the clone, with {@code extra} more float outputs. */
	private NodeDef retarget(final NodeDef call, final String clone, final int extra) {
		final NodeDef.Builder b = call.toBuilder();
		b.removeAttr("_output_shapes");
		if (library.containsKey(call.getOp()) && !CALL_OPS.contains(call.getOp())) {
			b.setOp(clone);
			return b.build();
		}
		final AttrValue f = call.getAttrMap().get("f");
		b.putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder(f.getFunc())
			.setName(clone)).build());
		final AttrValue.ListValue.Builder tout = call.getAttrMap().containsKey("Tout") ? call
			.getAttrMap().get("Tout").getList().toBuilder() : AttrValue.ListValue.newBuilder();
		for (int i = 0; i < extra; i++)
			tout.addType(DataType.DT_FLOAT);
		b.putAttr("Tout", AttrValue.newBuilder().setList(tout).build());
		return b.build();
	}

	/** How the caller names output {@code flat} of a (retargeted) call node. */
	private String outputRef(final NodeDef call, final String clone, final int flat,
		final boolean inFunction)
	{
		if (!inFunction) return call.getName() + ":" + flat;
		if (library.containsKey(call.getOp()) && !CALL_OPS.contains(call.getOp())) {
			final OpDef.ArgDef a = library.get(clone).getSignature().getOutputArg(flat);
			return call.getName() + ":" + a.getName() + ":0";
		}
		return call.getName() + ":output:" + flat;
	}

	private String unique(final String function) {
		String n;
		do
			n = function + "_layertracer_" + COUNTER.incrementAndGet();
		while (usedNames.contains(n));
		usedNames.add(n);
		return n;
	}

	/** Resource variables keep their shared name; unnamed ones get the original node's name. */
	private static NodeDef shareVariable(final NodeDef node) {
		final AttrValue shared = node.getAttrMap().get("shared_name");
		if (shared != null && !shared.getS().isEmpty()) return node;
		return node.toBuilder().putAttr("shared_name", AttrValue.newBuilder().setS(
			com.google.protobuf.ByteString.copyFromUtf8(node.getName())).build()).build();
	}

	private static Set<String> ancestors(final Map<String, NodeDef> main,
		final Set<String> seeds)
	{
		final Set<String> seen = new HashSet<>();
		final Deque<String> todo = new ArrayDeque<>(seeds);
		while (!todo.isEmpty()) {
			final String n = todo.pop();
			if (!seen.add(n)) continue;
			final NodeDef node = main.get(n);
			if (node == null) continue;
			for (final String in : node.getInputList())
				todo.push(LayerFinder.nodeName(in));
		}
		return seen;
	}

	/** Every library function that the nodes call, directly or through other functions. */
	private Set<String> reachable(final List<NodeDef> nodes) {
		final Set<String> seen = new java.util.TreeSet<>();
		final Deque<String> todo = new ArrayDeque<>();
		for (final NodeDef n : nodes)
			functionsOf(n, todo);
		while (!todo.isEmpty()) {
			final String f = todo.pop();
			if (!seen.add(f)) continue;
			final FunctionDef fd = library.get(f);
			for (final NodeDef n : fd.getNodeDefList())
				functionsOf(n, todo);
		}
		return seen;
	}

	private void functionsOf(final NodeDef n, final Deque<String> todo) {
		if (library.containsKey(n.getOp())) todo.push(n.getOp());
		for (final AttrValue v : n.getAttrMap().values()) {
			if (v.hasFunc() && library.containsKey(v.getFunc().getName())) todo.push(v.getFunc()
				.getName());
			for (final NameAttrList f : v.getList().getFuncList())
				if (library.containsKey(f.getName())) todo.push(f.getName());
		}
	}
}
