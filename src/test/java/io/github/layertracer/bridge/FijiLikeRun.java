package io.github.layertracer.bridge;

import io.github.layertracer.command.TraceLayersCommand;
import io.github.layertracer.service.LayerTracerService;

import ij.IJ;
import ij.ImagePlus;

import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Runs Trace Layers the way Fiji does (a SciJava context, the command service, an open image),
 * in a JVM whose class path {@link FijiClassPathTest} lays out like a Fiji installation. Usage:
 * {@code FijiLikeRun IMAGE MODEL_DIR MEANS_FILE OUTPUT_DIR}. Prints which TensorFlow the class
 * path offers and which the engine uses; exits 0 when the trace was written, 1 otherwise.
 */
public final class FijiLikeRun {

	private FijiLikeRun() {}

	public static void main(final String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		final ClassLoader app = FijiLikeRun.class.getClassLoader();
		System.out.println("class path TensorFlow: " + app.loadClass("org.tensorflow.TensorFlow")
			.getProtectionDomain().getCodeSource().getLocation());
		System.out.println("class path protobuf: " + app.loadClass("com.google.protobuf.Message")
			.getProtectionDomain().getCodeSource().getLocation());
		final Context context = new Context();
		int code = 1;
		try {
			final ImagePlus image = IJ.openImage(args[0]);
			final CommandModule m = context.service(CommandService.class).run(
				TraceLayersCommand.class, true, Map.of("image", image, "model_dir", args[1],
					"class_means", args[2], "output_dir", args[3], "masks", "300", "seed", "7",
					"batch_size", "50")).get();
			for (final Map.Entry<String, String> e : context.service(LayerTracerService.class)
				.engine().about().entrySet())
				System.out.println("engine " + e.getKey() + ": " + e.getValue());
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
