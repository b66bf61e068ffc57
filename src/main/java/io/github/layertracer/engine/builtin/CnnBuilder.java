/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.builtin;

import io.github.layertracer.api.AtomicFiles;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.model.TensorFlowErrors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.StatefulPartitionedCall;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Builds, trains and exports the built-in CNNs with TensorFlow Java, so that every model the
 * project ships is made by its own code, reproducibly from a seed.
 * <p>
 * The export has a {@code serving_default} signature with input {@code image}
 * ({@code [-1, H, W, C]}), one output per block (or per convolution) and {@code logits}. With
 * {@link ExportStyle#FUNCTION} the network lives in a function body called through a
 * {@code StatefulPartitionedCall}, the way TF2/Keras exports are built.
 * </p>
 */
public final class CnnBuilder {

	/** How the exported graph is structured. */
	public enum ExportStyle {
		/** Every operation in the main graph; the signature returns every layer output. */
		GRAPH,
		/**
		 * As Keras exports: the signature returns the logits only, the network lives in a function
		 * body ({@code model/block1/…}) called by a signature wrapper function, called by one
		 * StatefulPartitionedCall of the top-level graph.
		 */
		FUNCTION,
		/**
		 * As {@link #FUNCTION}, with every block in a function of its own called from the model's
		 * body (as Keras exports with per-layer {@code …_layer_call…} functions): three levels.
		 */
		NESTED
	}

	/** Training settings. */
	public static final class Training {

		public final int epochs;
		public final int batchSize;
		public final float learningRate;
		public final long seed;
		/**
		 * Weight of a center loss on the last block (Wen et al., 2016): the mean squared distance
		 * of each feature map to its class's learned center, per feature. It makes the last
		 * block's class means tight, as long training does (neural collapse); 0 turns it off.
		 */
		public final float centerLoss;

		public Training(final int epochs, final int batchSize, final float learningRate,
			final long seed)
		{
			this(epochs, batchSize, learningRate, seed, 0);
		}

		public Training(final int epochs, final int batchSize, final float learningRate,
			final long seed, final float centerLoss)
		{
			this.epochs = epochs;
			this.batchSize = batchSize;
			this.learningRate = learningRate;
			this.seed = seed;
			this.centerLoss = centerLoss;
		}
	}

	/** Trained weights and what they scored on held-out data. */
	public static final class Trained {

		public final CnnSpec spec;
		public final List<float[]> weights;
		/** Accuracy on the test set, or NaN when there was none. */
		public final double testAccuracy;
		public final double seconds;

		Trained(final CnnSpec spec, final List<float[]> weights, final double testAccuracy,
			final double seconds)
		{
			this.spec = spec;
			this.weights = weights;
			this.testAccuracy = testAccuracy;
			this.seconds = seconds;
		}

		/**
		 * The same weights in a network that scales its input itself (see
		 * {@link CnnSpec#withInputScaling}): with input {@code (v - offset) / scale} it computes
		 * what this network computes with {@code v}.
		 */
		public Trained withInputScaling(final float scale, final float offset) {
			return new Trained(spec.withInputScaling(scale, offset), weights, testAccuracy, seconds);
		}
	}

	private CnnBuilder() {}

	/** Seeded He-normal weights, zero biases. */
	public static List<float[]> initialWeights(final CnnSpec spec, final long seed) {
		final Random r = new Random(seed);
		final List<float[]> weights = new ArrayList<>();
		for (final long[] shape : spec.weightShapes()) {
			final float[] w = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
			if (shape.length > 1) {
				final long fanIn = shape.length == 4 ? shape[0] * shape[1] * shape[2] : shape[0];
				final double std = Math.sqrt(2.0 / fanIn);
				for (int i = 0; i < w.length; i++)
					w[i] = (float) (r.nextGaussian() * std);
			}
			weights.add(w);
		}
		return weights;
	}

	/**
	 * The network: layer outputs in depth order, then {@code logits}.
	 */
	static Map<String, Operand<TFloat32>> forward(final Ops tf, final CnnSpec spec,
		final Operand<TFloat32> image, final List<? extends Operand<TFloat32>> weights)
	{
		final Map<String, Operand<TFloat32>> outputs = new LinkedHashMap<>();
		Operand<TFloat32> h = rescaling(tf, spec, image);
		int k = 0;
		for (final CnnSpec.Block b : spec.blocks) {
			h = block(tf, spec, b, h, weights.subList(k, k + 2 * b.filters.length), outputs);
			k += 2 * b.filters.length;
		}
		outputs.put("logits", head(tf, spec, h, weights.subList(k, weights.size())));
		return outputs;
	}

	/** The network's own input scaling, as a Keras Rescaling layer: a multiply, then an add. */
	private static Operand<TFloat32> rescaling(final Ops tf, final CnnSpec spec,
		final Operand<TFloat32> image)
	{
		if (!spec.scalesInput()) return image;
		final Ops rt = tf.withSubScope("rescaling");
		return rt.math.add(rt.math.mul(image, rt.constant(spec.inputScale)), rt.constant(
			spec.inputOffset));
	}

	/** One block: its convolutions (with ReLU), then the pooling; layer outputs into the map. */
	private static Operand<TFloat32> block(final Ops tf, final CnnSpec spec,
		final CnnSpec.Block b, Operand<TFloat32> h, final List<? extends Operand<TFloat32>> weights,
		final Map<String, Operand<TFloat32>> outputs)
	{
		final Ops bt = tf.withSubScope(b.name);
		for (int j = 0; j < b.filters.length; j++) {
			final Ops ct = spec.outputPerConv ? bt.withSubScope(CnnSpec.convName(b, j)) : bt;
			final Operand<TFloat32> conv = ct.nn.biasAdd(ct.nn.conv2d(h, weights.get(2 * j), List.of(
				1L, 1L, 1L, 1L), "SAME"), weights.get(2 * j + 1));
			// class evidence maps of a pooled head stay linear: they are the logits per pixel
			final boolean classMaps = spec.head == CnnSpec.Head.POOL && b == spec.blocks.get(spec
				.blocks.size() - 1) && j == b.filters.length - 1;
			h = classMaps ? conv : ct.nn.relu(conv);
			if (spec.outputPerConv) outputs.put(CnnSpec.convName(b, j), ct.withName("output")
				.identity(h));
		}
		if (b.pool) h = bt.nn.maxPool(h, tf.constant(new int[] { 1, 2, 2, 1 }), tf.constant(
			new int[] { 1, 2, 2, 1 }), "VALID");
		if (!spec.outputPerConv) outputs.put(b.name, bt.withName("output").identity(h));
		return h;
	}

	/** The head: logits from the last block's maps. */
	private static Operand<TFloat32> head(final Ops tf, final CnnSpec spec,
		final Operand<TFloat32> h, final List<? extends Operand<TFloat32>> weights)
	{
		// the whole head in one scope, as a Keras layer has it; the logits are its output
		final Ops head = tf.withSubScope("head");
		if (spec.head == CnnSpec.Head.POOL) return tf.withName("logits").identity(head.math.mean(h,
			head.constant(new int[] { 1, 2 })));
		final long features = spec.weightShapes().get(spec.weightShapes().size() - 2)[0];
		final Operand<TFloat32> flat = spec.head == CnnSpec.Head.POOL_DENSE ? head.math.mean(h,
			head.constant(new int[] { 1, 2 })) : head.reshape(h, head.constant(new long[] { -1,
				features }));
		return tf.withName("logits").identity(head.math.add(head.linalg.matMul(flat, weights.get(
			0)), weights.get(1)));
	}

	/**
	 * Trains a network on in-memory data with Adam and softmax cross-entropy.
	 *
	 * @param test held-out data for the reported accuracy, or null
	 * @param log receives one line per epoch
	 */
	public static Trained train(final CnnSpec spec, final LabelledArrays train,
		final LabelledArrays test, final Training settings, final Consumer<String> log)
	{
		check(spec, train);
		final long start = System.nanoTime();
		final List<float[]> init = initialWeights(spec, settings.seed);
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape
				.of(-1, spec.height, spec.width, spec.channels)));
			final Placeholder<TFloat32> y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape
				.of(-1, spec.classes)));
			final List<Variable<TFloat32>> vars = variables(tf, spec, init);
			final Map<String, Operand<TFloat32>> outputs = forward(tf, spec, x, vars);
			final Operand<TFloat32> logits = outputs.get("logits");
			Operand<TFloat32> loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, y)
				.loss(), tf.constant(0));
			if (settings.centerLoss > 0) loss = tf.math.add(loss, tf.math.mul(tf.constant(
				settings.centerLoss), centerLoss(tf, spec, outputs, y)));
			final Op minimize = new Adam(g, settings.learningRate).minimize(loss);
			try (Session s = new Session(g)) {
				s.initialize();
				final Random r = new Random(settings.seed + 1);
				final int n = train.count(), px = train.imageSize();
				final int[] order = new int[n];
				for (int i = 0; i < n; i++)
					order[i] = i;
				for (int epoch = 0; epoch < settings.epochs; epoch++) {
					shuffle(order, r);
					double lossSum = 0;
					int batches = 0;
					for (int b0 = 0; b0 < n; b0 += settings.batchSize) {
						final int bn = Math.min(settings.batchSize, n - b0);
						final float[] bx = new float[bn * px];
						final float[] by = new float[bn * spec.classes];
						for (int i = 0; i < bn; i++) {
							System.arraycopy(train.images, order[b0 + i] * px, bx, i * px, px);
							by[i * spec.classes + train.labels[order[b0 + i]]] = 1;
						}
						try (TFloat32 tx = TFloat32.tensorOf(Shape.of(bn, spec.height, spec.width,
							spec.channels), DataBuffers.of(bx, true, false));
								TFloat32 ty = TFloat32.tensorOf(Shape.of(bn, spec.classes), DataBuffers.of(
									by, true, false));
								Result res = s.runner().feed(x, tx).feed(y, ty).addTarget(minimize).fetch(
									loss).run())
						{
							lossSum += ((TFloat32) res.get(0)).getFloat();
							batches++;
						}
					}
					if (log != null) log.accept(String.format("%s epoch %d/%d: mean loss %.4f", spec.name,
						epoch + 1, settings.epochs, lossSum / Math.max(1, batches)));
				}
				final List<float[]> weights = new ArrayList<>();
				for (final Variable<TFloat32> v : vars) {
					try (Result res = s.runner().fetch(v).run()) {
						final TFloat32 t = (TFloat32) res.get(0);
						final float[] a = new float[Math.toIntExact(t.shape().size())];
						t.copyTo(DataBuffers.of(a, false, false));
						weights.add(a);
					}
				}
				final double accuracy = test == null ? Double.NaN : accuracy(s, x, logits, spec,
					test);
				return new Trained(spec, weights, accuracy, (System.nanoTime() - start) / 1e9);
			}
		}
	}

	/** Mean squared distance, per feature, of the last block's maps to learned class centers. */
	private static Operand<TFloat32> centerLoss(final Ops tf, final CnnSpec spec,
		final Map<String, Operand<TFloat32>> outputs, final Operand<TFloat32> onehot)
	{
		final List<String> names = spec.outputNames();
		final Operand<TFloat32> last = outputs.get(names.get(names.size() - 2));
		long features = 1;
		for (int i = 1; i < last.shape().numDimensions(); i++)
			features *= last.shape().get(i);
		final Operand<TFloat32> flat = tf.reshape(last, tf.constant(new long[] { -1, features }));
		final Variable<TFloat32> centers = tf.withName("class_centers").variable(tf.zeros(tf
			.constant(new long[] { spec.classes, features }), TFloat32.class));
		final Operand<TFloat32> diff = tf.math.sub(flat, tf.linalg.matMul(onehot, centers));
		return tf.math.div(tf.math.mean(tf.sum(tf.math.square(diff), tf.constant(1)), tf.constant(
			0)), tf.constant((float) features));
	}

	/** Untrained network with seeded random weights (the benchmark network needs no training). */
	public static Trained untrained(final CnnSpec spec, final long seed) {
		return new Trained(spec, initialWeights(spec, seed), Double.NaN, 0);
	}

	/**
	 * Exports trained weights as a SavedModel folder, atomically: the model is written to a
	 * temporary sibling folder and moved into place.
	 *
	 * @param readme text written to {@code MODEL.md} beside the model, saying how it was made
	 */
	public static void export(final Trained trained, final Path folder, final ExportStyle style,
		final String readme)
	{
		final CnnSpec spec = trained.spec;
		AtomicFiles.writeFolder(folder, "model", tmp -> {
			final List<ConcreteFunction> functions = new ArrayList<>();
			try (Graph g = new Graph()) {
				final Ops tf = Ops.create(g);
				final Placeholder<TFloat32> x = tf.withName("image").placeholder(TFloat32.class,
					Placeholder.shape(Shape.of(-1, spec.height, spec.width, spec.channels)));
				final List<Variable<TFloat32>> vars = variables(tf, spec, trained.weights);
				final Map<String, Operand<TFloat32>> outputs = style == ExportStyle.GRAPH ? forward(tf,
					spec, x, vars) : callThroughFunctions(tf, spec, x, vars, style == ExportStyle.NESTED,
						functions);
				final Signature.Builder sig = Signature.builder().key(Signature.DEFAULT_KEY).input(
					"image", x).methodName("tensorflow/serving/predict");
				outputs.forEach(sig::output);
				try (Session s = new Session(g)) {
					s.initialize();
					export(SavedModelBundle.exporter(tmp.toString()).withSession(s).withSignature(sig
						.build()));
				}
			}
			finally {
				functions.forEach(ConcreteFunction::close);
			}
			if (readme != null) java.nio.file.Files.writeString(tmp.resolve("MODEL.md"), readme);
		});
	}

	/**
	 * Runs a SavedModel exporter; what TensorFlow cannot write (the variables on a full disk)
	 * becomes an {@link java.io.IOException} saying why, as Java's own writes report it, so
	 * that the folder being written is removed and the message says the cause.
	 */
	static void export(final SavedModelBundle.Exporter exporter) throws java.io.IOException {
		try {
			exporter.export();
		}
		catch (final org.tensorflow.exceptions.TensorFlowException e) {
			throw new java.io.IOException(TensorFlowErrors.reason(e), e);
		}
	}

	/**
	 * Puts the network into a function body ({@code model/…}), called from a signature wrapper
	 * function, called by a StatefulPartitionedCall whose arguments are the image and the
	 * variables, as TF2/Keras exports do; only the logits come out. With {@code nested} every
	 * block is a function of its own, called from the model's body.
	 */
	private static Map<String, Operand<TFloat32>> callThroughFunctions(final Ops tf,
		final CnnSpec spec, final Operand<TFloat32> image, final List<Variable<TFloat32>> vars,
		final boolean nested, final List<ConcreteFunction> toClose)
	{
		final String id = spec.name.replace('-', '_');
		final ConcreteFunction model = function(spec, "__inference__wrapped_model_" + id,
			toClose, (ft, in, ws) -> {
				final Ops mt = ft.withSubScope("model");
				if (!nested) return forward(mt, spec, in, ws).get("logits");
				Operand<TFloat32> h = rescaling(mt, spec, in);
				int k = 0;
				long channels = spec.channels;
				for (final CnnSpec.Block b : spec.blocks) {
					final List<Operand<TFloat32>> bw = new ArrayList<>(ws.subList(k, k + 2 * b.filters
						.length));
					final ConcreteFunction fn = blockFunction(spec, b, channels, "__inference_" + b.name +
						"_layer_call_and_return_conditional_losses_" + id, toClose);
					final List<Operand<?>> args = new ArrayList<>();
					args.add(h);
					args.addAll(bw);
					@SuppressWarnings("unchecked")
					final Operand<TFloat32> out = (Operand<TFloat32>) StatefulPartitionedCall.create(mt
						.withSubScope(b.name).scope(), args, List.of(TFloat32.class), fn).output().get(0);
					h = out;
					k += 2 * b.filters.length;
					channels = b.filters[b.filters.length - 1];
				}
				return head(mt, spec, h, ws.subList(k, ws.size()));
			});
		final ConcreteFunction wrapper = function(spec, "__inference_signature_wrapper_" + id,
			toClose, (ft, in, ws) -> {
				final List<Operand<?>> args = new ArrayList<>();
				args.add(in);
				args.addAll(ws);
				@SuppressWarnings("unchecked")
				final Operand<TFloat32> out = (Operand<TFloat32>) StatefulPartitionedCall.create(ft
					.scope(), args, List.of(TFloat32.class), model).output().get(0);
				return ft.identity(out);
			});
		final List<Operand<?>> args = new ArrayList<>();
		args.add(image);
		for (final Variable<TFloat32> v : vars)
			args.add(tf.identity(v));
		final StatefulPartitionedCall call = StatefulPartitionedCall.create(tf.scope().withName(
			"StatefulPartitionedCall"), args, List.of(TFloat32.class), wrapper);
		@SuppressWarnings("unchecked")
		final Output<TFloat32> logits = (Output<TFloat32>) call.output().get(0);
		final Map<String, Operand<TFloat32>> outputs = new LinkedHashMap<>();
		outputs.put("logits", tf.withName("logits").identity(logits));
		return outputs;
	}

	/** The body of a function of the image and the weights. */
	private interface Body {

		Operand<TFloat32> apply(Ops tf, Operand<TFloat32> image,
			List<Placeholder<TFloat32>> weights);
	}

	/** A function of the image and every weight, returning one tensor. */
	private static ConcreteFunction function(final CnnSpec spec, final String name,
		final List<ConcreteFunction> toClose, final Body body)
	{
		final ConcreteFunction fn = ConcreteFunction.create(ft -> {
			final Placeholder<TFloat32> in = ft.placeholder(TFloat32.class, Placeholder.shape(Shape
				.of(-1, spec.height, spec.width, spec.channels)));
			final List<Placeholder<TFloat32>> ws = new ArrayList<>();
			for (final long[] shape : spec.weightShapes())
				ws.add(ft.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape))));
			final Signature.Builder b = Signature.builder().key(name).input("image", in);
			for (int i = 0; i < ws.size(); i++)
				b.input("w" + i, ws.get(i));
			b.output("output", body.apply(ft, in, ws));
			return b.build();
		});
		toClose.add(fn);
		return fn;
	}

	/** One block as a function of its input maps and its weights. */
	private static ConcreteFunction blockFunction(final CnnSpec spec, final CnnSpec.Block block,
		final long channels, final String name, final List<ConcreteFunction> toClose)
	{
		final ConcreteFunction fn = ConcreteFunction.create(ft -> {
			final Placeholder<TFloat32> in = ft.placeholder(TFloat32.class, Placeholder.shape(Shape
				.of(-1, -1, -1, channels)));
			final List<long[]> shapes = spec.weightShapes();
			int k = 0;
			for (final CnnSpec.Block b : spec.blocks) {
				if (b == block) break;
				k += 2 * b.filters.length;
			}
			final List<Placeholder<TFloat32>> ws = new ArrayList<>();
			for (int i = 0; i < 2 * block.filters.length; i++)
				ws.add(ft.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shapes.get(k + i)))));
			final Signature.Builder b = Signature.builder().key(name).input("x", in);
			for (int i = 0; i < ws.size(); i++)
				b.input("w" + i, ws.get(i));
			final Map<String, Operand<TFloat32>> ignored = new LinkedHashMap<>();
			b.output("output", ft.withName("Identity").identity(block(ft, spec, block, in, ws,
				ignored)));
			return b.build();
		});
		toClose.add(fn);
		return fn;
	}

	private static List<Variable<TFloat32>> variables(final Ops tf, final CnnSpec spec,
		final List<float[]> values)
	{
		final List<long[]> shapes = spec.weightShapes();
		final List<Variable<TFloat32>> vars = new ArrayList<>();
		for (int i = 0; i < shapes.size(); i++)
			vars.add(tf.withName("weight_" + i).variable(tf.constant(Shape.of(shapes.get(i)),
				DataBuffers.of(values.get(i), true, false))));
		return vars;
	}

	private static double accuracy(final Session s, final Placeholder<TFloat32> x,
		final Operand<TFloat32> logits, final CnnSpec spec, final LabelledArrays test)
	{
		final int px = test.imageSize();
		int correct = 0;
		for (int b0 = 0; b0 < test.count(); b0 += 256) {
			final int bn = Math.min(256, test.count() - b0);
			final float[] bx = Arrays.copyOfRange(test.images, b0 * px, (b0 + bn) * px);
			try (TFloat32 tx = TFloat32.tensorOf(Shape.of(bn, spec.height, spec.width,
				spec.channels), DataBuffers.of(bx, true, false));
					Result res = s.runner().feed(x, tx).fetch(logits).run())
			{
				final float[] out = new float[bn * spec.classes];
				((TFloat32) res.get(0)).copyTo(DataBuffers.of(out, false, false));
				for (int i = 0; i < bn; i++)
					if (argMax(out, i * spec.classes, spec.classes) == test.labels[b0 + i]) correct++;
			}
		}
		return correct / (double) test.count();
	}

	static int argMax(final float[] a, final int offset, final int n) {
		int best = 0;
		for (int k = 1; k < n; k++)
			if (a[offset + k] > a[offset + best]) best = k;
		return best;
	}

	private static void shuffle(final int[] a, final Random r) {
		for (int i = a.length - 1; i > 0; i--) {
			final int j = r.nextInt(i + 1);
			final int t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
	}

	private static void check(final CnnSpec spec, final LabelledArrays data) {
		if (data.height != spec.height || data.width != spec.width || data.channels != spec.channels)
			throw new LayerTracerException("Training images are " + data.height + " x " +
				data.width + " x " + data.channels + "; network '" + spec.name + "' expects " +
				spec.height + " x " + spec.width + " x " + spec.channels);
		if (data.classes.size() != spec.classes) throw new LayerTracerException("Training data has " +
			data.classes.size() + " classes; network '" + spec.name + "' has " + spec.classes);
	}

}
