package io.github.layertracer.command;

import io.github.layertracer.data.FolderSource;
import io.github.layertracer.image.InputConverter;
import io.github.layertracer.trace.Target;
import io.github.layertracer.trace.TraceResult;
import io.github.layertracer.trace.TraceWriter;
import io.github.layertracer.trace.Tracer;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;

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
public class TraceCommand extends LayerTracerCommand {

	@Parameter(label = "Model folder", style = "directory", persist = false,
		description = "The SavedModel to explain.")
	private File model_dir;

	@Parameter(label = "Class means file", style = "file", persist = false,
		description = "Written by Compute Class Means for this model.")
	private File class_means;

	@Parameter(label = "Image file", style = "file", persist = false,
		description = "The image to trace (TIFF, PNG, JPEG).")
	private File image_file;

	@Parameter(label = "Output folder", style = "directory", persist = false,
		description = "Where <image>_saliency.tif, .json and .csv are written.")
	private File output_dir;

	@Parameter(label = "Number of masks (N)", min = "1", persist = false,
		description = "More masks give smoother, more reliable maps; time grows in proportion " +
			"(2000-8000 is typical).")
	private int masks = 4000;

	@Parameter(label = "Mask type", choices = { "rise", "square" }, persist = false,
		description = "rise: random grids of kept cells (RISE); square: one occluding square " +
			"per mask (the original LayerTracer).")
	private String mask_type = "rise";

	@Parameter(label = "Grid size (s)", min = "2", persist = false,
		description = "RISE grid cells per side: larger shows finer detail but needs more masks " +
			"(7-10 is typical).")
	private int grid = 8;

	@Parameter(label = "Keep probability (p)", min = "0.01", max = "0.99", persist = false,
		description = "Share of cells each RISE mask keeps (0.1-0.5 is typical).")
	private double keep = 0.5;

	@Parameter(label = "Random seed", persist = false,
		description = "The same seed and settings give bit-identical maps.")
	private long seed = 1;

	@Parameter(label = "Batch size", min = "1", persist = false,
		description = "Masked images per forward pass: larger is faster until memory runs short.")
	private int batch_size = 64;

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

	@Override
	protected void execute() {
		final Path image = path(image_file, "image file");
		try (TraceOptions.Opened o = new TraceOptions.Opened(path(model_dir, "model folder"), path(
			class_means, "class means file"), normalisation, temperature, TraceOptions.masks(mask_type,
				masks, grid, keep, seed, batch_size), threads))
		{
			final long start = System.nanoTime();
			final TraceResult r = o.tracer.trace(InputConverter.planes(FolderSource.read(image)),
				Target.parse(target), Tracer.Attribution.parse(attribution), progress("Tracing"));
			final String name = image.getFileName().toString().replaceFirst("\\.[^.]*$", "");
			final Path tif = TraceWriter.write(r, path(output_dir, "output folder"), name +
				"_saliency");
			final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
				"Traced %s (%d masks, %.1f s): %s%n", image, masks, (System.nanoTime() - start) / 1e9,
				tif));
			for (int l = 0; l < r.layers().size(); l++)
				sb.append(String.format(Locale.ROOT, "  %-20s p(%s) = %.3f%n", r.layers().get(l), r
					.classNames().get(r.targets()[0]), r.unmaskedProbability(l, r.targets()[0])));
			report = sb.toString();
		}
	}
}
