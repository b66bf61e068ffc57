package io.github.layertracer.command;

import io.github.layertracer.data.LabelledSource;
import io.github.layertracer.image.InputConverter;
import io.github.layertracer.means.ClassMeans;
import io.github.layertracer.means.ClassMeansFile;
import io.github.layertracer.means.E2cmScorer;
import io.github.layertracer.means.LayerAccuracy;
import io.github.layertracer.model.LayerModel;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;

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

	@Override
	protected void execute() {
		final Path meansFile = path(class_means, "class means file");
		final ClassMeans means = ClassMeansFile.read(meansFile);
		final Path csv = path(output_file, "output table");
		try (LayerModel model = means.openModel(path(model_dir, "model folder"), meansFile
			.toString());
				LabelledSource source = LabelledSource.open(path(data_path, "labelled images"),
					label_file == null ? null : label_file.toPath(), means.classNames()))
		{
			final E2cmScorer scorer = E2cmScorer.attach(model, means, E2cmScorer.Normalisation
				.parse(normalisation), temperature, meansFile.toString());
			final InputConverter converter = new InputConverter(model.description().input(), means
				.preprocessing());
			final LayerAccuracy acc = LayerAccuracy.evaluate(scorer, source, converter,
				sourceIsIdx() ? null : means.classNames(), batch_size, progress("Layer accuracy"));
			acc.writeCsv(csv);
			final Path png = pngBeside(csv);
			acc.writePlot(png);
			final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
				"Layer accuracy on %d images (%s normalisation, T = %s), written to %s and %s%n",
				source.size(), normalisation, temperature, csv, png));
			for (final LayerAccuracy.Row r : acc.rows())
				sb.append(String.format(Locale.ROOT,
					"  %2d. %-20s accuracy %.4f  (%s: %.4f, confidence %.3f)%n", r.index, r.layer,
					r.accuracy, normalisation, r.normalisedAccuracy, r.meanConfidence));
			report = sb.toString();
		}
	}

	private boolean sourceIsIdx() {
		return data_path != null && !data_path.isDirectory();
	}

	static Path pngBeside(final Path csv) {
		final String name = csv.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return csv.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".png");
	}
}
