/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.means;

import io.github.layertracer.api.AtomicFiles;
import io.github.layertracer.api.Csv;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.data.LabelledSource;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.model.TensorSpec;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.io.FileSaver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The early-exit curve of E2CM: how well each layer's class-mean classifier, and the network's
 * own output, classify a labelled set.
 */
public final class LayerAccuracy {

	/** One row of the report. */
	public static final class Row {

		public final String layer;
		public final int index;
		public final int depth;
		/** Accuracy of the nearest class mean (or of the network, for its own output). */
		public final double accuracy;
		/** Accuracy of the most probable class under the chosen normalisation. */
		public final double normalisedAccuracy;
		/** Mean probability of the predicted class. */
		public final double meanConfidence;
		/** Mean probability given to the true class. */
		public final double meanTrueProbability;
		public final long samples;

		Row(final String layer, final int index, final int depth, final double accuracy,
			final double normalisedAccuracy, final double meanConfidence,
			final double meanTrueProbability, final long samples)
		{
			this.layer = layer;
			this.index = index;
			this.depth = depth;
			this.accuracy = accuracy;
			this.normalisedAccuracy = normalisedAccuracy;
			this.meanConfidence = meanConfidence;
			this.meanTrueProbability = meanTrueProbability;
			this.samples = samples;
		}
	}

	private final List<Row> rows;

	private LayerAccuracy(final List<Row> rows) {
		this.rows = Collections.unmodifiableList(rows);
	}

	/** Rows in depth order; the last is the network's own output. */
	public List<Row> rows() {
		return rows;
	}

	/**
	 * Classifies every image of the source at every layer.
	 *
	 * @param logitOrder class names in logit order, or null/empty for the data's sorted order
	 */
	public static LayerAccuracy evaluate(final E2cmScorer scorer, final LabelledSource source,
		final InputConverter converter, final List<String> logitOrder, final int batchSize,
		final Progress progress)
	{
		final int classes = scorer.classes(), layers = scorer.layerNames().size();
		final ClassMapping mapping = ClassMapping.of(source.classNames(), classes, logitOrder,
			source.describe());
		final long[] correct = new long[layers], nearest = new long[layers];
		final double[] confidence = new double[layers], trueProb = new double[layers];
		long seen = 0;
		final int px = converter.size();
		final float[] batch = new float[scorer.model().description().input().batchValues(
			batchSize, "A batch of " + batchSize + " images")];
		final int[] labels = new int[batchSize];
		while (true) {
			progress.checkCancelled();
			int n = 0;
			while (n < batchSize) {
				final int label = source.next(converter, batch, n * px);
				if (label < 0) break;
				labels[n++] = mapping.toModel(label);
			}
			if (n == 0) break;
			final float[][] pd = scorer.scoreAndDistances(n == batchSize ? batch : Arrays.copyOf(
				batch, n * px), n);
			final float[] p = pd[0], d = pd[1];
			for (int i = 0; i < n; i++) {
				for (int l = 0; l < layers; l++) {
					final int off = (i * layers + l) * classes;
					int best = 0, near = 0;
					for (int c = 1; c < classes; c++) {
						if (p[off + c] > p[off + best]) best = c;
						if (d[off + c] < d[off + near]) near = c;
					}
					if (best == labels[i]) correct[l]++;
					if (near == labels[i]) nearest[l]++;
					confidence[l] += p[off + best];
					trueProb[l] += p[off + labels[i]];
				}
			}
			seen += n;
			progress.update(seen, source.size());
			if (n < batchSize) break;
		}
		if (seen == 0) throw new LayerTracerException("No images in " + source.describe());
		final List<TensorSpec> specs = scorer.model().description().trackedOutputs();
		final List<Row> rows = new ArrayList<>();
		for (int l = 0; l < layers; l++)
			rows.add(new Row(scorer.layerNames().get(l), l + 1, specs.get(l).depth(), nearest[l] /
				(double) seen, correct[l] / (double) seen, confidence[l] / seen, trueProb[l] / seen,
				seen));
		return new LayerAccuracy(rows);
	}

