/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.ops;

import io.github.layertracer.api.AtomicFiles;
import io.github.layertracer.api.OwnedFiles;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.bench.ClassMeansBenchmark;
import io.github.layertracer.engine.builtin.BuiltinModels;
import io.github.layertracer.engine.builtin.CnnBuilder;
import io.github.layertracer.engine.builtin.ShapesData;
import io.github.layertracer.engine.data.LabelledSource;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.image.InputRequest;
import io.github.layertracer.engine.means.ContractMeasurement;
import io.github.layertracer.engine.means.ClassMeans;
import io.github.layertracer.engine.means.ClassMeansBuilder;
import io.github.layertracer.engine.means.ClassMeansFile;
import io.github.layertracer.engine.means.E2cmScorer;
import io.github.layertracer.engine.means.LayerAccuracy;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.ModelDescription;
import io.github.layertracer.engine.model.ModelOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The engine's operations on models, data and class means. */
final class ModelOperations {

	private ModelOperations() {}

	static Map<String, Object> inspect(final Inputs in, final Call call) {
		try (LayerModel model = LayerModel.open(in.path("model_dir", "model folder"), CommandSupport
			.modelOptions(in, in.string("signature"), in.string("layer_list"), in.string("taps"), in
				.string("score_kind"), 0)))
		{
			final String report = model.description().format() + precisionLine(model);
			final Path file = in.optionalPath("output_file");
			if (file != null) OwnedFiles.checkReplaceable(file, ModelDescription::isReport);
			if (file != null) AtomicFiles.writeFile(file, ModelDescription::isReport, tmp -> Files
				.writeString(tmp, report));
			return Call.report(report);
		}
	}

	static Map<String, Object> makeData(final Inputs in, final Call call) {
		final String kind = in.string("kind");
		if (!"shapes".equals(kind)) throw new LayerTracerException("Unknown data kind '" + kind +
			"'; expected shapes");
		final Path out = in.path("output_dir", "output folder");
		final long seed = in.longValue("seed");
		final int count = in.integer("image_count");
		if (count < 1) throw new LayerTracerException("image_count must be at least 1, got " +
			count);
		ShapesData.write(out, seed, count);
		return Call.report("Wrote " + count + " shapes images (" + String.join(", ",
			ShapesData.CLASSES) + ", seed " + seed + ") and boxes.csv to " + out);
	}

	static Map<String, Object> buildModel(final Inputs in, final Call call) {
		final String arch = in.string("arch");
		final Path out = in.path("output_dir", "output folder");
		final String style = in.string("export_style");
		final CnnBuilder.ExportStyle exportStyle;
		try {
			exportStyle = CnnBuilder.ExportStyle.valueOf(style.toUpperCase(Locale.ROOT));
		}
		catch (final IllegalArgumentException e) {
			throw new LayerTracerException("Graph structure '" + style +
				"' is not one of graph, function, nested");
		}
		// the output folder is checked before any training
		io.github.layertracer.api.AtomicFiles.checkFolderTarget(out, "model");
		final CnnBuilder.Trained t = BuiltinModels.build(arch, out, in.integer("epochs"), in
			.longValue("seed"), exportStyle, in.optionalPath("fashion_dir"), call.log);
		return Call.report(String.format(Locale.ROOT, "Built %s model in %s (%s test accuracy, " +
			"%.1f s)", arch, out, Double.isNaN(t.testAccuracy) ? "no" : String.format(Locale.ROOT,
				"%.2f %%", 100 * t.testAccuracy), t.seconds));
	}

