/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import io.github.layertracer.api.AtomicFiles;
import io.github.layertracer.api.Csv;
import io.github.layertracer.api.Images;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Messages;
import io.github.layertracer.api.OwnedFiles;

import ij.ImagePlus;
import ij.io.FileSaver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a trace as a multi-page TIFF (one page per layer, or layer x class; the slice labels
 * name the layer, class and unmasked probability), a JSON sidecar with every piece of
 * metadata and a CSV table of the unmasked probabilities per layer. All three are written to
 * temporary files first and moved into place only when all are complete.
 */
public final class TraceWriter {

	private TraceWriter() {}

	/** The result as an ImageJ stack (a hyperstack with frames = classes for all-class traces). */
	public static ImagePlus toImagePlus(final TraceResult r, final String title) {
		return Images.saliencyStack(r.saliency(), sliceLabels(r), title, json(r));
	}

	/** One label per plane in stack order (layers, then targets): layer, class, probability. */
	public static List<String> sliceLabels(final TraceResult r) {
		final List<String> labels = new ArrayList<>();
		for (final int target : r.targets())
			for (int l = 0; l < r.layers().size(); l++)
				labels.add(sliceLabel(r, l, target));
		return labels;
	}

	private static String sliceLabel(final TraceResult r, final int layer, final int k) {
		return String.format(Locale.ROOT, "%s %s p=%.3f", r.layers().get(layer), r.classNames().get(
			k), r.unmaskedProbability(layer, k));
	}

	/**
	 * Writes {@code base.tif}, {@code base.json} and {@code base.csv} into {@code folder}.
	 *
	 * @return the TIFF path
	 */
	public static Path write(final TraceResult r, final Path folder, final String base) {
		return write(r, folder, base, Map.of());
	}

