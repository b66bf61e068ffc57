/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Finds the layer outputs of a graph, wherever they are: in the top-level graph (TF1 exports) and
 * inside the function bodies of its library (TF2/Keras exports, nested calls included).
 * <p>
 * A layer is a name scope: Keras puts every operation of a layer under
 * {@code model/layer_name/…}. Sub-scopes that belong to one operation ({@code conv2d/Conv2D/…}
 * beside the {@code conv2d/Conv2D} node) or to TensorFlow's own constructs ({@code cond},
 * {@code while}, {@code batchnorm}, {@code Tensordot}) count as their parent. The layer's output
 * is the scope's sink: the float operation, depending on the image, that no other operation of
 * the scope consumes (the deepest, if there are several). A call node is an operation like any
 * other, so a layer built as a function of its own (the {@code …_layer_call_and_return…}
 * functions of some Keras exports) is named by the caller's scope. The layer name is the
 * scope's last component ({@code conv2d_1}), longer where that is ambiguous.
 * </p>
 * <p>
 * Only operations that depend on the image input are considered, so save/restore and
 * initialisation functions are never walked.
 * </p>
 */
final class LayerFinder {

	/** What a layer mainly computes. */
	enum Kind {
		CONV, DENSE, POOL, NORM, ACTIVATION, IDENTITY, OTHER
	}

	private static final Set<String> CONV_OPS = Set.of("Conv2D", "Conv3D",
		"DepthwiseConv2dNative", "Conv2DBackpropInput", "Conv3DBackpropInputV2", "_FusedConv2D",
		"Conv");
	private static final Set<String> DENSE_OPS = Set.of("MatMul", "BatchMatMul", "BatchMatMulV2",
		"BatchMatMulV3", "_FusedMatMul", "Einsum");
	private static final Set<String> POOL_OPS = Set.of("MaxPool", "MaxPoolV2", "AvgPool",
		"MaxPool3D", "AvgPool3D");
	private static final Set<String> NORM_OPS = Set.of("FusedBatchNorm", "FusedBatchNormV2",
		"FusedBatchNormV3", "Rsqrt");
	private static final Set<String> ACTIVATION_OPS = Set.of("Relu", "Relu6", "Elu", "Selu",
		"Sigmoid", "Tanh", "LeakyRelu", "Softplus", "Softsign", "Softmax", "Gelu");
	private static final Set<String> IDENTITY_OPS = Set.of("Identity", "IdentityN",
		"StopGradient", "Snapshot");
	private static final Pattern OWN_SUBSCOPE = Pattern.compile(
		"(cond|while|batchnorm|Tensordot|dropout|strided_slice|Shape|stack)(_\\d+)?");

	/** One layer output found in the graph. */
	static final class Found {

		final List<String> callPath;
		final String scope;
		final String ref;
		final String tensorName;
		final String innerName;
		final String opType;
		final Kind kind;
		final long[] shape;
		final DataType type;
		final int depth;
		final String canonical;
		final List<Found> consumers = new ArrayList<>();
		String name;

		Found(final List<String> callPath, final String scope, final String ref,
			final String innerName, final String opType, final Kind kind, final long[] shape,
			final DataType type, final int depth, final String canonical)
		{
			this.callPath = Collections.unmodifiableList(new ArrayList<>(callPath));
			this.scope = scope;
			this.ref = ref;
			this.innerName = innerName;
			this.tensorName = callPath.isEmpty() ? innerName : String.join("/", callPath) + "/" +
				innerName;
			this.opType = opType;
			this.kind = kind;
			this.shape = shape;
			this.type = type;
			this.depth = depth;
			this.canonical = canonical;
		}

		boolean inFunction() {
			return !callPath.isEmpty();
		}

		/** Whether a user's name means this layer. */
		boolean matches(final String s) {
			final String refNoIndex = ref.endsWith(":0") ? ref.substring(0, ref.length() - 2) : ref;
			return s.equals(name) || s.equals(tensorName) || s.equals(scope) || s.equals(ref) || s
				.equals(innerName) || s.equals(refNoIndex) || s.equals(stripIndex(innerName)) || s
					.equals(stripIndex(tensorName));
		}
	}

	/** What the walk found. */
	static final class Layers {

		/** Every layer, in graph order (callers before callees). */
		final List<Found> all;
		/** Every image-dependent tensor of every walked body, by expert name, for taps. */
		final Map<String, Found> tensors;
		/** Whether any function body was walked. */
		final boolean functions;
		private final LayerFinder finder;

