package io.github.layertracer.command;

import io.github.layertracer.metrics.Evaluation;

import java.io.File;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Faithfulness of every layer's saliency over a set with ground-truth boxes: pointing game,
 * deletion and insertion AUC, against a random map.
 */
@Plugin(type = Command.class, menuPath = "Plugins>LayerTracer>Evaluate Saliency",
	headless = true, label = "Evaluate Saliency")
public class EvaluateCommand extends MaskedTraceCommand {

	@Parameter(label = "Image folder with boxes.csv", style = "directory", persist = false,
		description = "Images with ground-truth boxes in boxes.csv (file,class,label,x0,y0,x1,y1), " +
			"as Make Demo Data writes.")
	private File data_dir;

	@Parameter(label = "Output table (.csv)", style = "save", persist = false,
		description = "One row per layer.")
	private File output_file;

	@Parameter(label = "Images (at most)", min = "1", persist = false,
		description = "How many images of the set to evaluate, in boxes.csv order.")
	private int image_limit = 20;

	@Parameter(label = "Pointing tolerance (pixels)", min = "0", persist = false,
		description = "The map's maximum counts as a hit this close to the box.")
	private int tolerance = 3;

	@Parameter(label = "Deletion/insertion steps", min = "2", persist = false,
		description = "Points on the deletion and insertion curves.")
	private int steps = 32;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String report;

	@Override
	protected void execute() {
		try (TraceOptions.Opened o = new TraceOptions.Opened(modelDir(), meansFile(), "e2cm", 1,
			maskSettings(), 0))
		{
			final Evaluation e = Evaluation.run(o.tracer, path(data_dir, "image folder"), image_limit,
				tolerance, steps, progress("Evaluating"));
			e.writeCsv(path(output_file, "output table"));
			final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
				"Evaluated %d images, written to %s (random map: deletion %.3f, insertion %.3f)%n", e
					.images(), output_file, e.randomDeletionAuc(), e.randomInsertionAuc()));
			for (final Evaluation.Row r : e.rows())
				sb.append(String.format(Locale.ROOT,
					"  %-20s pointing %.0f %%  deletion %.3f  insertion %.3f%n", r.layer, 100 * r
						.pointingGame(), r.deletionAuc(), r.insertionAuc()));
			report = sb.toString();
		}
	}
}
