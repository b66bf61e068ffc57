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

	@Override
	protected void execute() {
		final Path image = path(image_file, "image file");
		try (TraceOptions.Opened o = new TraceOptions.Opened(modelDir(), meansFile(), normalisation,
			temperature, maskSettings(), threads))
		{
			final long start = System.nanoTime();
			final TraceResult r = o.tracer.trace(InputConverter.planes(FolderSource.read(image)),
				Target.parse(target), Tracer.Attribution.parse(attribution), progress("Tracing"));
			final String name = image.getFileName().toString().replaceFirst("\\.[^.]*$", "");
			final Path tif = TraceWriter.write(r, path(output_dir, "output folder"), name +
				"_saliency");
			final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
				"Traced %s (%d masks, %.1f s): %s%n", image, masks(), (System.nanoTime() - start) / 1e9,
				tif));
			for (int l = 0; l < r.layers().size(); l++)
				sb.append(String.format(Locale.ROOT, "  %-20s p(%s) = %.3f%n", r.layers().get(l), r
					.classNames().get(r.targets()[0]), r.unmaskedProbability(l, r.targets()[0])));
			report = sb.toString();
		}
	}
}