		Layers(final List<Found> all, final Map<String, Found> tensors, final boolean functions,
			final LayerFinder finder)
		{
			this.all = all;
			this.tensors = tensors;
			this.functions = functions;
			this.finder = finder;
		}

		/** The canonical place of a top-level tensor, on the graph the walk indexed. */
		String canonical(final String tensorName) {
			return finder.canonical(tensorName);
		}
	}

	private final GraphDepth graph;
	private final List<Found> found = new ArrayList<>();
	private final Map<String, Found> tensors = new LinkedHashMap<>();
	private boolean walkedFunctions;

	private LayerFinder(final GraphDepth graph) {
		this.graph = graph;
	}

	/**
	 * Walks the graph from the image input.
	 *
	 * @param def the graph with its function library
	 * @param inputOperation the placeholder fed with the image
	 */
	static Layers find(final GraphDef def, final String inputOperation) {
		return GraphDepth.onLargeStack(() -> {
			final LayerFinder f = new LayerFinder(new GraphDepth(def, inputOperation));
			f.walk(f.graph.main(), new ArrayList<>());
			// a layer inside a function of its own is found at its call and inside: keep the
			// innermost (a sub-model's layer name), which a per-layer function body, whose operations
			// have no scope, does not have, so there the caller's name stays
			final Map<String, Found> innermost = new HashMap<>();
			for (final Found l : f.found)
				innermost.merge(l.canonical, l, (a, b) -> b.callPath.size() > a.callPath.size() ? b
					: a);
			f.found.removeIf(l -> innermost.get(l.canonical) != l);
			f.name();
			return new Layers(f.found, f.tensors, f.walkedFunctions, f);
		});
	}

	/**
	 * The canonical place of a top-level tensor: followed through identities and into function
	 * calls down to the operation that computes it. Two names with the same canonical place are
	 * the same value.
	 */
	String canonical(final String tensorName) {
		return GraphDepth.onLargeStack(() -> canonical(graph.main(), new ArrayList<>(),
			tensorName));
	}

	private static String canonical(GraphDepth.Scope s, final List<String> pathIn, String ref) {
		final List<String> path = new ArrayList<>(pathIn);
		for (int guard = 0; guard < 10_000; guard++) {
			final NodeDef n = s.node(ref);
			if (n == null) return String.join("/", path) + "|" + ref;
			final int index = s.index(ref);
			if (IDENTITY_OPS.contains(n.getOp()) && n.getInputCount() > 0 && !n.getInput(0)
				.startsWith("^"))
			{
				ref = n.getInput("IdentityN".equals(n.getOp()) ? Math.min(index, n.getInputCount() -
					1) : 0);
				continue;
			}
			final GraphDepth.Scope callee = s.callee(n);
			if (callee != null) {
				final String ret = s.retFor(callee.function(), index);
				if (ret == null) break;
				path.add(n.getName());
				s = callee;
				ref = ret;
				continue;
			}
			return String.join("/", path) + "|" + n.getName() + ":" + index;
		}
		return String.join("/", path) + "|" + ref;
	}