	static Map<String, Object> classMeans(final Inputs in, final Call call) {
		final ModelOptions options = CommandSupport.modelOptions(in, in.string("signature"), in.string(
			"layer_list"), in.string("taps"), "auto", 0);
		final InputRequest request = TraceOptions.input(in);
		final Path output = in.path("output_file", "output file");
		ClassMeansFile.checkOutput(output);
		final Path data = in.path("data_path", "labelled images");
		final Path labels = in.optionalPath("label_file");
		final List<String> names = in.list("class_names");
		final int batch = in.integer("batch_size");
		try (LayerModel model = LayerModel.open(in.path("model_dir", "model folder"), options)) {
			final long start = System.nanoTime();
			ClassMeansBuilder.requireLayers(model);
			final ContractMeasurement measured = measure(model, data, labels, names, names, request,
				null, batch, call);
			final InputContract contract = measured.chosen();
			final ClassMeans means;
			final int images;
			try (LabelledSource source = LabelledSource.open(data, labels, names)) {
				images = source.size();
				means = ClassMeansBuilder.compute(model, source, contract, names, batch, call.progress);
			}
			ClassMeansFile.write(means, output);
			final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
				"Class means of %d layers x %d classes from %d images in %.1f s written to %s%n", means
					.layers().size(), means.classNames().size(), images, (System.nanoTime() - start) /
						1e9, output));
			for (final ClassMeans.Layer l : means.layers())
				sb.append(String.format(Locale.ROOT, "  %-20s %s%n", l.name(), Arrays.toString(l
					.shape())));
			sb.append(inputLine(contract));
			measured.warnings().forEach(w -> sb.append(warning(w)));
			return Call.report(sb.toString());
		}
	}

	/** The line every report on a run gives its input contract in. */
	static String inputLine(final InputContract contract) {
		return "Input: " + contract.describe() + " (" + contract.source() + ")\n";
	}

	/** The line a report gives the network's number format in. */
	static String precisionLine(final LayerModel model) {
		return "Precision: " + model.precision() + "\n";
	}

	/** A warning line of a report. */
	static String warning(final String w) {
		return "Warning: " + w + "\n";
	}

	/**
	 * The input contract measured on a sample of the labelled images (a source of its own, so
	 * the run proper reads them all from the start).
	 */
	private static ContractMeasurement measure(final LayerModel model, final Path data,
		final Path labels, final List<String> classNames, final List<String> logitOrder,
		final InputRequest request, final InputContract file, final int batch, final Call call)
	{
		try (LabelledSource sample = LabelledSource.open(data, labels, classNames)) {
			return ContractMeasurement.measure(model, sample, logitOrder, request, file, batch,
				call.progress);
		}
	}

	static Map<String, Object> layerAccuracy(final Inputs in, final Call call) {
		final Path meansFile = in.path("class_means", "class means file");
		final ClassMeans means = ClassMeansFile.read(meansFile);
		final InputRequest request = TraceOptions.input(in);
		request.checkAgainst(means.contract(), meansFile.toString());
		final Path csv = in.path("output_file", "output table");
		in.checkOutput(pngBeside(csv), false);
		LayerAccuracy.checkOutputs(csv, pngBeside(csv));
		final Path data = in.path("data_path", "labelled images");
		final Path labels = in.optionalPath("label_file");
		final String normalisation = in.string("normalisation");
		final double temperature = in.real("temperature");
		final int batch = in.integer("batch_size");
		try (LayerModel model = means.openModel(in.path("model_dir", "model folder"), meansFile
			.toString(), CommandSupport.access(in).withThreads(in.integer("threads"))))
		{
			final List<String> order = Files.isDirectory(data) ? means.classNames() : null;
			// labels at hand: is the file's contract the one the network does best with?
			final ContractMeasurement measured = measure(model, data, labels, means.classNames(),
				order, request, means.contract(), batch, call);
			final E2cmScorer scorer = E2cmScorer.attach(model, means, E2cmScorer.Normalisation.parse(
				normalisation), temperature, meansFile.toString());
			final InputConverter converter = new InputConverter(model.description().input(), means
				.contract());
			final LayerAccuracy acc;
			final int images;
			try (LabelledSource source = LabelledSource.open(data, labels, means.classNames())) {
				images = source.size();
				acc = LayerAccuracy.evaluate(scorer, source, converter, order, batch, call.progress);
			}
			final Path png = pngBeside(csv);
			acc.writeCsv(csv);
			acc.writePlot(png);
			final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
				"Layer accuracy on %d images (%s normalisation, T = %s), written to %s and %s%n",
				images, normalisation, temperature, csv, png));
			for (final LayerAccuracy.Row r : acc.rows())
				sb.append(String.format(Locale.ROOT,
					"  %2d. %-20s accuracy %.4f  (%s: %.4f, confidence %.3f)%n", r.index, r.layer,
					r.accuracy, normalisation, r.normalisedAccuracy, r.meanConfidence));
			sb.append(inputLine(means.contract().withSource("from the class means file, " + means
				.contract().source())));
			sb.append("Input check: ").append(measured.summary()).append('\n');
			measured.warnings().forEach(w -> sb.append(warning(w)));
			return Call.report(sb.toString());
		}
	}

	/** {@code table.png} beside {@code table.csv}. */
	static Path pngBeside(final Path csv) {
		return AtomicFiles.beside(csv, ".png");
	}

	static Map<String, Object> benchMeans(final Inputs in, final Call call) {
		final int threads = in.integer("threads");
		final List<Path> models = new java.util.ArrayList<>();
		models.add(in.path("model_dir", "model folder"));
		if (in.optionalPath("compare_dir") != null) models.add(in.optionalPath("compare_dir"));
		final StringBuilder report = new StringBuilder();
		final InputRequest input = TraceOptions.input(in);
		for (final Path dir : models) {
			try (LayerModel model = LayerModel.open(dir, CommandSupport.access(in).withThreads(
				threads));
					LabelledSource source = LabelledSource.open(in.path("data_path", "labelled images"),
						in.optionalPath("label_file"), null))
			{
				report.append(ClassMeansBenchmark.run(model, source, input.resolve(model
					.description()), in.integer("batch_size"), in
					.integer("repeats"), call.progress)).append("threads=").append(threads).append(
						"\n\n");
			}
		}
		return Call.report(report.toString().trim() + "\n");
	}
}
