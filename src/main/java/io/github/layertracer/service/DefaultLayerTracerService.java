package io.github.layertracer.service;

import io.github.layertracer.LayerTracerException;
import io.github.layertracer.means.ClassMeans;
import io.github.layertracer.means.ClassMeansFile;
import io.github.layertracer.means.E2cmScorer;
import io.github.layertracer.model.LayerModel;
import io.github.layertracer.trace.MaskSettings;
import io.github.layertracer.trace.Tracer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/** Default {@link LayerTracerService}: caches by absolute path (and file time for means). */
@Plugin(type = Service.class)
public class DefaultLayerTracerService extends AbstractService implements LayerTracerService {

	private final Map<String, ClassMeans> means = new HashMap<>();
	private final Map<String, LayerModel> models = new HashMap<>();
	private final Map<String, Tracer> tracers = new HashMap<>();

	@Override
	public synchronized ClassMeans means(final Path file) {
		final String key = key(file) + "@" + modified(file);
		return means.computeIfAbsent(key, k -> ClassMeansFile.read(file));
	}

	@Override
	public synchronized LayerModel model(final Path modelDir, final Path meansFile,
		final int threads)
	{
		final ClassMeans m = means(meansFile);
		final String key = key(modelDir) + "|" + key(meansFile) + "@" + modified(meansFile) + "|" +
			threads;
		LayerModel model = models.get(key);
		if (model == null) {
			model = m.openModel(modelDir, meansFile.toString(), threads);
			models.put(key, model);
		}
		return model;
	}

	@Override
	public synchronized Tracer tracer(final Path modelDir, final Path meansFile,
		final E2cmScorer.Normalisation normalisation, final double temperature,
		final MaskSettings masks, final int threads)
	{
		final LayerModel model = model(modelDir, meansFile, threads);
		final String key = System.identityHashCode(model) + "|" + normalisation + "|" +
			temperature;
		final Tracer t = tracers.computeIfAbsent(key, k -> Tracer.create(model, means(meansFile),
			normalisation, temperature, masks, meansFile.toString()));
		return t.withMasks(masks);
	}

	@Override
	public synchronized void clear() {
		models.values().forEach(LayerModel::close);
		models.clear();
		tracers.clear();
		means.clear();
	}

	@Override
	public synchronized int openModels() {
		return models.size();
	}

	@Override
	public void dispose() {
		clear();
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
