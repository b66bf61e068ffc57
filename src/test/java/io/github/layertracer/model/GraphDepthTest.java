package io.github.layertracer.model;

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
}
