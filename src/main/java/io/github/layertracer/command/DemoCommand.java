package io.github.layertracer.command;

import io.github.layertracer.builtin.BuiltinModels;
import io.github.layertracer.builtin.CnnBuilder;
import io.github.layertracer.builtin.ShapesData;
import io.github.layertracer.io.AtomicFiles;
import io.github.layertracer.model.LayerModel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * The end-to-end demo on the built-in default: builds (or reuses) the shapes model, writes a
 * fresh set of shapes images, and describes the model, all into one output folder.
 */
@Plugin(type = Command.class, menuPath = "Plugins>LayerTracer>Demo>Run Demo", headless = true,
	label = "Run Demo")
public class DemoCommand extends LayerTracerCommand {

	@Parameter(label = "Output folder", style = "directory", persist = false,
		description = "Where the demo writes its model, data and results.")
	private File output_dir = new File("layertracer-demo");

	@Parameter(label = "Number of demo images", min = "4", persist = false,
		description = "Shapes images written for the demo (not used in training).")
	private int image_count = 40;

	@Parameter(label = "Random seed", persist = false,
		description = "Seed of the model's training; the demo images use seed + 1.")
	private long seed = 1;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String report;

	@Override
	protected void execute() {
		final Path out = path(output_dir, "output folder").toAbsolutePath();
		final List<String> done = new ArrayList<>();
		final Path modelDir = out.resolve("model");
		if (Files.isRegularFile(modelDir.resolve("saved_model.pb"))) {
			done.add("reused the shapes model in " + modelDir);
		}
		else {
			final CnnBuilder.Trained t = BuiltinModels.build("shapes", modelDir, -1, seed,
				CnnBuilder.ExportStyle.GRAPH, null, this::info);
			done.add(String.format(Locale.ROOT,
				"trained the shapes model (%.1f %% test accuracy, %.1f s) into %s", 100 *
					t.testAccuracy, t.seconds, modelDir));
		}
		final Path data = out.resolve("data");
		ShapesData.write(data, seed + 1, image_count);
		done.add("wrote " + image_count + " shapes images and boxes.csv to " + data);
		try (LayerModel model = LayerModel.open(modelDir)) {
			final String description = model.description().format();
			final Path file = out.resolve("model-description.txt");
			AtomicFiles.writeFile(file, tmp -> Files.writeString(tmp, description));
			done.add("described the model (" + model.description().layers().size() +
				" layers in depth order) in " + file);
		}
		report = "LayerTracer demo, results in " + out + ":\n  - " + String.join("\n  - ", done);
	}
}
