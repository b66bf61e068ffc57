package io.github.layertracer.command;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * The per-layer accuracy report: how well each layer's class-mean classifier and the network
 * itself classify a labelled set (CSV plus a PNG plot of accuracy against depth).
 */
@Plugin(type = Command.class, menuPath = "Plugins>LayerTracer>Layer Accuracy",
	headless = true, label = "Layer Accuracy")
public class LayerAccuracyCommand extends LayerTracerCommand {

	@Parameter(label = "Model folder", style = "directory", persist = false,
		description = "The SavedModel the class means were computed for.")
	private File model_dir;

	@Parameter(label = "Class means file", style = "file", persist = false,
		description = "Written by Compute Class Means for this model.")
	private File class_means;

	@Parameter(label = "Labelled images", style = "both", persist = false,
		description = "A folder with one subfolder of images per class, or an IDX image file; " +
			"use other images than those the means were computed from.")
	private File data_path;

	@Parameter(label = "IDX label file (for IDX images)", style = "file", required = false,
		persist = false, description = "The IDX label file that goes with an IDX image file.")
	private File label_file;

	@Parameter(label = "Output table (.csv)", style = "save", persist = false,
		description = "CSV table, one row per layer; the plot is written beside it as .png.")
	private File output_file;

	@Parameter(label = "Distance normalisation", choices = { "e2cm", "pooled", "none" },
		persist = false, description = "e2cm divides each distance by the class's spread at that " +
			"layer (E2CM); pooled by the layer's average spread (the most probable class is then " +
			"the nearest mean); none uses raw distances like the original Python tool " +
			"(probabilities saturate to 0 or 1).")
	private String normalisation = "e2cm";

	@Parameter(label = "Temperature", min = "0.000001", persist = false,
		description = "Softens (above 1) or sharpens (below 1) the layer probabilities; the " +
			"predicted class does not change.")
	private double temperature = 1;

	@Parameter(label = "Batch size", min = "1", persist = false,
		description = "Images per forward pass.")
	private int batch_size = 64;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String report;
}
