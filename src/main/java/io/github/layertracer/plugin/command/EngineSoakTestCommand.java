/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import io.github.layertracer.api.CancelledException;
import io.github.layertracer.api.Engine;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Messages;
import io.github.layertracer.plugin.bridge.EngineLoader;
import io.github.layertracer.plugin.service.LayerTracerService;

import ij.IJ;
import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;

/**
 * Soak test of the engine: many Trace Layers runs in one JVM, the way a Fiji session or a
 * macro loop uses it, reporting resident memory, loaded classes and engine class loaders as it
 * goes. Memory and class counts that keep growing after the first traces would be a native or
 * class-loader leak. Prints its figures and the settings that produced them.
 */
public class EngineSoakTestCommand extends ContextCommand {

	/** The command's label; launcher only (not in Fiji's menus or plugin index). */
	public static final String LABEL = "Engine Soak Test";

	@Parameter(label = "Model folder (optional)", style = "directory", required = false,
		persist = false, description = "A SavedModel with its class means; empty builds the " +
			"shapes demo model, data and class means in a temporary folder first.")
	private File model_dir;

	@Parameter(label = "Class means file (optional)", style = "file", required = false,
		persist = false, description = "Class means of the model (needed with a model folder).")
	private File class_means;

	@Parameter(label = "Image folder (optional)", style = "directory", required = false,
		persist = false, description = "Images to trace in turn (with a model folder); empty " +
			"uses the shapes demo images.")
	private File image_dir;

	@Parameter(label = "Traces", min = "2", persist = false,
		description = "How many Trace Layers runs.")
	private int traces = 50;

	@Parameter(label = "Masks per trace", min = "1", persist = false,
		description = "RISE masks per trace.")
	private int masks = 500;

	@Parameter(label = "Warm-up traces", min = "1", persist = false,
		description = "Traces after which growth is measured (caches, JIT and TensorFlow's " +
			"allocator settle first).")
	private int warmup = 10;

	@Parameter(label = "Reopen the model every trace", persist = false,
		description = "Close the model after each trace and open it again for the next, to " +
			"check that closing frees its native memory (Trace Image File works this way).")
	private boolean reopen = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Figures")
	private String report;

	@Parameter(type = ItemIO.OUTPUT, label = "Resident memory growth after warm-up (MB)")
	private Double rss_growth_mb;

	@Parameter(type = ItemIO.OUTPUT, label = "Loaded-class growth after warm-up")
	private Integer class_growth;

	@Parameter(type = ItemIO.OUTPUT, label = "Engine class loaders created")
	private Integer engines;

	@Parameter
	private CommandService commands;

	@Parameter
	private LayerTracerService service;

	@Override
	public void run() {
		if (warmup >= traces) {
			// refused as LayerTracer's commands refuse a value: a cancel with the reason
			cancel("Warm-up traces (" + warmup + ") must be fewer than traces (" + traces + "): " +
				"growth is measured from the last warm-up trace to the last trace; use a warm-up " +
				"of at most " + (traces - 1) + ", or more traces");
			return;
		}
		final Engine engine = service.engine();
		Path temp = null;
		try {
			Path model = model_dir == null || model_dir.getPath().isEmpty() ? null : model_dir
				.toPath();
			Path means = class_means == null || class_means.getPath().isEmpty() ? null : class_means
				.toPath();
			Path images = image_dir == null || image_dir.getPath().isEmpty() ? null : image_dir
				.toPath();
			if (model == null) {
				temp = Files.createTempDirectory("layertracer-soak");
				model = temp.resolve("model");
				means = temp.resolve("means.h5");
				images = temp.resolve("data");
				prepare(model, means, images);
			}
			if (means == null || images == null) throw new LayerTracerException(
				"With a model folder, give its class means file and an image folder");
			final List<Path> files;
			try (Stream<Path> s = Files.walk(images)) {
				files = s.filter(p -> p.toString().matches("(?i).*\\.(png|tif|tiff|jpg)")).sorted()
					.collect(Collectors.toList());
			}
			if (files.isEmpty()) throw new LayerTracerException("No images in " + images);
			final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
				"Engine soak test: %d Trace Layers runs of %d masks in one JVM (%s)%s%n" +
					"trace,rss_mb,loaded_classes,engine_class_loaders,open_models%n", traces, masks,
				model, reopen ? ", model reopened for every trace" : ""));
			long rssAtWarmup = 0;
			int classesAtWarmup = 0;
			for (int t = 1; t <= traces; t++) {
				final ImagePlus imp = IJ.openImage(files.get((t - 1) % files.size()).toString());
				// the command itself, as Fiji and macros run it; its other inputs keep their defaults
				run(TraceLayersCommand.class, Map.of("image", imp, "model_dir", model.toFile(),
					"class_means", means.toFile(), "masks", String.valueOf(masks), "seed", (long) t,
					"batch_size", 50));
				if (reopen) engine.clear();
				if (t == 1 || t == warmup || t % 10 == 0 || t == traces) {
					System.gc();
					final long rss = residentBytes();
					final int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
					if (t == warmup) {
						rssAtWarmup = rss;
						classesAtWarmup = classes;
					}
					sb.append(String.format(Locale.ROOT, "%d,%.1f,%d,%d,%d%n", t, rss / 1e6, classes,
						EngineLoader.enginesCreated(), engine.openModels()));
					if (t == traces) {
						rss_growth_mb = (rss - rssAtWarmup) / 1e6;
						class_growth = classes - classesAtWarmup;
					}
				}
			}
			engines = EngineLoader.enginesCreated();
			sb.append(String.format(Locale.ROOT,
				"growth from trace %d to %d: resident memory %+.1f MB, loaded classes %+d; engine " +
					"class loaders created: %d%n", warmup, traces, rss_growth_mb, class_growth, engines));
			report = sb.toString();
		}
		catch (final LayerTracerException e) {
			cancel(e.getMessage()); // as LayerTracer's commands end on a problem the user can fix
		}
		catch (final IOException e) {
			cancel("Cannot prepare the soak test: " + Messages.cause(e));
		}
		finally {
			if (temp != null) try (Stream<Path> s = Files.walk(temp)) {
				for (final Path p : s.sorted(java.util.Comparator.reverseOrder()).collect(Collectors
					.toList()))
					Files.deleteIfExists(p);
			}
			catch (final IOException e) {
				// a temporary folder; the OS cleans it eventually
			}
		}
	}

	/** The shapes demo model, 40 images and their class means, made by their commands. */
	private void prepare(final Path model, final Path means, final Path images) {
		run(BuildDemoModelCommand.class, Map.of("arch", "shapes", "output_dir", model.toFile()));
		run(MakeDemoDataCommand.class, Map.of("output_dir", images.toFile(), "image_count", 40, "seed",
			2L));
		run(ComputeClassMeansCommand.class, Map.of("model_dir", model.toFile(), "data_path", images
			.toFile(), "output_file", means.toFile(), "batch_size", 40));
	}

	private void run(final Class<? extends Command> command, final Map<String, Object> inputs) {
		final CommandModule m;
		try {
			m = commands.run(command, true, inputs).get();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CancelledException();
		}
		catch (final ExecutionException e) {
			throw new IllegalStateException(e.getCause());
		}
		if (m.isCanceled()) throw new LayerTracerException(m.getCancelReason());
	}

	/** Resident set size from /proc (Linux); 0 where there is none. */
	static long residentBytes() {
		try {
			for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
				if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) *
					1024;
		}
		catch (final IOException | NumberFormatException e) {
			// not Linux
		}
		return 0;
	}
}
