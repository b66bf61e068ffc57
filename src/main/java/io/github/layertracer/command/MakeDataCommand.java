package io.github.layertracer.command;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Writes the built-in synthetic shapes image set (class per subfolder, plus boxes.csv). */
@Plugin(type = Command.class, menuPath = "Plugins>LayerTracer>Demo>Make Demo Data",
	headless = true, label = "Make Demo Data")
public class MakeDataCommand extends LayerTracerCommand {

	@Parameter(label = "Kind", choices = { "shapes" }, persist = false,
		description = "Which data set: shapes = one circle, cross, square or triangle per 64x64 " +
			"image on a noisy, cluttered background, with its bounding box.")
	private String kind = "shapes";

	@Parameter(label = "Output folder", style = "directory", persist = false,
		description = "Folder to create: one subfolder per class plus boxes.csv. An existing " +
			"folder is replaced only if it is empty or an earlier data set.")
	private File output_dir;

	@Parameter(label = "Number of images", min = "1", persist = false,
		description = "How many images to write; classes take turns.")
	private int image_count = 200;

	@Parameter(label = "Random seed", persist = false,
		description = "The same seed always gives the same images.")
	private long seed = 1;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String report;
}
