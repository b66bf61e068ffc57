package io.github.layertracer.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Benchmark: the full per-layer trace against the bare forward pass of the same N masked images,
 * with peak memory. Prints its figures and the settings that produced them.
 */
@Plugin(type = Command.class, headless = true, label = "Trace Benchmark")
public class BenchTraceCommand extends LayerTracerCommand {

	@Parameter(label = "Model", persist = false,
		description = "vgg6-cifar or resnet18-224 (built on the fly, random weights; resnet18-224 " +
			"is the standard ResNet-18 on 224 x 224 images, exported in graph style) or a " +
			"SavedModel folder.")
	private String model_name = "vgg6-cifar";

	@Parameter(label = "Export styles", persist = false,
		description = "How a built-in benchmark network is exported, one or several in one run " +
			"(comma-separated): graph (layers in the signature), function (layers found inside " +
			"the function body, as in a Keras export), nested (a function per block).")
	private String export_style = "graph";

	@Parameter(label = "Number of masks", min = "1", persist = false,
		description = "Masked images per trace.")
	private int masks = 2000;

	@Parameter(label = "Batch size", min = "1", persist = false,
		description = "Masked images per forward pass.")
	private int batch_size = 64;

	@Parameter(label = "Threads", min = "0", persist = false,
		description = "TensorFlow threads; 0 lets TensorFlow decide.")
	private int threads = 2;

	@Parameter(label = "Repeats", min = "1", persist = false,
		description = "Each measurement runs this many times, alternately; the best counts " +
			"(timings on a shared machine vary by several per cent from run to run).")
	private int repeats = 10;

	@Parameter(type = ItemIO.OUTPUT, label = "Figures")
	private String report;
}
