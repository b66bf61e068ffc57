/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.ops;

import io.github.layertracer.api.AtomicFiles;
import io.github.layertracer.api.CancelledException;
import io.github.layertracer.api.Defaults;
import io.github.layertracer.api.Images;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Messages;
import io.github.layertracer.api.OwnedFiles;
import io.github.layertracer.engine.bench.TraceBenchmark;
import io.github.layertracer.engine.builtin.BuiltinModels;
import io.github.layertracer.engine.builtin.CnnBuilder;
import io.github.layertracer.engine.builtin.ResNet18;
import io.github.layertracer.engine.data.FolderSource;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.image.InputRequest;
import io.github.layertracer.engine.means.ContractMeasurement;
import io.github.layertracer.engine.metrics.Evaluation;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.ModelOptions;
import io.github.layertracer.engine.trace.LayerAnimation;
import io.github.layertracer.engine.trace.MaskSettings;
import io.github.layertracer.engine.trace.Target;
import io.github.layertracer.engine.trace.TraceResult;
import io.github.layertracer.engine.trace.TraceWriter;
import io.github.layertracer.engine.trace.Tracer;

import ij.ImagePlus;
import ij.ImageStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/** The engine's operations that trace, evaluate and animate. */
final class TraceOperations {

	private TraceOperations() {}