	private void walk(final GraphDepth.Scope s, final List<String> path) {
		if (s.inFunction()) walkedFunctions = true;
		final Map<String, NodeDef> nodes = s.nodes();
		// image-dependent nodes, grouped by layer scope
		final Map<String, List<NodeDef>> groups = new LinkedHashMap<>();
		final Map<String, String> scopeOf = new HashMap<>();
		for (final NodeDef n : nodes.values()) {
			if (!dependsOnImage(s, n)) continue;
			final String scope = layerScope(n.getName(), nodes.keySet());
			if (scope.isEmpty()) continue;
			groups.computeIfAbsent(scope, k -> new ArrayList<>()).add(n);
			scopeOf.put(n.getName(), scope);
		}
		// every image-dependent float tensor, for taps by name
		for (final NodeDef n : nodes.values()) {
			if (!dependsOnImage(s, n)) continue;
			final String ref = floatRef(s, n);
			if (ref == null) continue;
			// cheap: no kind and no canonical place, which only layers need
			final int index = s.index(ref);
			final Found t = new Found(path, scopeOf.getOrDefault(n.getName(), ""), ref, n.getName() +
				":" + index, n.getOp(), Kind.OTHER, shape(n, index), DataType.DT_FLOAT, s.depth(ref), "");
			t.name = t.tensorName;
			tensors.putIfAbsent(stripIndex(t.tensorName), t);
		}
		final Map<String, Found> bySink = new HashMap<>();
		for (final Map.Entry<String, List<NodeDef>> g : groups.entrySet()) {
			final Set<String> members = new HashSet<>();
			g.getValue().forEach(n -> members.add(n.getName()));
			final Set<String> consumed = new HashSet<>();
			for (final NodeDef n : g.getValue())
				for (final String in : n.getInputList())
					if (!in.startsWith("^")) consumed.add(nodeName(in));
			NodeDef sink = null;
			String sinkRef = null;
			int sinkDepth = -1;
			for (final NodeDef n : g.getValue()) {
				if (consumed.contains(n.getName())) continue;
				final String ref = floatRef(s, n);
				if (ref == null) continue;
				final int d = s.depth(ref);
				if (d < 0) continue;
				if (sink == null || d >= sinkDepth) {
					sink = n;
					sinkRef = ref;
					sinkDepth = d;
				}
			}
			if (sink == null) continue;
			final Found l = layer(s, path, g.getKey(), sink, sinkRef, g.getValue());
			found.add(l);
			bySink.put(sink.getName(), l);
		}
		// which layers of this body consume which
		for (final NodeDef n : nodes.values()) {
			final String scope = scopeOf.get(n.getName());
			if (scope == null) continue;
			for (final String in : n.getInputList()) {
				if (in.startsWith("^")) continue;
				final Found producer = bySink.get(nodeName(in));
				if (producer == null || producer.scope.equals(scope)) continue;
				final Found consumer = groupLayer(bySink, scope);
				if (consumer != null && !producer.consumers.contains(consumer)) producer.consumers.add(
					consumer);
			}
		}
		// then the bodies this one calls
		for (final NodeDef n : nodes.values()) {
			if (!dependsOnImage(s, n)) continue;
			final GraphDepth.Scope callee = s.callee(n);
			if (callee == null) continue;
			final List<String> p = new ArrayList<>(path);
			p.add(n.getName());
			walk(callee, p);
		}
	}

	private static Found groupLayer(final Map<String, Found> bySink, final String scope) {
		for (final Found f : bySink.values())
			if (f.scope.equals(scope)) return f;
		return null;
	}

	private boolean dependsOnImage(final GraphDepth.Scope s, final NodeDef n) {
		final List<OpDefs.Out> outs = graph.opDefs().outputs(n);
		final int count = Math.max(1, outs.size());
		for (int i = 0; i < count; i++) {
			final String ref = s.inFunction() ? graph.opDefs().ref(n, i, true) : n.getName() + ":" +
				i;
			if (ref != null && s.depth(ref) >= 0) return true;
		}
		return false;
	}

	/** The reference to the node's first float output, or null. */
	private String floatRef(final GraphDepth.Scope s, final NodeDef n) {
		final List<OpDefs.Out> outs = graph.opDefs().outputs(n);
		for (int i = 0; i < outs.size(); i++)
			if (outs.get(i).type == DataType.DT_FLOAT) return s.inFunction() ? graph.opDefs().ref(n,
				i, true) : n.getName() + ":" + i;
		return null;
	}

	private Found layer(final GraphDepth.Scope s, final List<String> path, final String scope,
		final NodeDef sink, final String ref, final List<NodeDef> members)
	{
		final int index = s.index(ref);
		final Set<String> types = new HashSet<>();
		collectTypes(s, members, types, 0);
		final Kind kind = kind(types);
		final String producer = s.producerType(ref);
		final String main = mainOp(types, kind);
		final String opType = main == null || main.equals(producer) ? producer : main + "/" +
			producer;
		final String inner = sink.getName() + ":" + index;
		return new Found(path, scope, ref, inner, opType, kind, shape(sink, index), graph.opDefs()
			.type(sink, index), s.depth(ref), canonical(s, path, ref));
	}

	private void collectTypes(final GraphDepth.Scope s, final List<NodeDef> members,
		final Set<String> types, final int level)
	{
		for (final NodeDef n : members) {
			if (!dependsOnImage(s, n)) continue;
			final GraphDepth.Scope callee = s.callee(n);
			if (callee != null && level < 4) collectTypes(callee, new ArrayList<>(callee.nodes()
				.values()), types, level + 1);
			else types.add(n.getOp());
		}
	}

	private static Kind kind(final Set<String> types) {
		if (types.stream().anyMatch(CONV_OPS::contains)) return Kind.CONV;
		if (types.stream().anyMatch(DENSE_OPS::contains)) return Kind.DENSE;
		if (types.stream().anyMatch(POOL_OPS::contains)) return Kind.POOL;
		if (types.stream().anyMatch(NORM_OPS::contains)) return Kind.NORM;
		if (!types.isEmpty() && types.stream().allMatch(IDENTITY_OPS::contains))
			return Kind.IDENTITY;
		if (!types.isEmpty() && types.stream().allMatch(t -> ACTIVATION_OPS.contains(t) ||
			IDENTITY_OPS.contains(t))) return Kind.ACTIVATION;
		return Kind.OTHER;
	}