	/**
	 * The table as CSV: {@code layer,index,depth,accuracy,normalised_accuracy,…}; accuracy is
	 * that of the nearest class mean, normalised_accuracy that of the most probable class under
	 * the chosen normalisation.
	 */
	public String toCsv() {
		final StringBuilder sb = new StringBuilder(HEADER).append('\n');
		for (final Row r : rows)
			sb.append(String.format(Locale.ROOT, "%s,%d,%d,%.6f,%.6f,%.6f,%.6f,%d,%s%n", Csv.cell(r.layer),
				r.index, r.depth, r.accuracy, r.normalisedAccuracy, r.meanConfidence,
				r.meanTrueProbability, r.samples, r == rows.get(rows.size() - 1) ? "network"
					: "class_means"));
		return sb.toString();
	}

	/** The table's header line. */
	static final String HEADER = "layer,index,depth,accuracy,normalised_accuracy," +
		"mean_confidence,mean_true_class_probability,samples,classifier";

	/**
	 * Refuses, before any work, a table or plot path where a file LayerTracer did not write
	 * exists.
	 */
	public static void checkOutputs(final Path csv, final Path png) {
		io.github.layertracer.api.OwnedFiles.checkReplaceable(csv, Csv.header(HEADER));
		io.github.layertracer.api.OwnedFiles.checkReplaceable(png, p -> Csv.hasHeader(AtomicFiles
			.beside(p, ".csv"), HEADER));
	}

	/** Writes the CSV table atomically. */
	public void writeCsv(final Path file) {
		final String text = toCsv();
		AtomicFiles.writeFile(file, Csv.header(HEADER), tmp -> Files.writeString(tmp, text));
	}

	/** Plot of accuracy against layer depth, as an ImageJ image. */
	public ImagePlus plot() {
		final double[] x = new double[rows.size()], y = new double[rows.size()];
		for (int i = 0; i < rows.size(); i++) {
			x[i] = rows.get(i).index;
			y[i] = rows.get(i).accuracy;
		}
		final Plot plot = new Plot("Accuracy by layer", "layer (1 = shallowest; last = network output)",
			"accuracy");
		// room for every name: wider with more layers, names on two alternating rows at the
		// bottom, long names shortened in the middle, the accuracy beside each point
		plot.setSize(Math.max(560, Math.min(2400, 120 * rows.size())), 360);
		plot.setLimits(0.5, rows.size() + 0.5, -0.25, 1.1);
		plot.setColor(java.awt.Color.BLUE);
		plot.addPoints(x, y, Plot.CONNECTED_CIRCLES);
		plot.setColor(java.awt.Color.DARK_GRAY);
		for (final Row r : rows) {
			plot.addText(String.format(Locale.ROOT, "%.0f%%", 100 * r.accuracy), r.index - 0.15, r
				.accuracy > 0.85 ? r.accuracy - 0.1 : r.accuracy + 0.07);
			plot.addText(shorten(r.layer, 18), r.index - 0.4, r.index % 2 == 1 ? -0.08 : -0.18);
		}
		return plot.getImagePlus();
	}

	/** A name of at most {@code n} characters, shortened in the middle ({@code conv…_relu}). */
	static String shorten(final String name, final int n) {
		if (name.length() <= n) return name;
		final int head = (n - 1) / 2, tail = n - 1 - head;
		return name.substring(0, head) + "\u2026" + name.substring(name.length() - tail);
	}

	/** Writes the plot as PNG, atomically. */
	public void writePlot(final Path file) {
		final ImagePlus imp = plot();
		// a plot of an earlier version is recognised by its table beside it
		AtomicFiles.writeFile(file, png -> Csv.hasHeader(AtomicFiles.beside(png, ".csv"), HEADER),
			tmp -> {
				if (!new FileSaver(imp).saveAsPng(tmp.toString())) throw new IOException(
					"ImageJ could not write the plot");
			});
	}
}