	static Map<String, Object> traceFile(final Inputs in, final Call call) {
		final Path image = in.path("image_file", "image file");
		final Path out = in.path("output_dir", "output folder");
		if (Files.exists(out) && !Files.isDirectory(out)) throw new LayerTracerException("Output " +
			out + " is a file; the trace is written into a folder: name a folder");
		if (!Files.isRegularFile(image)) FolderSource.read(image); // says what is wrong with it
		final TraceOptions.Settings settings = TraceOptions.Settings.trace(in);
		// the model stays open between calls: a macro tracing file after file loads it once
		final Tracer tracer = settings.cached(call.cache);
		{
			final long start = System.nanoTime();
			final TraceResult r = tracer.trace(InputConverter.planes(FolderSource.read(image)),
				Target.parse(settings.target), settings.attribution, call.progress);
			final Path tif = TraceWriter.write(r, out, resultName(image, out));
			final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
				"Traced %s (%d masks, %.1f s): %s%n", image, r.masksUsed(), (System.nanoTime() -
					start) / 1e9, tif));
			for (int l = 0; l < r.layers().size(); l++)
				sb.append(String.format(Locale.ROOT, "  %-20s p(%s) = %.3f%n", r.layers().get(l), r
					.classNames().get(r.targets()[0]), r.unmaskedProbability(l, r.targets()[0])));
			sb.append(ModelOperations.inputLine(r.contract()));
			sb.append(ModelOperations.precisionLine(tracer.model()));
			r.warnings().forEach(w -> sb.append(ModelOperations.warning(w)));
			if (in.optionalPath("class_means") == null) sb.append(TraceOptions.SCORES_ONLY).append(
				'\n');
			return Call.report(sb.toString());
		}
	}

	/**
	 * The base name of one traced image's results: {@code <name>_saliency} as ever, unless the
	 * output folder holds the results of another image of that name ({@code a.tif} beside
	 * {@code a.png}): then {@code <name.ext>_saliency}, so that every image gets its own.
	 */
	static String resultName(final Path image, final Path out) {
		final String file = image.getFileName().toString();
		final String plain = file.replaceFirst("\\.[^.]*$", "") + "_saliency";
		final com.google.gson.JsonObject o = Files.isRegularFile(out.resolve(plain + ".json"))
			? TraceWriter.readJson(out.resolve(plain + ".json")) : null;
		final boolean other = o != null && o.has("image") && !file.equals(o.get("image")
			.getAsString());
		return other ? file + "_saliency" : plain;
	}

	/**
	 * Traces an image given as {@code image} ({@code [x, y, c]}, scaled by its type's
	 * {@link Images#range}) named {@code image_name}
	 * with the cached model, written as {@code <base_name>_saliency.tif} (and sidecars) into
	 * {@code output_dir} if given. Outputs: {@code saliency} ({@code [x, y, layer]} or
	 * {@code [x, y, layer, class]}), {@code slice_labels} (one per plane, in stack order),
	 * {@code layers}, {@code info} (the trace's JSON) and, with {@code overlay}, {@code overlay}: every
	 * map blended over the image, RGB {@code [x, y, slice]} in the saliency's slice order.
	 */
	static Map<String, Object> traceLayers(final Inputs in, final Call call) {
		final String name = in.string("image_name");
		final RandomAccessibleInterval<? extends RealType<?>> image = in.image("image",
			"image (open the image to trace first)");
		final InputConverter.Planes planes = InputConverter.planes(image, name);
		final TraceOptions.Settings settings = TraceOptions.Settings.trace(in);
		final TraceResult r = settings.cached(call.cache).trace(planes, Target.parse(
			settings.target), settings.attribution, call.progress);
		final String base = in.string("base_name") + "_saliency";
		final Path out = in.optionalPath("output_dir");
		if (out != null) TraceWriter.write(r, out, base);
		final StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
			"Traced %s with %d masks: %d layers%n", name, r.masksUsed(), r.layers().size()));
		report.append(ModelOperations.inputLine(r.contract()));
		r.warnings().forEach(w -> report.append(ModelOperations.warning(w)));
		if (in.optionalPath("class_means") == null) report.append(TraceOptions.SCORES_ONLY);
		final Map<String, Object> result = Call.report(report.toString().trim());
		result.put("saliency", r.saliency());
		result.put("slice_labels", TraceWriter.sliceLabels(r));
		result.put("layers", new ArrayList<>(r.layers()));
		result.put("info", TraceWriter.json(r));
		if (in.bool("overlay")) {
			final ImagePlus over = LayerAnimation.overlay(planes, r, OVERLAY_OPACITY);
			result.put("overlay", Images.toArgb(over));
		}
		return result;
	}

	/** Opacity of the maps over the image in Trace Layers' overlay view. */
	static final double OVERLAY_OPACITY = 0.5;

	static Map<String, Object> traceFolder(final Inputs in, final Call call) {
		final String shard = in.string("shard");
		final Path input = in.path("input_path", "images");
		final Path out = in.path("output_dir", "output folder");
		final boolean overwrite = in.bool("overwrite");
		if (Files.isSymbolicLink(out)) throw new LayerTracerException("Output " + out +
			" is a symbolic link; LayerTracer does not write through links: name a folder");
		if (Files.exists(out) && !Files.isDirectory(out)) throw new LayerTracerException(
			"Output " + out + " is a file; Trace Folder writes into a folder: name a folder");
		final FolderRun run = FolderRun.open(input, out);
		final List<Path> all = run.images();
		final List<Path> mine = shard(all, shard);
		final TraceOptions.Settings settings = TraceOptions.Settings.trace(in);
		final Tracer tracer = settings.cached(call.cache);
		final FolderRun.RunKey runKey = runKey(settings, tracer.converter().contract(), tracer
			.model().precision().precision);
		// results made with other settings, model or class means: refused before any work
		final List<String> stale = new ArrayList<>();
		for (final Path image : mine) {
			final String recorded = run.recordedKey(image);
			if (recorded != null && !runKey.matches(recorded)) stale.add(run.relative(image));
		}
		if (!stale.isEmpty() && !overwrite) throw new LayerTracerException(stale.size() +
			" result(s) in " + out + " were made with other settings, another model or other " +
			"class means (first: " + stale.get(0) + "); trace into a new folder, or set " +
			"overwrite=true to recompute them");
		AtomicFiles.removeStaleTemporariesIn(out);
		int traced = 0, skipped = 0;
		final List<String> failed = new ArrayList<>();
		final List<String> warnings = new ArrayList<>();
		final List<float[]> outputs = new ArrayList<>();
		for (int i = 0; i < mine.size(); i++) {
			final Path image = mine.get(i);
			if (run.done(image, runKey)) {
				skipped++;
				continue;
			}
			final Path failure = run.result(image, ".failed.txt");
			try {
				final TraceResult r = tracer.trace(InputConverter.planes(FolderSource.read(image)),
					Target.parse(settings.target), settings.attribution, call.progress);
				final Map<String, Object> extra = new LinkedHashMap<>();
				extra.put("run_key", runKey.key);
				extra.put("source", run.relative(image));
				TraceWriter.write(r, run.folder(image), Paths.get(run.base(image)).getFileName()
					.toString(), extra);
				if (Files.isRegularFile(failure) && OwnedFiles.isOurs(failure, FolderRun::isFailureNote))
					Files.delete(failure);
				call.log.accept("Traced " + (i + 1) + "/" + mine.size() + ": " + image);
				traced++;
				warnings.addAll(r.warnings());
				outputs.add(r.unmaskedOutput());
			}
			catch (final LayerTracerException e) {
				if (e instanceof CancelledException) throw e;
				// one bad image does not stop the batch: noted beside its results and in the summary
				failed.add(run.relative(image) + ": " + e.getMessage());
				final String message = e.getMessage();
				if (run.throughNoLink(image)) AtomicFiles.writeFile(failure, FolderRun::isFailureNote,
					tmp -> Files.writeString(tmp, message + "\n"));
			}
			catch (final IOException e) {
				throw new LayerTracerException("Cannot write into " + out + ": " + Messages.cause(e), e);
			}
		}
		final Path summary = out.resolve("summary.csv");
		final int[] counts = run.writeSummary(runKey, summary);
		final Map<String, Object> result = Call.report(String.format(Locale.ROOT,
			"Traced %d images, skipped %d with results, %d could not be traced, of %d in shard %s " +
				"of %d images; summary of the whole folder (%d done, %d failed, %d pending) in %s",
			traced, skipped, failed.size(), mine.size(), shard.isBlank() ? "all" : shard, all.size(),
			counts[0], counts[1], counts[2], summary) + (failed.isEmpty() ? "" : "\nNot traced:\n  " +
				String.join("\n  ", failed)) + "\n" + ModelOperations.inputLine(tracer.converter()
					.contract()).trim() + warnings(warnings, outputs, tracer) + (settings.meansFile == null
						? "\n" + TraceOptions.SCORES_ONLY : ""));
		result.put("failures", failed.size());
		return result;
	}

	/**
	 * The warnings of a folder's run: those of its traces (the first few, then how many more)
	 * and, over two or more images, a network whose output is the same for every image.
	 */
	private static String warnings(final List<String> warnings, final List<float[]> outputs,
		final Tracer tracer)
	{
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < Math.min(3, warnings.size()); i++)
			sb.append("\n").append(ModelOperations.warning(warnings.get(i)).trim());
		if (warnings.size() > 3) sb.append("\nWarning: ").append(warnings.size() - 3).append(
			" more warnings of the same kind; see the JSON sidecars");
		final String same = sameOutput(outputs, tracer);
		if (same != null) sb.append("\n").append(ModelOperations.warning(same).trim());
		return sb.toString();
	}

	/**
	 * A warning when the network's unmasked output is (nearly) the same for every one of two or
	 * more images: its largest per-class spread below {@link ContractMeasurement#SAME_OUTPUT}.
	 */
	static String sameOutput(final List<float[]> outputs, final Tracer tracer) {
		if (outputs.size() < 2) return null;
		final int classes = outputs.get(0).length;
		double spread = 0;
		final double[] mean = new double[classes];
		for (int k = 0; k < classes; k++) {
			double sum = 0, squares = 0;
			for (final float[] p : outputs) {
				sum += p[k];
				squares += p[k] * (double) p[k];
			}
			mean[k] = sum / outputs.size();
			spread = Math.max(spread, Math.sqrt(Math.max(0, squares / outputs.size() - mean[k] *
				mean[k])));
		}
		if (spread >= ContractMeasurement.SAME_OUTPUT) return null;
		int best = 0;
		for (int k = 1; k < classes; k++)
			if (mean[k] > mean[best]) best = k;
		final io.github.layertracer.engine.image.InputContract c = tracer.converter().contract();
		return String.format(Locale.ROOT, "the network gives the same output for every image " +
			"(class %d, p = %.3f, spread %.1e over %d images) with input %s (%s): the input values " +
			"are probably not what the model expects; set input_range (0..1, 0..255, -1..1), " +
			"channel_order or norm_mean/norm_std, or compute class means from labelled images, which " +
			"measures it", best, mean[best], spread, outputs.size(), c.describe(), c.source());
	}

	/**
	 * What makes a result: the masks, target, attribution, normalisation (and temperature, when
	 * not 1; the input contract, when not the default), the model (its graph and weights) and
	 * the class means. Results with another key are not reused; those of versions whose key named
	 * no graph are, where the model has weights.
	 */
	static FolderRun.RunKey runKey(final TraceOptions.Settings s,
		final io.github.layertracer.engine.image.InputContract contract,
		final io.github.layertracer.engine.model.Precision precision)
	{
		final String means;
		try {
			means = s.meansFile == null ? "none" : io.github.layertracer.engine.means.ClassMeans
				.sha256(Files.readAllBytes(s.meansFile));
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot read class means file " + s.meansFile + ": " +
				Messages.cause(e), e);
		}
		final String weights = io.github.layertracer.engine.means.ClassMeans.weightsFingerprint(
			s.modelDir);
		final String legacy = "masks=" + s.masks + "; target=" + s.target.trim() + "; attribution=" +
			s.attribution.name().toLowerCase(Locale.ROOT) + "; normalisation=" + s.normalisation
				.name().toLowerCase(Locale.ROOT) + "; weights=" + weights + "; class_means=" + means + (s
					.temperature == 1 ? "" : "; temperature=" + s.temperature) + (contract.isDefault() ? ""
						: "; input=" + contract) + (precision == io.github.layertracer.engine.model.Precision
							.BFLOAT16 ? "; precision=bfloat16" : "");
		final String key = legacy + "; graph=" + io.github.layertracer.engine.means.ClassMeans
			.graphFingerprint(s.modelDir);
		return new FolderRun.RunKey(key, weights.equals("none") ? null : legacy);
	}

	/** Every N-th image from the K-th, for {@code K/N}; all for an empty shard. */
	static List<Path> shard(final List<Path> images, final String shard) {
		if (shard == null || shard.isBlank()) return images;
		final String[] kn = shard.trim().split("/");
		try {
			final int k = Integer.parseInt(kn[0].trim()), n = Integer.parseInt(kn[1].trim());
			if (kn.length != 2 || n < 1 || k < 0 || k >= n) throw new NumberFormatException();
			final List<Path> out = new ArrayList<>();
			for (int i = k; i < images.size(); i += n)
				out.add(images.get(i));
			return out;
		}
		catch (final RuntimeException e) {
			throw new LayerTracerException("Shard '" + shard +
				"' is not K/N with 0 <= K < N, e.g. 0/4 for the first of four jobs");
		}
	}


	static Map<String, Object> evaluate(final Inputs in, final Call call) {
		final Path data = in.path("data_dir", "image folder");
		final Path output = in.path("output_file", "output table");
		Evaluation.checkOutput(output);
		try (TraceOptions.Opened o = TraceOptions.Settings.masked(in).open()) {
			final Evaluation e = Evaluation.run(o.tracer, data, in.integer("image_limit"), in.integer(
				"tolerance"), in.integer("steps"), call.progress);
			e.writeCsv(output);
			final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
				"Evaluated %d images, written to %s (random map: deletion %.3f, insertion %.3f)%n", e
					.images(), output, e.randomDeletionAuc(), e.randomInsertionAuc()));
			for (final Evaluation.Row r : e.rows())
				sb.append(String.format(Locale.ROOT,
					"  %-20s pointing %.0f %%  deletion %.3f  insertion %.3f%n", r.layer, 100 * r
						.pointingGame(), r.deletionAuc(), r.insertionAuc()));
			sb.append(ModelOperations.inputLine(o.tracer.converter().contract()));
			sb.append(warnings(e.warnings(), e.outputs(), o.tracer).trim());
			if (!e.warnings().isEmpty() || sameOutput(e.outputs(), o.tracer) != null) sb.append('\n');
			if (in.optionalPath("class_means") == null) sb.append(TraceOptions.SCORES_ONLY).append(
				'\n');
			return Call.report(sb.toString());
		}
	}

	/** Writes the GIF; outputs {@code frames}, the RGB frames {@code [x, y, frame]}. */
	static Map<String, Object> animation(final Inputs in, final Call call) {
		final Path imageFile = in.path("image_file", "image file");
		final Path saliencyFile = in.path("saliency_file", "saliency TIFF");
		final Path output = in.path("output_file", "output GIF");
		OwnedFiles.checkReplaceable(output, null);
		final ImagePlus image = FolderSource.read(imageFile);
		final ImagePlus sal = FolderSource.read(saliencyFile);
		if (sal.getBitDepth() != 32) throw new LayerTracerException("Saliency file " +
			saliencyFile + " is not a 32-bit saliency stack written by a trace");
		final int layers = sal.getNSlices() > 1 ? sal.getNSlices() : sal.getStackSize();
		final ImageStack stack = sal.getStack();
		final List<String> names = new ArrayList<>();
		final float[][] maps = new float[layers][];
		for (int l = 0; l < layers; l++) {
			final String label = stack.getSliceLabel(l + 1);
			names.add(label == null ? "layer " + (l + 1) : label);
			maps[l] = (float[]) stack.getPixels(l + 1);
		}
		final ImagePlus frames = LayerAnimation.frames(InputConverter.planes(image), names, maps, sal
			.getWidth(), sal.getHeight(), in.integer("frames_between"), in.real("opacity"), in
				.integer("scale"));
		LayerAnimation.writeGif(frames, output);
		final Map<String, Object> result = Call.report("Wrote " + frames.getStackSize() +
			" frames over " + layers + " layers to " + output);
		result.put("frames", Images.toArgb(frames));
		final List<String> labels = new ArrayList<>();
		for (int i = 1; i <= frames.getStackSize(); i++)
			labels.add(frames.getStack().getSliceLabel(i));
		result.put("frame_labels", labels);
		return result;
	}

	static Map<String, Object> benchTrace(final Inputs in, final Call call) {
		final String name = in.string("model_name");
		final int threads = in.integer("threads");
		final List<CnnBuilder.ExportStyle> styles = new ArrayList<>();
		for (final String st : ModelOptions.parseList(in.string("export_style"))) {
			try {
				styles.add(CnnBuilder.ExportStyle.valueOf(st.toUpperCase(Locale.ROOT)));
			}
			catch (final IllegalArgumentException e) {
				throw new LayerTracerException("Export style '" + st + "' is not one of graph, " +
					"function, nested");
			}
		}
		if (styles.isEmpty()) styles.add(CnnBuilder.ExportStyle.GRAPH);
		final InputRequest input = TraceOptions.input(in);
		final StringBuilder report = new StringBuilder();
		Path temp = null;
		try {
			final boolean builtin = !Files.isDirectory(Paths.get(name));
			if (builtin) temp = Files.createTempDirectory("layertracer-bench");
			for (final CnnBuilder.ExportStyle style : builtin ? styles : List.of(
				CnnBuilder.ExportStyle.GRAPH))
			{
				Path dir = Paths.get(name);
				if (builtin) {
					dir = temp.resolve("model-" + style.name().toLowerCase(Locale.ROOT));
					if (ResNet18.NAME.equals(name)) ResNet18.export(dir, 1);
					else BuiltinModels.build(name, dir, -1, 1, style, null, null);
				}
				try (LayerModel model = LayerModel.open(dir, ModelOptions.defaults().withPrecision(
					CommandSupport.precision(in)).withThreads(
					threads)))
				{
					if (builtin) report.append("export_style=").append(style.name().toLowerCase(
						Locale.ROOT)).append('\n');
					report.append(TraceBenchmark.run(model, MaskSettings.defaults().withMasks(in
						.integer("masks")).withBatch(in.integer("batch_size")).check(), input.resolve(model
							.description()), in.integer("repeats"))).append(
							"threads=").append(threads).append("\n\n");
				}
			}
			return Call.report(report.toString().trim() + "\n");
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot create a temporary folder: " + Messages.cause(
				e), e);
		}
		finally {
			deleteTemporary(temp);
		}
	}

	static Map<String, Object> benchQuality(final Inputs in, final Call call) {
		final String name = in.string("model_name");
		final int threads = in.integer("threads");
		final int count = in.integer("image_count");
		final List<MaskSettings.Sampling> methods = new ArrayList<>();
		for (final String m : ModelOptions.parseList(in.string("methods")))
			methods.add(MaskSettings.Sampling.parse(m));
		if (methods.isEmpty()) throw new LayerTracerException("No sampling methods given");
		final MaskSettings base = TraceOptions.masks(Defaults.MASK_TYPE, 1000, in.integer("grid"), in.real(
			"keep"), 1, in.integer("batch_size"));
		final InputRequest input = TraceOptions.input(in);
		final io.github.layertracer.engine.model.Precision precision = CommandSupport.precision(in);
		Path temp = null;
		try {
			Path modelDir = Paths.get(name), meansFile = in.optionalPath("class_means"),
					imageDir = in.optionalPath("image_dir");
			if (!Files.isDirectory(modelDir)) {
				if (!"shapes".equals(name)) throw new LayerTracerException("Model '" + name +
					"' is neither shapes nor a SavedModel folder");
				temp = Files.createTempDirectory("layertracer-quality");
				modelDir = temp.resolve("model");
				call.log.accept("quality benchmark: training the shapes model");
				BuiltinModels.build("shapes", modelDir, -1, 1, CnnBuilder.ExportStyle.GRAPH, null, null);
				io.github.layertracer.engine.builtin.ShapesData.write(temp.resolve("means-data"), 21, 400);
				imageDir = temp.resolve("images");
				io.github.layertracer.engine.builtin.ShapesData.write(imageDir, 22, count);
				meansFile = temp.resolve("means.h5");
				try (LayerModel m = LayerModel.open(modelDir, ModelOptions.defaults().withPrecision(
					precision));
						io.github.layertracer.engine.data.LabelledSource s = io.github.layertracer.engine.data.LabelledSource
							.open(temp.resolve("means-data"), null, null))
				{
					io.github.layertracer.engine.means.ClassMeansFile.write(io.github.layertracer.engine.means
						.ClassMeansBuilder.compute(m, s, input.resolve(m.description()), null, 64,
							call.progress), meansFile);
				}
			}
			if (meansFile == null || imageDir == null) throw new LayerTracerException(
				"A model folder needs its class means (class_means) and images (image_dir)");
			final io.github.layertracer.engine.means.ClassMeans means = io.github.layertracer.engine.means
				.ClassMeansFile.read(meansFile);
			input.checkAgainst(means.contract(), meansFile.toString());
			final List<InputConverter.Planes> images = new ArrayList<>();
			for (final Path p : FolderRun.open(imageDir, null).images()) {
				if (images.size() >= count) break;
				images.add(InputConverter.planes(FolderSource.read(p)));
			}
			try (LayerModel model = means.openModel(modelDir, meansFile.toString(), ModelOptions
				.defaults().withThreads(threads).withPrecision(precision))) {
				return Call.report(io.github.layertracer.engine.bench.QualityBenchmark.run(model, means, images,
					base, in.integer("reference_masks"), in.real("target_r"), in.integer("max_masks"),
					methods, call.log) + "threads=" + threads + "\n");
			}
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot create a temporary folder: " + Messages.cause(
				e), e);
		}
		finally {
			deleteTemporary(temp);
		}
	}

	/** Removes a benchmark's temporary folder, if there is one; best effort. */
	private static void deleteTemporary(final Path temp) {
		if (temp != null) try {
			AtomicFiles.deleteRecursively(temp);
		}
		catch (final IOException e) {
			// a temporary folder; the OS cleans it eventually
		}
	}
}