	private static String mainOp(final Set<String> types, final Kind kind) {
		final Set<String> of = kind == Kind.CONV ? CONV_OPS : kind == Kind.DENSE ? DENSE_OPS
			: kind == Kind.POOL ? POOL_OPS : kind == Kind.NORM ? NORM_OPS : null;
		if (of == null) return null;
		return types.stream().filter(of::contains).sorted().findFirst().orElse(null);
	}

	private static long[] shape(final NodeDef node, final int index) {
		final AttrValue shapes = node.getAttrMap().get("_output_shapes");
		if (shapes == null || index >= shapes.getList().getShapeCount()) return null;
		final TensorShapeProto p = shapes.getList().getShape(index);
		if (p.getUnknownRank()) return null;
		final long[] a = new long[p.getDimCount()];
		for (int i = 0; i < a.length; i++)
			a[i] = p.getDim(i).getSize();
		if (a.length > 0) a[0] = -1;
		return a;
	}

	/**
	 * The output a layer is traced at: a convolution or dense layer whose own output is not yet
	 * activated is followed through the normalisation, dropout and activation layers that alone
	 * consume it, up to the first activation (Conv2D → BatchNorm → ReLU gives the ReLU layer);
	 * where there is none, the layer itself.
	 */
	static Found afterActivation(final Found layer) {
		if (ACTIVATION_OPS.contains(last(layer.opType))) return layer;
		Found cur = layer;
		for (int guard = 0; guard < 8 && cur.consumers.size() == 1; guard++) {
			final Found next = cur.consumers.get(0);
			if (next.kind == Kind.ACTIVATION) return next;
			if (next.kind != Kind.NORM && next.kind != Kind.IDENTITY) break;
			cur = next;
		}
		return layer;
	}

	/**
	 * The layer scope of a node: its name scope, where a scope that is also a node's name, or a
	 * TensorFlow construct's own sub-scope, counts as its parent; empty for top-level names.
	 */
	static String layerScope(final String nodeName, final Set<String> nodeNames) {
		String scope = parent(nodeName);
		while (!scope.isEmpty() && (nodeNames.contains(scope) || OWN_SUBSCOPE.matcher(last(scope))
			.matches()))
			scope = parent(scope);
		return scope;
	}

	/** Unique user-facing names: the scope's last component, longer where ambiguous. */
	private void name() {
		final Map<String, List<Found>> byLast = new LinkedHashMap<>();
		for (final Found f : found)
			byLast.computeIfAbsent(last(f.scope), k -> new ArrayList<>()).add(f);
		final Set<String> used = new HashSet<>();
		for (final Map.Entry<String, List<Found>> e : byLast.entrySet()) {
			if (e.getValue().size() == 1) {
				e.getValue().get(0).name = e.getKey();
				used.add(e.getKey());
			}
		}
		for (final Map.Entry<String, List<Found>> e : byLast.entrySet()) {
			if (e.getValue().size() == 1) continue;
			for (final Found f : e.getValue()) {
				final String[] parts = f.scope.split("/");
				String n = null;
				for (int k = 2; k <= parts.length; k++) {
					final String candidate = String.join("/", Arrays.copyOfRange(parts, parts.length - k,
						parts.length));
					if (!used.contains(candidate) && e.getValue().stream().filter(o -> o.scope.endsWith(
						candidate)).count() == 1)
					{
						n = candidate;
						break;
					}
				}
				if (n == null || used.contains(n)) n = stripIndex(f.tensorName);
				f.name = n;
				used.add(n);
			}
		}
	}

	static String parent(final String name) {
		final int slash = name.lastIndexOf('/');
		return slash < 0 ? "" : name.substring(0, slash);
	}

	static String last(final String name) {
		return name.substring(name.lastIndexOf('/') + 1);
	}

	static String nodeName(final String ref) {
		final String r = ref.startsWith("^") ? ref.substring(1) : ref;
		final int colon = r.indexOf(':');
		return colon < 0 ? r : r.substring(0, colon);
	}

	static String stripIndex(final String tensor) {
		final int colon = tensor.lastIndexOf(':');
		return colon < 0 ? tensor : tensor.substring(0, colon);
	}
}
