/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.metrics;

import io.github.layertracer.api.AtomicFiles;
import io.github.layertracer.api.Csv;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.data.FolderSource;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.model.ImageInput;
import io.github.layertracer.engine.trace.Target;
import io.github.layertracer.engine.trace.TraceResult;
import io.github.layertracer.engine.trace.Tracer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Faithfulness of every layer's saliency over a set of images with ground-truth boxes
 * ({@code boxes.csv}: {@code file,class,label,x0,y0,x1,y1}, as the built-in shapes set has):
 * pointing game, deletion and insertion AUC per layer, and the same AUCs for a random map.
 * Each image is traced for its ground-truth class.
 */
public final class Evaluation {

	/** Totals of one layer. */
	public static final class Row {

		public final String layer;
		public int hits, images;
		public double deletion, insertion;

		Row(final String layer) {
			this.layer = layer;
		}

		public double pointingGame() {
			return hits / (double) images;
		}

		public double deletionAuc() {
			return deletion / images;
		}

		public double insertionAuc() {
			return insertion / images;
		}
	}

	private final List<Row> rows = new ArrayList<>();
	private double randomDeletion, randomInsertion;
	private int images;

	/** Per-layer rows, the network's output last. */
	public List<Row> rows() {
		return rows;
	}

	public double randomDeletionAuc() {
		return randomDeletion / images;
	}

	public double randomInsertionAuc() {
		return randomInsertion / images;
	}

	private final List<String> warnings = new ArrayList<>();
	private final List<float[]> outputs = new ArrayList<>();

	/** The warnings of the images' traces (flat maps), in order. */
	public List<String> warnings() {
		return java.util.Collections.unmodifiableList(warnings);
	}

	/** The network's unmasked class probabilities of every image, in order. */
	public List<float[]> outputs() {
		return java.util.Collections.unmodifiableList(outputs);
	}

	public int images() {
		return images;
	}

	/**
	 * Evaluates up to {@code limit} images of the folder (in boxes.csv order).
	 *
	 * @param tolerance pointing game tolerance in pixels of the image
	 * @param steps deletion/insertion steps
	 */
	public static Evaluation run(final Tracer tracer, final Path folder, final int limit,
		final int tolerance, final int steps, final Progress progress)
	{
		final Path boxes = folder.resolve("boxes.csv");
		final List<String[]> entries = readBoxes(boxes);
		final Evaluation e = new Evaluation();
		for (final String layer : tracer.layers())
			e.rows.add(new Row(layer));
		final ImageInput in = tracer.model().description().input();
		final int n = Math.min(limit, entries.size());
		final float[] black = tracer.converter().contract().black(in.channels());
		for (int i = 0; i < n; i++) {
			progress.checkCancelled();
			final String[] f = entries.get(i);
			final Path file = folder.resolve(f[0]);
			final InputConverter.Planes planes = InputConverter.planes(FolderSource.read(file));
			final int label = Integer.parseInt(f[2].trim());
			final TraceResult r = tracer.trace(planes, Target.index(label), Tracer.Attribution.KEEP,
				Progress.NONE);
			e.warnings.addAll(r.warnings());
			e.outputs.add(r.unmaskedOutput());
			final float[] x = new float[in.pixelValues()];
			tracer.converter().convert(planes, x, 0);
			for (int l = 0; l < e.rows.size(); l++) {
				final Row row = e.rows.get(l);
				final float[] map = r.map(l, 0);
				if (Faithfulness.pointingHit(map, r.width(), Integer.parseInt(f[3].trim()), Integer
					.parseInt(f[4].trim()), Integer.parseInt(f[5].trim()), Integer.parseInt(f[6].trim()),
					tolerance)) row.hits++;
				final float[] small = r.width() == in.width() && r.height() == in.height() ? map
					: InputConverter.resize(map, r.width(), r.height(), in.width(), in.height());
				row.deletion += Faithfulness.deletion(tracer.model(), x, black, small, label, steps);
				row.insertion += Faithfulness.insertion(tracer.model(), x, small, label, steps, 5);
				row.images++;
			}
			final float[] random = Faithfulness.randomMap(in.width() * in.height(), 1000 + i);
			e.randomDeletion += Faithfulness.deletion(tracer.model(), x, black, random, label, steps);
			e.randomInsertion += Faithfulness.insertion(tracer.model(), x, random, label, steps, 5);
			e.images++;
			progress.update(i + 1, n);
		}
		if (e.images == 0) throw new LayerTracerException("No images listed in " + boxes);
		return e;
	}

	/** The fields of a line of boxes.csv. */
	private static final String[] BOX_FIELDS = { "file", "class", "label", "x0", "y0", "x1", "y1" };

	private static List<String[]> readBoxes(final Path boxes) {
		if (!Files.exists(boxes, java.nio.file.LinkOption.NOFOLLOW_LINKS))
			throw new LayerTracerException("No boxes.csv in " + boxes.getParent() + ": evaluation " +
				"needs file,class,label,x0,y0,x1,y1 for every image");
		io.github.layertracer.api.InputFiles.checkFile(boxes, "Box list", "a CSV file with " +
			"file,class,label,x0,y0,x1,y1 for every image");
		try {
			final List<String> lines = Files.readAllLines(boxes);
			final List<String[]> out = new ArrayList<>();
			for (int i = 1; i < lines.size(); i++) {
				if (lines.get(i).isBlank()) continue;
				final String[] f = lines.get(i).split(",");
				if (f.length < 7) throw new LayerTracerException(boxes + " line " + (i + 1) +
					" has " + f.length + " fields; expected file,class,label,x0,y0,x1,y1");
				for (int k = 2; k < 7; k++)
					if (!f[k].trim().matches("\\d{1,9}")) throw new LayerTracerException(boxes +
						" line " + (i + 1) + ": " + BOX_FIELDS[k] + " is '" + f[k].trim() +
						"'; expected a whole number from 0");
				out.add(f);
			}
			return out;
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot read " + boxes + ": " + io.github.layertracer.api
				.Messages.cause(e), e);
		}
	}

	/** {@code layer,index,pointing_game,deletion_auc,insertion_auc,random_…,images}. */
	public String toCsv() {
		final StringBuilder sb = new StringBuilder(HEADER).append('\n');
		for (int l = 0; l < rows.size(); l++) {
			final Row r = rows.get(l);
			sb.append(String.format(Locale.ROOT, "%s,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%d%n", Csv.cell(
				r.layer), l +
				1, r.pointingGame(), r.deletionAuc(), r.insertionAuc(), randomDeletionAuc(),
				randomInsertionAuc(), r.images));
		}
		return sb.toString();
	}

	/** The table's header line. */
	static final String HEADER = "layer,index,pointing_game,deletion_auc,insertion_auc," +
		"random_deletion_auc,random_insertion_auc,images";

	/** Refuses, before any work, an output where a file LayerTracer did not write exists. */
	public static void checkOutput(final Path file) {
		io.github.layertracer.api.OwnedFiles.checkReplaceable(file, Csv.header(HEADER));
	}

	public void writeCsv(final Path file) {
		final String text = toCsv();
		AtomicFiles.writeFile(file, Csv.header(HEADER), tmp -> Files.writeString(tmp, text));
	}
}
