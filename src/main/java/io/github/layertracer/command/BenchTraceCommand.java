package io.github.layertracer.command;

import io.github.layertracer.bench.TraceBenchmark;
import io.github.layertracer.builtin.BuiltinModels;
import io.github.layertracer.builtin.CnnBuilder;
import io.github.layertracer.io.AtomicFiles;
import io.github.layertracer.model.LayerModel;
import io.github.layertracer.model.ModelOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

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
		description = "vgg6-cifar (built on the fly, random weights) or a SavedModel folder.")
	private String model_name = "vgg6-cifar";

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

	@Override
	protected void execute() {
		Path dir = Paths.get(model_name);
		Path temp = null;
		try {
			if (!Files.isDirectory(dir)) {
				temp = Files.createTempDirectory("layertracer-bench");
				dir = temp.resolve("model");
				BuiltinModels.build(model_name, dir, -1, 1, CnnBuilder.ExportStyle.GRAPH, null, null);
			}
			try (LayerModel model = LayerModel.open(dir, ModelOptions.defaults().withThreads(
				threads)))
			{
				report = TraceBenchmark.run(model, TraceOptions.masks("rise", masks, 8, 0.5, 1,
					batch_size), repeats) + "threads=" + threads + "\n";
			}
		}
		catch (final IOException e) {
			throw new io.github.layertracer.LayerTracerException("Cannot create a temporary folder: " +
				e.getMessage(), e);
		}
		finally {
			if (temp != null) try {
				AtomicFiles.deleteRecursively(temp);
			}
			catch (final IOException e) {
				// a temporary folder; the OS cleans it eventually
			}
		}
	}
}
