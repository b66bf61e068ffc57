package io.github.layertracer.engine;

import io.github.layertracer.means.ClassMeans;
import io.github.layertracer.means.ClassMeansFile;
import io.github.layertracer.means.E2cmScorer;
import io.github.layertracer.model.LayerModel;
import io.github.layertracer.model.ModelOptions;
import io.github.layertracer.trace.MaskSettings;
import io.github.layertracer.trace.Tracer;

import java.nio.file.Path;

/** Opens a model with its class means and makes a tracer from command parameters. */
final class TraceOptions {

	private TraceOptions() {}

	static MaskSettings masks(final String type, final int masks, final int grid,
		final double keep, final long seed, final int batch)
	{
		return MaskSettings.defaults().withType(MaskSettings.Type.parse(type)).withMasks(masks)
			.withGrid(grid).withKeep(keep).withSeed(seed).withBatch(batch).check();
	}

	/** The line every trace without class means reports. */
	static final String SCORES_ONLY = "No class means file given: traced the network's final " +
		"output only (classic RISE); compute class means to trace every layer.";

	/** The model (caller closes it) and its tracer; without a means file, the scores only. */
	static final class Opened implements AutoCloseable {

		final LayerModel model;
		final Tracer tracer;

		Opened(final Path modelDir, final Path meansFile, final String normalisation,
			final double temperature, final MaskSettings masks, final int threads)
		{
			final ClassMeans means;
			if (meansFile == null) {
				this.model = LayerModel.open(modelDir, ModelOptions.defaults().scoresOnly().withThreads(
					threads));
				means = ClassMeans.scoresOnly(model.description());
			}
			else {
				means = ClassMeansFile.read(meansFile);
				this.model = means.openModel(modelDir, meansFile.toString(), threads);
			}
			try {
				this.tracer = Tracer.create(model, means, E2cmScorer.Normalisation.parse(normalisation),
					temperature, masks, meansFile == null ? "(none)" : meansFile.toString());
			}
			catch (final RuntimeException e) {
				model.close();
				throw e;
			}
		}

		@Override
		public void close() {
			model.close();
		}
	}
}
