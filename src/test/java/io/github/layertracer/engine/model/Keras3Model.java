/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A SavedModel written node by node the way Keras 3's {@code model.export} (TensorFlow 2.16+)
 * names things: resource variables named after their Keras layer ({@code conv2d/kernel}), the
 * layers' operations in a function body under scopes that carry one more suffix
 * ({@code functional_1/conv2d_1/…} for the layer {@code conv2d}, {@code conv2d_1_2/…} for
 * {@code conv2d_1}, {@code flatten_1}, {@code dense_1}), and the signature output
 * {@code output_0}. The variables are set by the initialisation operation, as a Keras 3 export
 * restores them; with {@code kerasVariableNames} false they are named {@code v0…v5}, so only the
 * graph's names are left.
 * <p>
 * The network, on 4 x 4 x 1 images: conv2d (3 x 3, SAME, 2 filters, ReLU), conv2d_1 (3 x 3,
 * SAME, 2 filters, ReLU), flatten, dense (3 logits); weights from {@link #weight}.
 * </p>
 */
final class Keras3Model {

	static final String BODY = "__inference_serving_default_1234";

	private Keras3Model() {}

	private static final AttrValue FLOAT = AttrValue.newBuilder().setType(DataType.DT_FLOAT)
		.build();

	/** The weights, seeded and small: value {@code i} of variable {@code v}. */
	static float weight(final int v, final int i) {
		return (float) Math.sin(1.3 * (v + 1) + 0.7 * i) / 2;
	}

	static float[] weights(final int v, final int size) {
		final float[] w = new float[size];
		for (int i = 0; i < size; i++)
			w[i] = weight(v, i);
		return w;
	}

	/** Variable shapes in order: conv2d kernel, bias, conv2d_1 kernel, bias, dense kernel, bias. */
	static final long[][] SHAPES = { { 3, 3, 1, 2 }, { 2 }, { 3, 3, 2, 2 }, { 2 }, { 32, 3 }, {
		3 } };
	static final String[] KERAS_NAMES = { "conv2d/kernel", "conv2d/bias", "conv2d_1/kernel",
		"conv2d_1/bias", "dense/kernel", "dense/bias" };

	static int size(final long[] shape) {
		int n = 1;
		for (final long d : shape)
			n *= (int) d;
		return n;
	}

	private static AttrValue shape(final long... dims) {
		final TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
		for (final long d : dims)
			s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
		return AttrValue.newBuilder().setShape(s).build();
	}

	private static AttrValue ints(final long... values) {
		final AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
		for (final long v : values)
			l.addI(v);
		return AttrValue.newBuilder().setList(l).build();
	}

	private static AttrValue string(final String s) {
		return AttrValue.newBuilder().setS(com.google.protobuf.ByteString.copyFromUtf8(s)).build();
	}

	private static NodeDef.Builder node(final String name, final String op, final String... in) {
		return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(in));
	}

	private static NodeDef floatConst(final String name, final long[] shape, final float[] v) {
		final TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
			.setTensorShape(shape(shape).getShape());
		for (final float x : v)
			t.addFloatVal(x);
		return node(name, "Const").putAttr("dtype", FLOAT).putAttr("value", AttrValue.newBuilder()
			.setTensor(t).build()).build();
	}

	private static NodeDef intConst(final String name, final int... v) {
		final TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
			.setTensorShape(shape(v.length).getShape());
		for (final int x : v)
			t.addIntVal(x);
		return node(name, "Const").putAttr("dtype", AttrValue.newBuilder().setType(
			DataType.DT_INT32).build()).putAttr("value", AttrValue.newBuilder().setTensor(t).build())
			.build();
	}

	private static NodeDef read(final String name, final String resource) {
		return node(name, "ReadVariableOp", resource).putAttr("dtype", FLOAT).build();
	}

	private static NodeDef binary(final String name, final String op, final String a,
		final String b)
	{
		return node(name, op, a, b).putAttr("T", FLOAT).build();
	}

	/** A Keras 3 convolution: convolution, reshaped bias, add, ReLU, under the graph scope. */
	private static void conv(final List<NodeDef> body, final String scope, final String input,
		final String kernelArg, final String biasArg, final int channels)
	{
		body.add(read(scope + "/convolution/ReadVariableOp", kernelArg));
		body.add(node(scope + "/convolution", "Conv2D", input, scope +
			"/convolution/ReadVariableOp:value:0").putAttr("T", FLOAT).putAttr("strides", ints(1, 1,
				1, 1)).putAttr("padding", string("SAME")).putAttr("data_format", string("NHWC"))
			.putAttr("dilations", ints(1, 1, 1, 1)).build());
		body.add(read(scope + "/Reshape/ReadVariableOp", biasArg));
		body.add(intConst(scope + "/Reshape/shape", 1, 1, 1, channels));
		body.add(node(scope + "/Reshape", "Reshape", scope + "/Reshape/ReadVariableOp:value:0",
			scope + "/Reshape/shape:output:0").putAttr("T", FLOAT).putAttr("Tshape", AttrValue
				.newBuilder().setType(DataType.DT_INT32).build()).build());
		body.add(binary(scope + "/add", "AddV2", scope + "/convolution:output:0", scope +
			"/Reshape:output:0"));
		body.add(node(scope + "/Relu", "Relu", scope + "/add:z:0").putAttr("T", FLOAT).build());
	}

	/** Writes the model; returns its folder. */
	static Path write(final Path dir, final boolean kerasVariableNames) throws IOException {
		final String[] args = { "functional_1_conv2d_1_convolution_readvariableop_resource",
			"functional_1_conv2d_1_reshape_readvariableop_resource",
			"functional_1_conv2d_1_2_convolution_readvariableop_resource",
			"functional_1_conv2d_1_2_reshape_readvariableop_resource",
			"functional_1_dense_1_matmul_readvariableop_resource",
			"functional_1_dense_1_add_readvariableop_resource" };
		final List<NodeDef> body = new ArrayList<>();
		conv(body, "functional_1/conv2d_1", "keras_tensor", args[0], args[1], 2);
		conv(body, "functional_1/conv2d_1_2", "functional_1/conv2d_1/Relu:activations:0", args[2],
			args[3], 2);
		body.add(intConst("functional_1/flatten_1/Reshape/shape", -1, 32));
		body.add(node("functional_1/flatten_1/Reshape", "Reshape",
			"functional_1/conv2d_1_2/Relu:activations:0",
			"functional_1/flatten_1/Reshape/shape:output:0").putAttr("T", FLOAT).putAttr("Tshape",
				AttrValue.newBuilder().setType(DataType.DT_INT32).build()).build());
		body.add(read("functional_1/dense_1/MatMul/ReadVariableOp", args[4]));
		body.add(binary("functional_1/dense_1/MatMul", "MatMul",
			"functional_1/flatten_1/Reshape:output:0",
			"functional_1/dense_1/MatMul/ReadVariableOp:value:0"));
		body.add(read("functional_1/dense_1/Add/ReadVariableOp", args[5]));
		body.add(binary("functional_1/dense_1/Add", "AddV2", "functional_1/dense_1/MatMul:product:0",
			"functional_1/dense_1/Add/ReadVariableOp:value:0"));
		body.add(node("Identity", "Identity", "functional_1/dense_1/Add:z:0").putAttr("T", FLOAT)
			.build());

		final FunctionDef.Builder fn = FunctionDef.newBuilder().addAllNodeDef(body).putRet(
			"output_0", "Identity:output:0");
		final OpDef.Builder sig = fn.getSignatureBuilder().setName(BODY).setIsStateful(true)
			.addInputArg(OpDef.ArgDef.newBuilder().setName("keras_tensor").setType(
				DataType.DT_FLOAT));
		for (final String a : args)
			sig.addInputArg(OpDef.ArgDef.newBuilder().setName(a).setType(DataType.DT_RESOURCE));
		sig.addOutputArg(OpDef.ArgDef.newBuilder().setName("output_0").setType(DataType.DT_FLOAT));

		final GraphDef.Builder g = GraphDef.newBuilder();
		g.addNode(node("serve_keras_tensor", "Placeholder").putAttr("dtype", FLOAT).putAttr("shape",
			shape(-1, 4, 4, 1)));
		final NodeDef.Builder call = node("StatefulPartitionedCall", "StatefulPartitionedCall",
			"serve_keras_tensor");
		final AttrValue.ListValue.Builder tin = AttrValue.ListValue.newBuilder().addType(
			DataType.DT_FLOAT);
		final NodeDef.Builder init = node("NoOp", "NoOp");
		for (int v = 0; v < SHAPES.length; v++) {
			final String name = kerasVariableNames ? KERAS_NAMES[v] : "v" + v;
			g.addNode(node(name, "VarHandleOp").putAttr("dtype", FLOAT).putAttr("shape", shape(
				SHAPES[v])).putAttr("shared_name", string(name)));
			g.addNode(floatConst("init/value_" + v, SHAPES[v], weights(v, size(SHAPES[v]))));
			g.addNode(node("init/assign_" + v, "AssignVariableOp", name, "init/value_" + v).putAttr(
				"dtype", FLOAT));
			init.addInput("^init/assign_" + v);
			call.addInput(name);
			tin.addType(DataType.DT_RESOURCE);
		}
		g.addNode(init);
		g.addNode(call.putAttr("Tin", AttrValue.newBuilder().setList(tin).build()).putAttr("Tout",
			AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder().addType(
				DataType.DT_FLOAT)).build()).putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList
					.newBuilder().setName(BODY)).build()));
		g.getLibraryBuilder().addFunction(fn);
		g.getVersionsBuilder().setProducer(1994);

		final MetaGraphDef.Builder m = MetaGraphDef.newBuilder().setGraphDef(g);
		m.getMetaInfoDefBuilder().addTags("serve");
		m.putSignatureDef("serving_default", SignatureDef.newBuilder().setMethodName(
			"tensorflow/serving/predict").putInputs("keras_tensor", TensorInfo.newBuilder().setName(
				"serve_keras_tensor:0").setDtype(DataType.DT_FLOAT).setTensorShape(shape(-1, 4, 4, 1)
					.getShape()).build()).putOutputs("output_0", TensorInfo.newBuilder().setName(
						"StatefulPartitionedCall:0").setDtype(DataType.DT_FLOAT).setTensorShape(shape(-1, 3)
							.getShape()).build()).build());
		m.putSignatureDef("__saved_model_init_op", SignatureDef.newBuilder().putOutputs(
			"__saved_model_init_op", TensorInfo.newBuilder().setName("NoOp").build()).build());
		Files.createDirectories(dir);
		Files.write(dir.resolve("saved_model.pb"), SavedModel.newBuilder()
			.setSavedModelSchemaVersion(1).addMetaGraphs(m).build().toByteArray());
		return dir;
	}

	/** Convolution 3 x 3, SAME, stride 1, plus bias, then ReLU, by hand: {@code [4, 4, ci]} in. */
	static float[] convRelu(final float[] in, final int ci, final float[] kernel,
		final float[] bias, final int co)
	{
		final float[] out = new float[4 * 4 * co];
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 4; x++)
				for (int o = 0; o < co; o++) {
					double s = bias[o];
					for (int dy = 0; dy < 3; dy++)
						for (int dx = 0; dx < 3; dx++) {
							final int iy = y + dy - 1, ix = x + dx - 1;
							if (iy < 0 || ix < 0 || iy >= 4 || ix >= 4) continue;
							for (int i = 0; i < ci; i++)
								s += in[(iy * 4 + ix) * ci + i] * (double) kernel[((dy * 3 + dx) * ci + i) * co +
									o];
						}
					out[(y * 4 + x) * co + o] = (float) Math.max(0, s);
				}
		return out;
	}

	/** The first and second convolutions' outputs of an image, by hand. */
	static float[][] convolutions(final float[] image) {
		final float[] a = convRelu(image, 1, weights(0, 18), weights(1, 2), 2);
		final float[] b = convRelu(a, 2, weights(2, 36), weights(3, 2), 2);
		return new float[][] { a, b };
	}

	/** The logits by hand. */
	static float[] logits(final float[] image) {
		final float[] flat = convolutions(image)[1];
		final float[] w = weights(4, 96), bias = weights(5, 3);
		final float[] out = new float[3];
		for (int k = 0; k < 3; k++) {
			double s = bias[k];
			for (int i = 0; i < 32; i++)
				s += flat[i] * (double) w[i * 3 + k];
			out[k] = (float) s;
		}
		return out;
	}
}
