package io.github.layertracer.command;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Traces one image layer by layer: per-layer RISE saliency written as a multi-page TIFF with
 * JSON and CSV sidecars.
 */
@Plugin(type = Command.class, menuPath = "Plugins>LayerTracer>Trace Image File",
	headless = true, label = "Trace Image File")
public class TraceCommand extends MaskedTraceCommand {

	@Parameter(label = "Image file", style = "file", persist = false,
		description = "The image to trace (TIFF, PNG, JPEG).")
	private File image_file;

	@Parameter(label = "Output folder", style = "directory", persist = false,
		description = "Where <image>_saliency.tif, .json and .csv are written.")
	private File output_dir;

	@Parameter(label = "Target class", persist = false,
		description = "predicted (the network's answer), a class index, or all (one map per " +
			"class).")
	private String target = "predicted";

	@Parameter(label = "Attribution", choices = { "keep", "drop" }, persist = false,
		description = "keep: probability weighted by the kept pixels (RISE); drop: the original " +
			"tool's probability drop on the occluded pixels.")
	private String attribution = "keep";

	@Parameter(label = "Distance normalisation", choices = { "e2cm", "pooled", "none" },
		persist = false, description = "How layer distances to the class means become " +
			"probabilities (see Layer Accuracy).")
	private String normalisation = "e2cm";

	@Parameter(label = "Temperature", min = "0.000001", persist = false,
		description = "Softens (above 1) or sharpens (below 1) the layer probabilities.")
	private double temperature = 1;

	@Parameter(label = "Threads", min = "0", persist = false,
		description = "TensorFlow threads; 0 lets TensorFlow decide.")
	private int threads = 0;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String report;
}
