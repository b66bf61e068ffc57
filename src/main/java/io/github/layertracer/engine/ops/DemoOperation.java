/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.ops;

import io.github.layertracer.api.AtomicFiles;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.builtin.BuiltinModels;
import io.github.layertracer.engine.builtin.CnnBuilder;
import io.github.layertracer.engine.builtin.ShapesData;
import io.github.layertracer.engine.data.FolderSource;
import io.github.layertracer.engine.data.LabelledSource;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.means.ClassMeans;
import io.github.layertracer.engine.means.ClassMeansBuilder;
import io.github.layertracer.engine.means.ClassMeansFile;
import io.github.layertracer.engine.means.E2cmScorer;
import io.github.layertracer.engine.means.LayerAccuracy;
import io.github.layertracer.engine.metrics.Evaluation;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.ModelDescription;
import io.github.layertracer.engine.trace.LayerAnimation;
import io.github.layertracer.engine.trace.MaskSettings;
import io.github.layertracer.engine.trace.Target;
import io.github.layertracer.engine.trace.TraceResult;
import io.github.layertracer.engine.trace.TraceWriter;
import io.github.layertracer.engine.trace.Tracer;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.plugin.MontageMaker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end-to-end demo on the built-in default: builds (or reuses) the shapes model, writes
 * fresh shapes images, describes the model, computes class means and the per-layer accuracy,
 * traces a few images layer by layer and evaluates the saliency, all into one output folder.
 */
final class DemoOperation {

	/** Images the demo computes its class means from (a set apart from the demo images). */
	private static final int MEANS_IMAGES = 400;
	/** Demo images written as saliency files: one per class. */
	private static final int TRACED = 4;

	private DemoOperation() {}

