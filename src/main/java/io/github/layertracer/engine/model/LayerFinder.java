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
 * {@code while}, {@code batchnorm}, {@code Tensordot}) count as their parent; a node named like
 * its scope ({@code model/word_dense} with {@code model/word_dense/BiasAdd}) is the layer's when
 * the scope is the layer's own (see {@link Scopes}). The layer's output is the scope's sink: the
 * float operation, depending on the image, that no other operation of the scope consumes (the
 * deepest, if there are several). A call node is an operation like any other, so a layer built as
 * a function of its own (the {@code …_layer_call_and_return…} functions of some Keras exports) is
 * named by the caller's scope. Where two scopes end in the same value, the one whose operation
 * computes it is the layer.
 * </p>
 * <p>
 * The layer name is the scope's last component ({@code conv2d_1}), longer where that is
 * ambiguous; where the variables the layer reads name a Keras layer that the scope carries with
 * a suffix (Keras 3 exports put {@code conv2d_2} in {@code conv2d_2_1}), the Keras name, and the
 * graph's name stays an alias.
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
	private static final Set<String> VARIABLE_OPS = Set.of("VarHandleOp", "VariableV2",
		"Variable");
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
		/** The user-facing name: the Keras layer name where the graph shows it, see {@link #name()}. */
		String name;
		/** The name from the graph's scopes alone (what {@link #name} was before Keras names). */
		String graphName;
		/** The Keras layer name the variables or the export's naming show, or null. */
		String keras;
		/** Whether the sink itself computes the value (it is no identity or call forwarding it). */
		boolean computes;

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
			return s.equals(name) || s.equals(graphName) || s.equals(tensorName) || s.equals(scope) ||
				s.equals(ref) || s.equals(innerName) || s.equals(refNoIndex) || s.equals(stripIndex(
					innerName)) || s.equals(stripIndex(tensorName));
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

	/**
	 * The layer a Keras 3 name means when the graph shows only its graph name: Keras 3's
	 * {@code model.export} puts the layer {@code conv2d_2} in the scope {@code conv2d_2_1} (its
	 * name scope is entered twice while the model is traced, and TensorFlow numbers the second).
	 * The one layer whose name or graph name is {@code name_<n>}, when no layer is called
	 * {@code name} itself; null if there is none or more than one.
	 */
	static Found bySuffixedName(final String name, final java.util.Collection<Found> layers) {
		Found match = null;
		for (final Found f : layers) {
			if (name.equals(f.name) || name.equals(f.graphName)) return null;
			if (suffixed(f.name, name) || suffixed(f.graphName, name)) {
				if (match != null && match != f) return null;
				match = f;
			}
		}
		return match;
	}

	/** Whether {@code graphName} is {@code name} with one {@code _<digits>} suffix. */
	static boolean suffixed(final String graphName, final String name) {
		if (graphName == null || name.isEmpty() || graphName.length() < name.length() + 2 ||
			!graphName.startsWith(name) || graphName.charAt(name.length()) != '_') return false;
		for (int i = name.length() + 1; i < graphName.length(); i++)
			if (!Character.isDigit(graphName.charAt(i))) return false;
		return true;
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
			f.walk(f.graph.main(), new ArrayList<>(), Map.of());
			// one value, one layer: a layer inside a function of its own is found at its call and
			// inside, an enclosing model's scope may end in an identity of its last layer. The layer
			// whose own operation computes the value wins; else the one deepest in calls (a
			// per-layer function body, whose operations have no scope, leaves the caller's name);
			// else the one deepest in scopes.
			final Map<String, Found> innermost = new HashMap<>();
			for (final Found l : f.found)
				innermost.merge(l.canonical, l, LayerFinder::inner);
			f.found.removeIf(l -> innermost.get(l.canonical) != l);
			f.name();
			return new Layers(f.found, f.tensors, f.walkedFunctions, f);
		});
	}

	/** Of two layers with the same value, the one that holds it (see {@link #find}). */
	private static Found inner(final Found a, final Found b) {
		if (a.computes != b.computes) return a.computes ? a : b;
		if (a.callPath.size() != b.callPath.size()) return b.callPath.size() > a.callPath.size() ? b
			: a;
		return b.scope.split("/").length > a.scope.split("/").length ? b : a;
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

	/**
	 * Walks one body (or the top-level graph) and the bodies it calls.
	 *
	 * @param argVars the variable each resource argument of the body is, by argument name
	 */
	private void walk(final GraphDepth.Scope s, final List<String> path,
		final Map<String, String> argVars)
	{
		if (s.inFunction()) walkedFunctions = true;
		final Map<String, NodeDef> nodes = s.nodes();
		final Scopes scopes = new Scopes(s, argVars);
		// image-dependent nodes, grouped by layer scope
		final Map<String, List<NodeDef>> groups = new LinkedHashMap<>();
		final Map<String, String> scopeOf = new HashMap<>();
		for (final NodeDef n : nodes.values()) {
			if (!dependsOnImage(s, n)) continue;
			final String scope = scopes.layerScope(n.getName());
			if (scope.isEmpty()) continue;
			groups.computeIfAbsent(scope, k -> new ArrayList<>()).add(n);
			scopeOf.put(n.getName(), scope);
		}
		// the variables each layer scope's operations read
		final Map<String, Set<String>> scopeVars = new HashMap<>();
		scopes.varsOfNode.forEach((node, vars) -> scopeVars.computeIfAbsent(scopes.layerScope(node),
			k -> new java.util.LinkedHashSet<>()).addAll(vars));
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
			l.keras = kerasName(last(l.scope), scopeVars.getOrDefault(l.scope, Set.of()));
			found.add(l);
			bySink.put(sink.getName(), l);
		}
		inferKerasNames(bySink.values());
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
			final Map<String, String> calleeVars = new HashMap<>();
			int k = 0;
			for (final String in : n.getInputList()) {
				if (in.startsWith("^")) continue;
				if (k < callee.function().getSignature().getInputArgCount()) {
					final String v = variable(s, in, argVars);
					if (v != null) calleeVars.put(callee.function().getSignature().getInputArg(k).getName(),
						v);
				}
				k++;
			}
			walk(callee, p, calleeVars);
		}
	}

	/**
	 * The variable a reference is: a {@code VarHandleOp} or {@code VariableV2} node (its
	 * {@code shared_name}, else its name), through identities and the body's resource
	 * arguments; null for anything else.
	 */
	private static String variable(final GraphDepth.Scope s, String ref,
		final Map<String, String> argVars)
	{
		for (int guard = 0; guard < 64; guard++) {
			final NodeDef n = s.node(ref);
			if (n == null) return s.inFunction() ? argVars.get(nodeName(ref)) : null;
			if (VARIABLE_OPS.contains(n.getOp())) {
				final AttrValue shared = n.getAttrMap().get("shared_name");
				return shared != null && !shared.getS().isEmpty() ? shared.getS().toStringUtf8() : n
					.getName();
			}
			if (!n.getOp().equals("Identity") || n.getInputCount() == 0 || n.getInput(0).startsWith(
				"^")) return null;
			ref = n.getInput(0);
		}
		return null;
	}

	/**
	 * The Keras name of a layer from the variables its operations read: Keras names them
	 * {@code layer/kernel} (Keras 3: also {@code model/layer/kernel}), while Keras 3's export puts
	 * the operations in the scope {@code layer_<n>}. The component of the variables' names that is
	 * the scope's name, or the scope's name less one {@code _<n>} suffix; null if the variables do
	 * not say, or disagree.
	 */
	static String kerasName(final String scopeName, final Set<String> variables) {
		String keras = null;
		for (final String v : variables) {
			final String[] parts = v.split("/");
			String hit = null;
			for (int i = parts.length - 2; i >= 0 && hit == null; i--)
				if (parts[i].equals(scopeName) || suffixed(scopeName, parts[i])) hit = parts[i];
			if (hit == null) continue;
			if (keras != null && !keras.equals(hit)) return null;
			keras = hit;
		}
		return keras;
	}

	/**
	 * Keras 3 exports enter every layer's name scope twice, so every layer of a model carries the
	 * suffix. Where the variables of one layer prove it (its scope {@code conv2d_2_1}, its
	 * variables {@code conv2d_2/…}) and none of its siblings' disprove it, the siblings without
	 * variables ({@code flatten_1}, {@code max_pooling2d_3_1}) lose theirs too.
	 */
	private static void inferKerasNames(final java.util.Collection<Found> layers) {
		final Set<String> suffixedParents = new HashSet<>();
		final Set<String> plainParents = new HashSet<>();
		for (final Found l : layers) {
			if (l.keras == null) continue;
			(l.keras.equals(last(l.scope)) ? plainParents : suffixedParents).add(parent(l.scope));
		}
		suffixedParents.removeAll(plainParents);
		for (final Found l : layers) {
			if (l.keras != null || !suffixedParents.contains(parent(l.scope))) continue;
			final String g = last(l.scope);
			final int underscore = g.lastIndexOf('_');
			if (underscore > 0 && suffixed(g, g.substring(0, underscore))) l.keras = g.substring(0,
				underscore);
		}
	}

	/**
	 * How the node names of one body fall into layer scopes. A name scope is a layer's scope;
	 * sub-scopes that belong to one operation ({@code conv2d/Conv2D/ReadVariableOp} beside the
	 * {@code conv2d/Conv2D} node) or to TensorFlow's own constructs count as their parent. A scope
	 * that is also a node's name is a layer's own scope, not an operation's, when its variables
	 * are named after it ({@code word_dense/kernel}), or when its operations go on from that node
	 * ({@code word_dense/BiasAdd} consumes {@code word_dense}) inside a scope that holds other
	 * layers: an enclosing model's name never takes a layer whose own scope is known.
	 */
	private static final class Scopes {

		final Set<String> names;
		/** Variables read by each node that reads one directly. */
		final Map<String, Set<String>> varsOfNode = new LinkedHashMap<>();
		/** Variables read by a node or anything under it, by node name or scope. */
		private final Map<String, Set<String>> varsUnder = new HashMap<>();
		/** Scopes that hold a sub-scope of their own (not an operation's): other layers. */
		private final Set<String> containers = new HashSet<>();
		/** Nodes consumed by a node of their own sub-scope. */
		private final Set<String> continued = new HashSet<>();

		Scopes(final GraphDepth.Scope s, final Map<String, String> argVars) {
			names = s.nodes().keySet();
			for (final NodeDef n : s.nodes().values()) {
				for (String p = parent(n.getName()); !p.isEmpty(); p = parent(p))
					if (!names.contains(p) && !OWN_SUBSCOPE.matcher(last(p)).matches()) containers.add(
						parent(p));
				for (final String in : n.getInputList()) {
					if (in.startsWith("^")) continue;
					final String producer = nodeName(in);
					if (n.getName().startsWith(producer + "/")) continued.add(producer);
					final String v = variable(s, in, argVars);
					if (v == null) continue;
					varsOfNode.computeIfAbsent(n.getName(), k -> new java.util.LinkedHashSet<>()).add(v);
					for (String q = n.getName(); !q.isEmpty(); q = parent(q))
						varsUnder.computeIfAbsent(q, k -> new HashSet<>()).add(v);
				}
			}
		}

		/** Whether a node's name is also a layer's own scope (see the class comment). */
		boolean isLayerScope(final String name) {
			if (!names.contains(name) || OWN_SUBSCOPE.matcher(last(name)).matches()) return false;
			for (final String v : varsUnder.getOrDefault(name, Set.of())) {
				final String[] parts = v.split("/");
				for (int i = 0; i < parts.length - 1; i++)
					if (parts[i].equals(last(name)) || suffixed(last(name), parts[i])) return true;
			}
			return continued.contains(name) && containers.contains(parent(name));
		}

		/** The layer scope of a node; empty for top-level names. */
		String layerScope(final String nodeName) {
			if (isLayerScope(nodeName)) return nodeName;
			String scope = parent(nodeName);
			while (!scope.isEmpty() && (names.contains(scope) && !isLayerScope(scope) ||
				OWN_SUBSCOPE.matcher(last(scope)).matches()))
				scope = parent(scope);
			return scope;
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
		final Found f = new Found(path, scope, ref, inner, opType, kind, shape(sink, index), graph
			.opDefs().type(sink, index), s.depth(ref), canonical(s, path, ref));
		f.computes = f.canonical.equals(String.join("/", path) + "|" + inner);
		return f;
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
	 * Unique user-facing names: the scope's last component, longer where ambiguous; once from the
	 * graph's scopes alone ({@link Found#graphName}, what the names always were) and once with the
	 * Keras names the variables show ({@link Found#name}).
	 */
	private void name() {
		assign(f -> f.scope.split("/"), (f, n) -> f.graphName = n);
		assign(f -> {
			final String[] parts = f.scope.split("/");
			if (f.keras != null) parts[parts.length - 1] = f.keras;
			return parts;
		}, (f, n) -> f.name = n);
	}

	private void assign(final java.util.function.Function<Found, String[]> partsOf,
		final java.util.function.BiConsumer<Found, String> set)
	{
		final Map<String, List<Found>> byLast = new LinkedHashMap<>();
		for (final Found f : found) {
			final String[] parts = partsOf.apply(f);
			byLast.computeIfAbsent(parts[parts.length - 1], k -> new ArrayList<>()).add(f);
		}
		final Set<String> used = new HashSet<>();
		for (final Map.Entry<String, List<Found>> e : byLast.entrySet()) {
			if (e.getValue().size() == 1) {
				set.accept(e.getValue().get(0), e.getKey());
				used.add(e.getKey());
			}
		}
		for (final Map.Entry<String, List<Found>> e : byLast.entrySet()) {
			if (e.getValue().size() == 1) continue;
			for (final Found f : e.getValue()) {
				final String[] parts = partsOf.apply(f);
				String n = null;
				for (int k = 2; k <= parts.length; k++) {
					final String candidate = String.join("/", Arrays.copyOfRange(parts, parts.length - k,
						parts.length));
					if (!used.contains(candidate) && e.getValue().stream().filter(o -> String.join("/",
						partsOf.apply(o)).endsWith(candidate)).count() == 1)
					{
						n = candidate;
						break;
					}
				}
				if (n == null || used.contains(n)) n = stripIndex(f.tensorName);
				set.accept(f, n);
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
