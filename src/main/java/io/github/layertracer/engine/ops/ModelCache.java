/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.ops;

import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.image.InputRequest;
import io.github.layertracer.engine.means.ClassMeans;
import io.github.layertracer.engine.means.ClassMeansFile;
import io.github.layertracer.engine.means.E2cmScorer;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.ModelOptions;
import io.github.layertracer.engine.trace.MaskSettings;
import io.github.layertracer.engine.trace.Tracer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The models, class means and tracers kept open between calls, so that a macro looping over a
 * hundred images loads the model once: one open model per folder and thread count, reopened
 * (and the old one closed) when other class means, or a rewritten means file, ask for it.
 */
final class ModelCache {

	private final Map<String, ClassMeans> means = new HashMap<>();
	private final Map<String, LayerModel> models = new HashMap<>();
	private final Map<String, String> modelMeans = new HashMap<>();
	private final Map<String, Tracer> tracers = new HashMap<>();
	private final Map<String, ClassMeans> scoresOnly = new HashMap<>();

	/** Class means read from a file, reread only when the file changes. */
	synchronized ClassMeans means(final Path file) {
		final String key = key(file) + "@" + modified(file);
		return means.computeIfAbsent(key, k -> ClassMeansFile.read(file));
	}

	/**
	 * The open model for a folder, its means file (null: the final scores only) and a thread
	 * count; do not close it.
	 */
	synchronized LayerModel model(final Path modelDir, final Path meansFile,
		final ModelOptions access)
	{
		final String key = key(modelDir) + "|" + access.threads() + "|" + CommandSupport.accessKey(
			access);
		final String version = meansFile == null ? "(none)" : key(meansFile) + "@" + modified(
			meansFile);
		LayerModel model = models.get(key);
		if (model != null && !version.equals(modelMeans.get(key))) {
			scoresOnly.keySet().removeIf(k -> k.startsWith(key + "|"));
			model.close();
			models.remove(key);
			tracers.keySet().removeIf(k -> k.startsWith(key + "|"));
			model = null;
		}
		if (model == null) {
			model = meansFile == null ? LayerModel.open(modelDir, access.scoresOnly()) : means(
				meansFile).openModel(modelDir, meansFile.toString(), access);
			models.put(key, model);
			modelMeans.put(key, version);
		}
		return model;
	}

	/** A tracer on the cached model with the given masks. */
	synchronized Tracer tracer(final Path modelDir, final Path meansFile,
		final E2cmScorer.Normalisation normalisation, final double temperature,
		final MaskSettings masks, final ModelOptions access, final InputRequest input)
	{
		if (meansFile != null) input.checkAgainst(means(meansFile).contract(), meansFile.toString());
		final LayerModel model = model(modelDir, meansFile, access);
		final int threads = access.threads();
		final String contract = meansFile == null ? input.resolve(model.description()).toString()
			: "(file)";
		final String modelKey = key(modelDir) + "|" + threads + "|" + CommandSupport.accessKey(
			access);
		final String key = modelKey + "|" + normalisation + "|" + temperature + "|" + contract;
		final ClassMeans m = meansFile == null ? scoresOnly.computeIfAbsent(modelKey + "|" +
			contract, k -> TraceOptions.means(model, null, null, input))
			: means(meansFile);
		final Tracer t = tracers.computeIfAbsent(key, k -> Tracer.create(model, m, normalisation,
			temperature, masks, meansFile == null ? "(none)" : meansFile.toString()));
		return t.withMasks(masks);
	}

	synchronized void clear() {
		models.values().forEach(LayerModel::close);
		models.clear();
		modelMeans.clear();
		tracers.clear();
		means.clear();
		scoresOnly.clear();
	}

	synchronized int openModels() {
		return models.size();
	}

	private static String key(final Path p) {
		return p.toAbsolutePath().normalize().toString();
	}

	private static long modified(final Path p) {
		try {
			return Files.getLastModifiedTime(p).toMillis();
		}
		catch (final IOException e) {
			throw new LayerTracerException("Class means file " + p + " does not exist", e);
		}
	}
}
