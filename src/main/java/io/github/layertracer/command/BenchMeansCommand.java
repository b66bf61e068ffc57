package io.github.layertracer.command;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Benchmark: the class-means pass against the bare forward pass over the same images, in one
 * run. Prints its figures and the settings that produced them.
 */
@Plugin(type = Command.class, headless = true, label = "Class Means Benchmark")
public class BenchMeansCommand extends LayerTracerCommand {

	@Parameter(label = "Model folder", style = "directory", persist = false,
		description = "The SavedModel to measure.")
	private File model_dir;

	@Parameter(label = "Labelled images", style = "both", persist = false,
		description = "A class-per-subfolder folder or an IDX image file; read into memory once.")
	private File data_path;

	@Parameter(label = "IDX label file", style = "file", required = false, persist = false,
		description = "The IDX label file that goes with an IDX image file.")
	private File label_file;

	@Parameter(label = "Second model folder (optional)", style = "directory", required = false,
		persist = false, description = "Another export of the same network (e.g. function style " +
			"beside graph style), measured in the same run on the same images.")
	private File compare_dir;

	@Parameter(label = "Batch size", min = "1", persist = false,
		description = "Images per forward pass, the same for both passes.")
	private int batch_size = 64;

	@Parameter(label = "Repeats", min = "1", persist = false,
		description = "Each pass runs this many times, alternately; the best time counts.")
	private int repeats = 3;

	@Parameter(label = "Threads", min = "0", persist = false,
		description = "TensorFlow threads; 0 lets TensorFlow decide.")
	private int threads = 2;

	@Parameter(type = ItemIO.OUTPUT, label = "Figures")
	private String report;
}
