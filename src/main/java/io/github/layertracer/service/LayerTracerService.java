package io.github.layertracer.service;

import io.github.layertracer.means.ClassMeans;
import io.github.layertracer.means.E2cmScorer;
import io.github.layertracer.model.LayerModel;
import io.github.layertracer.trace.MaskSettings;
import io.github.layertracer.trace.Tracer;

import java.nio.file.Path;

import org.scijava.service.SciJavaService;

/**
 * Keeps loaded models, class means and tracers across command runs, so that a macro looping
 * over a hundred images loads the model once. Everything is closed when the context is
 * disposed.
 */
public interface LayerTracerService extends SciJavaService {

	/** Class means read from a file, reread only when the file changes. */
	ClassMeans means(Path file);

	/**
	 * A tracer for the model folder with the class means of {@code meansFile}: the model is
	 * opened with the signature and layers the means were made for, once per folder, means file
	 * and thread count.
	 */
	Tracer tracer(Path modelDir, Path meansFile, E2cmScorer.Normalisation normalisation,
		double temperature, MaskSettings masks, int threads);

	/** The cached model behind {@link #tracer}; do not close it. */
	LayerModel model(Path modelDir, Path meansFile, int threads);

	/** Closes and forgets every cached model. */
	void clear();

	/** Number of models currently open. */
	int openModels();
}
