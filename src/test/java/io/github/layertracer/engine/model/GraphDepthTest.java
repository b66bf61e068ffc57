/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * Depth is the longest path from the image input, through function calls, counted by hand on
 * graphs written here as protos.
 */
public class GraphDepthTest {

	private static NodeDef node(final String name, final String op, final String... inputs) {
		return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(inputs)).build();
	}

	@Test
	public void aResidualAddIsAsDeepAsItsDeepestInput() {
		// in -> a -> b; c = Add(in, b): the first input is the shallow one
		final GraphDef g = GraphDef.newBuilder().addNode(node("in", "Placeholder")).addNode(node(
			"a", "Relu", "in")).addNode(node("b", "Relu", "a")).addNode(node("c", "AddV2", "in:0",
				"b")).addNode(node("k", "Const")).addNode(node("d", "Mul", "k", "c")).build();
		final GraphDepth.Analysis an = GraphDepth.analyse(g, "in", List.of("a:0", "b:0", "c:0",
			"d:0", "k:0"));
		assertEquals(1, an.depth("a:0").getAsInt());
		assertEquals(2, an.depth("b:0").getAsInt());
		assertEquals(3, an.depth("c:0").getAsInt());
		assertEquals(4, an.depth("d:0").getAsInt());
		assertFalse(an.depth("k:0").isPresent(), "a constant does not depend on the image");
	}

	@Test
	public void depthContinuesInsideAFunctionBody() {
		// in -> pre -> call f(x): body y = Relu(Relu(x)) -> post
		final FunctionDef f = FunctionDef.newBuilder().setSignature(OpDef.newBuilder().setName("f")
			.addInputArg(OpDef.ArgDef.newBuilder().setName("x")).addOutputArg(OpDef.ArgDef
				.newBuilder().setName("y"))).addNodeDef(node("r1", "Relu", "x")).addNodeDef(node("r2",
					"Relu", "r1:activations:0")).putRet("y", "r2:activations:0").build();
		final NodeDef call = NodeDef.newBuilder().setName("call").setOp("StatefulPartitionedCall")
			.addInput("pre").putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder()
				.setName("f")).build()).build();
		final GraphDef g = GraphDef.newBuilder().addNode(node("in", "Placeholder")).addNode(node(
			"pre", "Relu", "in")).addNode(call).addNode(node("post", "Relu", "call:0")).setLibrary(
				FunctionDefLibrary.newBuilder().addFunction(f)).build();
		final GraphDepth.Analysis an = GraphDepth.analyse(g, "in", List.of("call:0", "post:0"));
		assertEquals(3, an.depth("call:0").getAsInt(), "pre, r1, r2");
		assertEquals(4, an.depth("post:0").getAsInt());
		assertEquals("Relu", an.producerType("call:0"), "looked through the call");
	}

	@Test
	public void outputsArgumentsControlInputsAndDirectCalls() {
		// g(x, y) returns (Relu(x), Relu(Relu(y))); called directly (op = "g") with a control
		// input first, and through IdentityN
		final FunctionDef g = FunctionDef.newBuilder().setSignature(OpDef.newBuilder().setName("g")
			.addInputArg(OpDef.ArgDef.newBuilder().setName("x")).addInputArg(OpDef.ArgDef
				.newBuilder().setName("y")).addOutputArg(OpDef.ArgDef.newBuilder().setName("a"))
			.addOutputArg(OpDef.ArgDef.newBuilder().setName("b"))).addNodeDef(node("r", "Relu",
				"x")).addNodeDef(node("s1", "Relu", "y")).addNodeDef(node("s2", "Relu",
					"s1:activations:0")).putRet("a", "r:activations:0").putRet("b", "s2:activations:0")
			.build();
		final GraphDef graph = GraphDef.newBuilder().addNode(node("in", "Placeholder")).addNode(
			node("deep", "Relu", "in")).addNode(node("deeper", "Relu", "deep")).addNode(node("k",
				"Const")).addNode(node("call", "g", "^k", "in", "deeper")).addNode(node("ids",
					"IdentityN", "call:1", "call:0")).addNode(node("loop1", "Relu", "loop2")).addNode(node(
						"loop2", "Relu", "loop1")).setLibrary(FunctionDefLibrary.newBuilder().addFunction(g))
			.build();
		final GraphDepth.Analysis an = GraphDepth.analyse(graph, "in", List.of("call:0", "call:1",
			"ids:0", "ids:1", "loop1:0", "deep"));
		assertEquals(1, an.depth("call:0").getAsInt(), "a = Relu(in)");
		assertEquals(4, an.depth("call:1").getAsInt(), "b = Relu(Relu(deeper))");
		assertEquals(5, an.depth("ids:0").getAsInt(), "one past its deepest input");
		assertEquals("Relu", an.producerType("ids:1"));
		assertFalse(an.depth("loop1:0").isPresent(), "a cycle without the input has no depth");
		assertEquals(1, an.depth("deep").getAsInt(), "a node name alone is its output 0");
	}
}