	/** As {@link #write(TraceResult, Path, String)}, with extra entries in the JSON sidecar. */
	public static Path write(final TraceResult r, final Path folder, final String base,
		final Map<String, ?> extra)
	{
		final Path tif = folder.resolve(base + ".tif"), json = folder.resolve(base + ".json"),
				csv = folder.resolve(base + ".csv");
		final List<Path> temps = new ArrayList<>();
		if (Files.isSymbolicLink(folder)) throw new LayerTracerException("Output " + folder +
			" is a symbolic link; LayerTracer does not write through links: name a folder");
		if (Files.exists(folder) && !Files.isDirectory(folder)) throw new LayerTracerException(
			"Output " + folder + " is a file; the trace is written into a folder: name a folder");
		// never over a file LayerTracer did not write, checked for all three before any
		for (final Path p : List.of(tif, json, csv))
			OwnedFiles.checkReplaceable(p, TraceWriter::isResult);
		try {
			Files.createDirectories(folder);
			final Path tmpTif = temp(folder, base + ".tif", temps);
			final ImagePlus imp = toImagePlus(r, base);
			final boolean ok = imp.getStackSize() > 1 ? new FileSaver(imp).saveAsTiffStack(tmpTif
				.toString()) : new FileSaver(imp).saveAsTiff(tmpTif.toString());
			if (!ok) throw new IOException("ImageJ could not write the TIFF");
			Files.writeString(temp(folder, base + ".json", temps), json(r, extra));
			Files.writeString(temp(folder, base + ".csv", temps), csv(r));
			move(temps.get(0), tif);
			move(temps.get(1), json);
			move(temps.get(2), csv);
			OwnedFiles.record(folder, List.of(tif, json, csv));
			return tif;
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot write the trace of " + r.image() + " to " +
				folder + ": " + Messages.cause(e), e);
		}
		finally {
			for (final Path p : temps)
				try {
					Files.deleteIfExists(p);
				}
				catch (final IOException e) {
					// a leftover temporary starts with '.', never taken for a result
				}
		}
	}

	/**
	 * Whether a file is a trace result of a LayerTracer that named none in a marker: the JSON
	 * sidecar of its base name (or the file itself) holds a trace's settings and probabilities.
	 */
	public static boolean isResult(final Path file) {
		final String name = file.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		if (dot < 0) return false;
		final Path json = file.resolveSibling(name.substring(0, dot) + ".json");
		if (!Files.isRegularFile(json)) return false;
		final com.google.gson.JsonObject o = readJson(json);
		return o != null && o.has("settings") && o.has("unmasked_probability");
	}

	private static Path temp(final Path folder, final String name, final List<Path> temps)
		throws IOException
	{
		final Path p = AtomicFiles.temporaryFile(folder, name);
		temps.add(p);
		return p;
	}

	private static void move(final Path from, final Path to) throws IOException {
		Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/** Unmasked probability of every class at every layer. */
	public static String csv(final TraceResult r) {
		final StringBuilder sb = new StringBuilder("layer,index");
		for (final String c : r.classNames())
			sb.append(',').append(Csv.cell("p_" + c));
		sb.append('\n');
		for (int l = 0; l < r.layers().size(); l++) {
			sb.append(Csv.cell(r.layers().get(l))).append(',').append(l + 1);
			for (int k = 0; k < r.classNames().size(); k++)
				sb.append(String.format(Locale.ROOT, ",%.6f", r.unmaskedProbability(l, k)));
			sb.append('\n');
		}
		return sb.toString();
	}

	private static final com.google.gson.Gson GSON = new com.google.gson.GsonBuilder()
		.setPrettyPrinting().disableHtmlEscaping().create();

	/** Every piece of metadata, as JSON. */
	public static String json(final TraceResult r) {
		return json(r, Map.of());
	}

	/**
	 * Every piece of metadata, as JSON written by a JSON library, with {@code extra} entries
	 * (e.g. what a batch run needs to resume) after the trace's own.
	 */
	public static String json(final TraceResult r, final Map<String, ?> extra) {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("image", r.image());
		m.put("model", r.model());
		m.put("axes", r.allClasses() ? "x,y,layer,class" : "x,y,layer");
		m.put("width", r.width());
		m.put("height", r.height());
		m.put("layers", r.layers());
		m.put("classes", r.classNames());
		final List<Map<String, Object>> targets = new ArrayList<>();
		for (final int t : r.targets()) {
			final Map<String, Object> target = new LinkedHashMap<>();
			target.put("index", t);
			target.put("name", r.classNames().get(t));
			targets.add(target);
		}
		m.put("targets", targets);
		final Map<String, List<Double>> unmasked = new LinkedHashMap<>();
		for (int l = 0; l < r.layers().size(); l++) {
			final List<Double> p = new ArrayList<>();
			for (int k = 0; k < r.classNames().size(); k++)
				p.add(Math.round(r.unmaskedProbability(l, k) * 1e6) / 1e6);
			unmasked.put(r.layers().get(l), p);
		}
		m.put("unmasked_probability", unmasked);
		m.put("settings", r.settings());
		final Map<String, Object> input = new LinkedHashMap<>();
		input.put("range", r.contract().range().label());
		input.put("channel_order", r.contract().order().label());
		if (r.contract().isNormalised()) {
			input.put("mean", r.contract().mean());
			input.put("std", r.contract().std());
		}
		input.put("source", r.contract().source());
		m.put("input", input);
		m.put("warnings", r.warnings());
		m.put("masks_used", r.masksUsed());
		if (r.agreement() != null) {
			final Map<String, Double> agreement = new LinkedHashMap<>();
			for (int l = 0; l < r.layers().size(); l++)
				agreement.put(r.layers().get(l), Math.round(r.agreement()[l] * 1e6) / 1e6);
			m.put("agreement", agreement);
		}
		m.putAll(extra);
		return GSON.toJson(m) + "\n";
	}

	/** A JSON sidecar read back, or null if it is missing or not valid JSON. */
	public static com.google.gson.JsonObject readJson(final Path json) {
		try {
			return com.google.gson.JsonParser.parseString(Files.readString(json)).getAsJsonObject();
		}
		catch (final IOException | RuntimeException e) {
			return null;
		}
	}

}
