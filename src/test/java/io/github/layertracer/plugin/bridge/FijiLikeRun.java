/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.bridge;

import io.github.layertracer.plugin.command.TraceLayersCommand;
import io.github.layertracer.plugin.service.LayerTracerService;

import ij.IJ;
import ij.ImagePlus;

import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Runs Trace Layers the way Fiji does (a SciJava context, the command service, an open image),
 * in a JVM whose class path {@link FijiClassPathTest} lays out like a Fiji installation. Usage:
 * {@code FijiLikeRun IMAGE MODEL_DIR MEANS_FILE OUTPUT_DIR [tf115-first|tf115-after]}. Prints
 * which TensorFlow the class path offers and which the engine uses; with the last argument it
 * also runs a small graph with the class path's TensorFlow 1.15 (as CSBDeep does) before or
 * after the trace, in the same JVM, and prints its result; exits 0 when the trace was written
 * (and the TensorFlow 1.15 graph gave its result), 1 otherwise.
 */
public final class FijiLikeRun {

	private FijiLikeRun() {}

	/**
	 * Squares {@code [1, 2, 3]} with TensorFlow 1.15's own API and native library, through
	 * reflection (this class is compiled against TensorFlow Java, whose classes have the same
	 * names): a {@code Const} and a {@code Square} operation, one session run.
	 */
	private static void runTensorFlow115(final ClassLoader app) throws Exception {
		final Class<?> tf = app.loadClass("org.tensorflow.TensorFlow");
		final Class<?> graphC = app.loadClass("org.tensorflow.Graph");
		final Class<?> tensorC = app.loadClass("org.tensorflow.Tensor");
		final Class<?> outputC = app.loadClass("org.tensorflow.Output");
		final Class<?> dataTypeC = app.loadClass("org.tensorflow.DataType");
		final Class<?> sessionC = app.loadClass("org.tensorflow.Session");
		try (AutoCloseable graph = (AutoCloseable) graphC.getConstructor().newInstance();
				AutoCloseable value = (AutoCloseable) tensorC.getMethod("create", Object.class).invoke(
					null, (Object) new float[] { 1, 2, 3 }))
		{
			Object b = graphC.getMethod("opBuilder", String.class, String.class).invoke(graph, "Const",
				"x");
			b.getClass().getMethod("setAttr", String.class, dataTypeC).invoke(b, "dtype", tensorC
				.getMethod("dataType").invoke(value));
			b.getClass().getMethod("setAttr", String.class, tensorC).invoke(b, "value", value);
			final Object x = b.getClass().getMethod("build").invoke(b);
			b = graphC.getMethod("opBuilder", String.class, String.class).invoke(graph, "Square",
				"y");
			b.getClass().getMethod("addInput", outputC).invoke(b, x.getClass().getMethod("output",
				int.class).invoke(x, 0));
			b.getClass().getMethod("build").invoke(b);
			try (AutoCloseable session = (AutoCloseable) sessionC.getConstructor(graphC).newInstance(
				graph))
			{
				final Object runner = sessionC.getMethod("runner").invoke(session);
				runner.getClass().getMethod("fetch", String.class).invoke(runner, "y");
				final java.util.List<?> out = (java.util.List<?>) runner.getClass().getMethod("run")
					.invoke(runner);
				final float[] y = new float[3];
				tensorC.getMethod("copyTo", Object.class).invoke(out.get(0), (Object) y);
				((AutoCloseable) out.get(0)).close();
				System.out.println("TF115 " + tf.getMethod("version").invoke(null) + " square: " +
					java.util.Arrays.toString(y));
			}
		}
	}

	public static void main(final String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		final ClassLoader app = FijiLikeRun.class.getClassLoader();
		System.out.println("class path TensorFlow: " + app.loadClass("org.tensorflow.TensorFlow")
			.getProtectionDomain().getCodeSource().getLocation());
		System.out.println("class path protobuf: " + app.loadClass("com.google.protobuf.Message")
			.getProtectionDomain().getCodeSource().getLocation());
		final String tf115 = args.length > 4 ? args[4] : "";
		final Context context = new Context();
		int code = 1;
		try {
			if (tf115.equals("tf115-first")) runTensorFlow115(app);
			final ImagePlus image = IJ.openImage(args[0]);
			final CommandModule m = context.service(CommandService.class).run(
				TraceLayersCommand.class, true, Map.of("image", image, "model_dir", args[1],
					"class_means", args[2], "output_dir", args[3], "masks", "300", "seed", "7",
					"batch_size", "50")).get();
			for (final Map.Entry<String, String> e : context.service(LayerTracerService.class)
				.engine().about().entrySet())
				System.out.println("engine " + e.getKey() + ": " + e.getValue());
			if (tf115.equals("tf115-after")) runTensorFlow115(app);
			if (m.isCanceled()) System.out.println("FAILED: " + m.getCancelReason());
			else {
				System.out.println("TRACED: " + ((ImagePlus) m.getOutput("saliency_stack")).getProperty(
					"layertracer.saliency"));
				code = 0;
			}
		}
		catch (final Throwable t) {
			System.out.println("FAILED: " + t);
			t.printStackTrace(System.out);
		}
		finally {
			context.dispose();
		}
		System.exit(code);
	}
}