	static Map<String, Object> run(final Inputs in, final Call call) {
		final long seed = in.longValue("seed");
		final int imageCount = in.integer("image_count");
		final int masks = in.integer("masks");
		final Path out = in.path("output_dir", "output folder").toAbsolutePath();
		// everything checked before the first second of training
		if (Files.exists(out) && !Files.isDirectory(out)) throw new LayerTracerException(
			"Output " + out + " is a file; the demo writes a folder: choose a new or empty folder");
		if (imageCount < 4) throw new LayerTracerException("The demo needs at least 4 images " +
			"(one per class), got image_count=" + imageCount);
		if (masks < 1) throw new LayerTracerException("masks must be at least 1, got " + masks);
		final List<String> done = new ArrayList<>();
		final Path modelDir = out.resolve("model");
		if (!Files.isRegularFile(modelDir.resolve("saved_model.pb"))) AtomicFiles
			.checkFolderTarget(modelDir, "model");
		AtomicFiles.checkFolderTarget(out.resolve("data"), "data set");
		AtomicFiles.checkFolderTarget(out.resolve("means-data"), "data set");
		if (Files.isRegularFile(modelDir.resolve("saved_model.pb"))) {
			done.add("reused the shapes model in " + modelDir);
		}
		else {
			final CnnBuilder.Trained t = BuiltinModels.build("shapes", modelDir, -1, seed,
				CnnBuilder.ExportStyle.GRAPH, null, call.log);
			done.add(String.format(Locale.ROOT,
				"trained the shapes model (%.1f %% test accuracy, %.1f s) into %s", 100 *
					t.testAccuracy, t.seconds, modelDir));
		}
		final Path data = out.resolve("data");
		ShapesData.write(data, seed + 1, imageCount);
		done.add("wrote " + imageCount + " shapes images and boxes.csv to " + data);
		final Path meansData = out.resolve("means-data");
		ShapesData.write(meansData, seed + 2, MEANS_IMAGES);
		try (LayerModel model = LayerModel.open(modelDir)) {
			final String description = model.description().format();
			final Path file = out.resolve("model-description.txt");
			AtomicFiles.writeFile(file, ModelDescription::isReport, tmp -> Files.writeString(tmp,
				description));
			done.add("described the model (" + model.description().layers().size() +
				" layers in depth order) in " + file);

			final ClassMeans means;
			try (LabelledSource s = FolderSource.open(meansData)) {
				means = ClassMeansBuilder.compute(model, s, InputContract.defaults(), null, 64,
					call.progress);
			}
			final Path meansFile = out.resolve("class-means.h5");
			ClassMeansFile.write(means, meansFile);
			done.add("computed class means of every layer from " + MEANS_IMAGES +
				" other shapes images (" + meansData + ") into " + meansFile);

			final E2cmScorer scorer = E2cmScorer.attach(model, means, E2cmScorer.Normalisation.E2CM,
				1, meansFile.toString());
			final LayerAccuracy acc;
			try (LabelledSource s = FolderSource.open(data)) {
				acc = LayerAccuracy.evaluate(scorer, s, new InputConverter(model.description().input(),
					means.contract()), null, 64, call.progress);
			}
			acc.writeCsv(out.resolve("layer-accuracy.csv"));
			acc.writePlot(out.resolve("layer-accuracy.png"));
			final StringBuilder curve = new StringBuilder();
			for (final LayerAccuracy.Row r : acc.rows())
				curve.append(String.format(Locale.ROOT, "%s%s %.0f %%", curve.length() == 0 ? "" : ", ",
					r.layer, 100 * r.accuracy));
			done.add("measured each layer's class-mean accuracy on the demo images (" + curve +
				") into layer-accuracy.csv and layer-accuracy.png");

			final Tracer tracer = Tracer.create(model, means, E2cmScorer.Normalisation.E2CM, 1,
				MaskSettings.defaults().withMasks(masks).withSeed(seed), meansFile.toString());
			final Path traces = out.resolve("traces");
			for (int i = 0; i < TRACED; i++) {
				final ShapesData.Sample s = ShapesData.sample(seed + 1, i);
				final String name = String.format(Locale.ROOT, "%s_%05d", s.className(), i);
				final InputConverter.Planes planes = InputConverter.planes(FolderSource.read(data
					.resolve(s.className()).resolve(name + ".png")));
				final TraceResult r = tracer.trace(planes, Target.predicted(), Tracer.Attribution.KEEP,
					call.progress);
				TraceWriter.write(r, traces, name + "_saliency");
				if (i == 0) {
					LayerAnimation.writeGif(LayerAnimation.frames(planes, r, 0, 4, 0.5, 3), out.resolve(
						"layers.gif"));
					final ImagePlus montage = new MontageMaker().makeMontage2(LayerAnimation.frames(planes,
						r, 0, 0, 0.5, 2), r.layers().size(), 1, 1, 1, r.layers().size(), 1, 2, false);
					AtomicFiles.writeFile(out.resolve("layers-montage.png"), tmp -> {
						if (!new FileSaver(montage).saveAsPng(tmp.toString())) throw new IOException(
							"ImageJ could not write the montage");
					});
				}
			}
			done.add("wrote the first traced image's layer animation (layers.gif) and montage " +
				"(layers-montage.png)");
			done.add("traced " + TRACED + " demo images layer by layer (" + masks +
				" RISE masks each) into " + traces + " (TIFF, JSON, CSV per image)");

			final Evaluation e = Evaluation.run(tracer, data, imageCount, 3, 16, call.progress);
			e.writeCsv(out.resolve("evaluation.csv"));
			final Evaluation.Row last = e.rows().get(e.rows().size() - 1);
			done.add(String.format(Locale.ROOT, "evaluated every layer's saliency on %d images " +
				"into evaluation.csv (network output: pointing game %.0f %%, deletion AUC %.3f vs " +
				"%.3f for a random map, insertion AUC %.3f vs %.3f)", e.images(), 100 * last
					.pointingGame(), last.deletionAuc(), e.randomDeletionAuc(), last.insertionAuc(), e
						.randomInsertionAuc()));
		}
		return Call.report("LayerTracer demo, results in " + out + ":\n  - " + String.join("\n  - ", done));
		}
}
