/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * The rules of {@link LayerFinder} on graphs written node by node, so that the answer is known
 * without TensorFlow's help.
 */
public class LayerFinderTest {

	static final AttrValue FLOAT = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();

	/** A float node of the top-level graph: {@code op(inputs)} with {@code T = float}. */
	static NodeDef op(final String name, final String op, final String... inputs) {
		final NodeDef.Builder b = NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(
			inputs));
		if (op.equals("Placeholder") || op.equals("Const")) b.putAttr("dtype", FLOAT);
		else b.putAttr("T", FLOAT);
		return b.build();
	}

	static GraphDef graph(final NodeDef... nodes) {
		final GraphDef.Builder g = GraphDef.newBuilder();
		for (final NodeDef n : nodes)
			g.addNode(n);
		return g.build();
	}

	/** Layer name to the reference of its output. */
	static Map<String, String> layers(final GraphDef g) {
		final Map<String, String> out = new LinkedHashMap<>();
		for (final LayerFinder.Found f : LayerFinder.find(g, "image").all)
			out.put(f.name, f.ref);
		return out;
	}

	@Test
	public void aScopesOutputIsItsDeepestUnconsumedOperation() {
		// scope blk: x = relu(image) feeds deep = relu(x) (depth 2); shallow = neg(image) (depth 1)
		// is unconsumed too. The layer's output is the deeper sink, whatever the node order.
		final NodeDef image = op("image", "Placeholder");
		final NodeDef x = op("blk/x", "Relu", "image");
		final NodeDef deep = op("blk/deep", "Relu", "blk/x");
		final NodeDef shallow = op("blk/shallow", "Neg", "image");
		final List<List<NodeDef>> orders = List.of(List.of(image, x, deep, shallow), List.of(image,
			shallow, x, deep), List.of(image, x, shallow, deep));
		for (final List<NodeDef> order : orders) {
			final Map<String, String> found = layers(graph(order.toArray(new NodeDef[0])));
			assertEquals(Map.of("blk", "blk/deep:0"), found, names(order));
		}
	}

	private static String names(final List<NodeDef> nodes) {
		final List<String> n = new ArrayList<>();
		nodes.forEach(x -> n.add(x.getName()));
		return "node order " + n;
	}

	@Test
	public void aLayerWhoseFirstNodeIsNamedLikeItsScopeKeepsItsName() {
		// word_dense's MatMul is named "functional_7/word_dense", its BiasAdd and ReLU sit under
		// it: the scope is the layer's own, not the MatMul's, so the layer is word_dense and never
		// the enclosing model functional_7
		final GraphDef g = graph(op("image", "Placeholder"), op("w", "Const"), op("b", "Const"), op(
			"functional_7/embed/MatMul", "MatMul", "image", "w"), op("functional_7/embed/Relu", "Relu",
				"functional_7/embed/MatMul"), op("functional_7/word_dense", "MatMul",
					"functional_7/embed/Relu", "w"), op("functional_7/word_dense/BiasAdd", "BiasAdd",
						"functional_7/word_dense", "b"), op("functional_7/word_dense/Relu", "Relu",
							"functional_7/word_dense/BiasAdd"), op("functional_7/Identity", "Identity",
								"functional_7/word_dense/Relu"));
		assertEquals(Map.of("embed", "functional_7/embed/Relu:0", "word_dense",
			"functional_7/word_dense/Relu:0"), layers(g));
	}

	@Test
	public void anOperationsOwnSubScopeStillCountsAsItsLayer() {
		// conv1d/Conv1D is a node with helpers under it (ExpandDims before, Squeeze after, as
		// Keras 2's Conv1D has them): they are the operation's, the layer is conv1d
		final GraphDef g = graph(op("image", "Placeholder"), op("w", "Const"), op(
			"conv1d/Conv1D/ExpandDims", "Relu", "image"), op("conv1d/Conv1D", "Conv2D",
				"conv1d/Conv1D/ExpandDims", "w"), op("conv1d/Conv1D/Squeeze", "Relu", "conv1d/Conv1D"),
			op("conv1d/BiasAdd", "BiasAdd", "conv1d/Conv1D/Squeeze", "w"), op("conv1d/Relu", "Relu",
				"conv1d/BiasAdd"));
		assertEquals(Map.of("conv1d", "conv1d/Relu:0"), layers(g));
	}

	@Test
	public void anEnclosingModelsIdentityDoesNotTakeItsLastLayer() {
		// the model's own scope appears first (an identity of its input) and ends in an identity
		// of its last layer: one value, two scopes; the layer that computes it keeps it
		final GraphDef g = graph(op("image", "Placeholder"), op("w", "Const"), op(
			"outer/input_identity", "Identity", "image"), op("outer/dense/MatMul", "MatMul",
				"outer/input_identity", "w"), op("outer/dense/Relu", "Relu", "outer/dense/MatMul"), op(
					"outer/Identity", "Identity", "outer/dense/Relu"));
		assertEquals(Map.of("dense", "outer/dense/Relu:0"), layers(g));
	}
}
