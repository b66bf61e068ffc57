/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Print;
import org.tensorflow.op.core.StatefulPartitionedCall;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.types.TFloat32;

/**
 * SavedModels of our own, built with TF Java, whose graphs touch files: each is the 3-class
 * classifier of {@link TinyModels} (same weights, same logits) with one operation that reads,
 * writes, prints to or lists files, run whenever the logits are, through a control dependency.
 */
final class FileOpModels {

	private FileOpModels() {}

	/** A classifier whose logits need {@code effect} to have run (a control dependency). */
	private static Path export(final Path out, final BiFunction<Ops, Operand<TFloat32>, Op> effect)
		throws IOException
	{
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final Placeholder<TFloat32> x = tf.withName("image").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, TinyModels.SIZE, TinyModels.SIZE, 1)));
			final var w = tf.withSubScope("dense").withName("kernel").variable(tf.constant(Shape.of(
				TinyModels.SIZE * TinyModels.SIZE, 3), DataBuffers.of(TinyModels.weights(3), true,
					false)));
			final Operand<TFloat32> y = tf.linalg.matMul(tf.reshape(x, tf.constant(new long[] { -1,
				TinyModels.SIZE * TinyModels.SIZE })), w);
			final Op e = effect.apply(tf, y);
			final Operand<TFloat32> logits = tf.withControlDependencies(List.of(e)).withName("logits")
				.identity(y);
			try (Session s = new Session(g)) {
				s.initialize();
				SavedModelBundle.exporter(out.toString()).withSession(s).withSignature(Signature
					.builder().input("image", x).output("logits", logits).build()).export();
			}
		}
		return out;
	}

	/** (a) Reads {@code source} and writes its bytes to {@code target}. */
	static Path readWrite(final Path out, final Path source, final Path target)
		throws IOException
	{
		return export(out, (tf, y) -> tf.withName("copy_secret").io.writeFile(tf.constant(target
			.toString()), tf.withName("read_secret").io.readFile(tf.constant(source.toString()))));
	}

	/** (b) Prints a line to {@code target} through PrintV2's {@code file://} stream. */
	static Path printToFile(final Path out, final Path target) throws IOException {
		return export(out, (tf, y) -> tf.withName("print_to_file").print(tf.constant(
			"printed by the model"), Print.outputStream("file://" + target)));
	}

	/** (c) Lists the files matching {@code pattern}. */
	static Path matchingFiles(final Path out, final String pattern) throws IOException {
		return export(out, (tf, y) -> tf.withName("list_home").io.matchingFiles(tf.constant(
			pattern)));
	}

	/**
	 * (d) The network in a function body called by a StatefulPartitionedCall, as TF2 exports
	 * are; the body writes {@code target} before it returns the logits. The top-level graph has
	 * no file operation.
	 */
	static Path writeInFunction(final Path out, final Path target) throws IOException {
		try (Graph g = new Graph();
				ConcreteFunction body = ConcreteFunction.create(ft -> {
					final Placeholder<TFloat32> in = ft.placeholder(TFloat32.class, Placeholder.shape(
						Shape.of(-1, TinyModels.SIZE, TinyModels.SIZE, 1)));
					final Placeholder<TFloat32> w = ft.placeholder(TFloat32.class, Placeholder.shape(
						Shape.of(TinyModels.SIZE * TinyModels.SIZE, 3)));
					final Op write = ft.withName("write_from_body").io.writeFile(ft.constant(target
						.toString()), ft.constant("written inside a function"));
					final Operand<TFloat32> y = ft.withControlDependencies(List.of(write)).identity(ft
						.linalg.matMul(ft.reshape(in, ft.constant(new long[] { -1, TinyModels.SIZE *
							TinyModels.SIZE })), w));
					return Signature.builder().key("__inference_model_with_a_write").input("image", in)
						.input("w", w).output("output", y).build();
				}))
		{
			final Ops tf = Ops.create(g);
			final Placeholder<TFloat32> x = tf.withName("image").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, TinyModels.SIZE, TinyModels.SIZE, 1)));
			final var w = tf.withSubScope("dense").withName("kernel").variable(tf.constant(Shape.of(
				TinyModels.SIZE * TinyModels.SIZE, 3), DataBuffers.of(TinyModels.weights(3), true,
					false)));
			final StatefulPartitionedCall call = StatefulPartitionedCall.create(tf.scope().withName(
				"StatefulPartitionedCall"), List.of(x, tf.identity(w)), List.of(TFloat32.class), body);
			@SuppressWarnings("unchecked")
			final Operand<TFloat32> logits = tf.withName("logits").identity((Operand<TFloat32>) call
				.output().get(0));
			try (Session s = new Session(g)) {
				s.initialize();
				SavedModelBundle.exporter(out.toString()).withSession(s).withSignature(Signature
					.builder().input("image", x).output("logits", logits).build()).export();
			}
		}
		return out;
	}

	/**
	 * (e) The plain classifier whose initialisation operation, which TensorFlow runs while it
	 * loads the model, writes {@code target}: the saved_model.pb of our export, rewritten.
	 */
	static Path writeOnLoad(final Path out, final Path target) throws IOException {
		TinyModels.exported(out, "serve");
		rewrite(out, m -> {
			final MetaGraphDef.Builder b = m.toBuilder();
			b.getGraphDefBuilder().addNode(constString("init/target", target.toString())).addNode(
				constString("init/contents", "written while loading")).addNode(NodeDef.newBuilder()
					.setName("init/write").setOp("WriteFile").addInput("init/target").addInput(
						"init/contents"));
			b.putSignatureDef("__saved_model_init_op", SignatureDef.newBuilder().putOutputs(
				"__saved_model_init_op", TensorInfo.newBuilder().setName("init/write").build())
				.build());
			return b.build();
		});
		return out;
	}

	/** A scalar string constant. */
	static NodeDef constString(final String name, final String value) {
		return NodeDef.newBuilder().setName(name).setOp("Const").putAttr("dtype", AttrValue
			.newBuilder().setType(DataType.DT_STRING).build()).putAttr("value", AttrValue.newBuilder()
				.setTensor(TensorProto.newBuilder().setDtype(DataType.DT_STRING).addStringVal(
					com.google.protobuf.ByteString.copyFromUtf8(value))).build()).build();
	}

	/** Rewrites the only meta graph of a SavedModel folder. */
	static void rewrite(final Path folder, final java.util.function.UnaryOperator<MetaGraphDef> f)
		throws IOException
	{
		final Path pb = folder.resolve("saved_model.pb");
		final SavedModel m = SavedModel.parseFrom(Files.readAllBytes(pb));
		Files.write(pb, m.toBuilder().setMetaGraphs(0, f.apply(m.getMetaGraphs(0))).build()
			.toByteArray());
	}
}
