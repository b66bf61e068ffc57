/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.ops;

import io.github.layertracer.api.Defaults;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Operation;
import io.github.layertracer.engine.image.InputRequest;
import io.github.layertracer.engine.means.ClassMeans;
import io.github.layertracer.engine.means.ClassMeansFile;
import io.github.layertracer.engine.means.E2cmScorer;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.ModelOptions;
import io.github.layertracer.engine.trace.MaskSettings;
import io.github.layertracer.engine.trace.Tracer;

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

	/** The ways of drawing RISE masks a user can choose (the others are the benchmark's). */
	static MaskSettings.Sampling sampling(final String s) {
		final MaskSettings.Sampling sampling = MaskSettings.Sampling.parse(s);
		if (sampling != MaskSettings.Sampling.RANDOM && sampling != MaskSettings.Sampling.SCRAMBLED)
			throw new LayerTracerException("Sampling '" + s + "' is not random or scrambled");
		return sampling;
	}

	/** The stop rule's defaults for {@code masks=auto}: 500 to 16 000 masks, agreement 0.99. */
	static final int AUTO_MIN = Defaults.AUTO_MIN_MASKS, AUTO_MAX = Defaults.AUTO_MAX_MASKS;
	static final double AUTO_AGREEMENT = Defaults.AGREEMENT;

	/**
	 * The {@link Operation.Group#MASKED} parameters, read once for every operation that has
	 * them; {@link #target} and {@link #attribution} only for {@link Operation.Group#TRACE}.
	 */
	static final class Settings {

		final Path modelDir, meansFile;
		final MaskSettings masks;
		final E2cmScorer.Normalisation normalisation;
		final double temperature;
		final int threads;
		final String target;
		final Tracer.Attribution attribution;
		final InputRequest input;
		final ModelOptions access;

		private Settings(final Inputs in, final boolean trace) {
			modelDir = in.path("model_dir", "model folder");
			meansFile = in.optionalPath("class_means");
			masks = masks(in.string("mask_type"), in.string("masks"), in.real("agreement"), in
				.integer("grid"), in.real("keep"), in.longValue("seed"), in.integer("batch_size"))
					.withSampling(sampling(in.string("sampling")));
			normalisation = E2cmScorer.Normalisation.parse(in.string("normalisation"));
			temperature = in.real("temperature");
			threads = in.integer("threads");
			input = input(in);
			access = CommandSupport.access(in).withThreads(threads);
			target = trace ? in.string("target") : Defaults.TARGET;
			attribution = Tracer.Attribution.parse(trace ? in.string("attribution")
				: Defaults.ATTRIBUTION);
		}

		/** The {@link Operation.Group#MASKED} group. */
		static Settings masked(final Inputs in) {
			return new Settings(in, false);
		}

		/** The {@link Operation.Group#TRACE} group. */
		static Settings trace(final Inputs in) {
			return new Settings(in, true);
		}

		/** The model and its tracer, opened for this call. */
		Opened open() {
			return new Opened(modelDir, meansFile, normalisation, temperature, masks, access, input);
		}

		/** A tracer on the model kept open between calls. */
		Tracer cached(final ModelCache cache) {
			return cache.tracer(modelDir, meansFile, normalisation, temperature, masks, access,
				input);
		}
	}

	/** The {@link Operation.Group#INPUT} parameters. */
	static InputRequest input(final Inputs in) {
		return InputRequest.parse(in.string("input_range"), in.string("channel_order"), in.string(
			"norm_mean"), in.string("norm_std"));
	}

	/**
	 * The class means a tracer scores with: those of the file, which fix the input contract
	 * (refused when the request asks for another), or none (the final scores only) with the
	 * contract the request resolves to.
	 */
	static ClassMeans means(final LayerModel model, final ClassMeans fromFile, final Path file,
		final InputRequest input)
	{
		if (fromFile == null) return ClassMeans.scoresOnly(model.description(), input.resolve(model
			.description()));
		input.checkAgainst(fromFile.contract(), file.toString());
		return fromFile;
	}

	/**
	 * Mask settings from a {@code masks} value that is a number of masks or {@code auto} (the
	 * stop rule, with an agreement to reach, 0.99 unless given).
	 */
	static MaskSettings masks(final String type, final String masks, final double agreement,
		final int grid, final double keep, final long seed, final int batch)
	{
		final String m = masks == null ? "" : masks.trim();
		if (m.equalsIgnoreCase("auto")) return masks(type, AUTO_MAX, grid, keep, seed, batch)
			.withAuto(AUTO_MIN, AUTO_MAX, agreement > 0 ? agreement : AUTO_AGREEMENT).check();
		final int n;
		try {
			n = Integer.parseInt(m);
		}
		catch (final NumberFormatException e) {
			throw new LayerTracerException("Input 'masks' must be a whole number of masks or auto, " +
				"got '" + masks + "'");
		}
		return masks(type, n, grid, keep, seed, batch);
	}

	/** The line every trace without class means reports. */
	static final String SCORES_ONLY = "No class means file given: traced the network's final " +
		"output only (classic RISE); compute class means to trace every layer.";

	/** The model (caller closes it) and its tracer; without a means file, the scores only. */
	static final class Opened implements AutoCloseable {

		final LayerModel model;
		final Tracer tracer;

		Opened(final Path modelDir, final Path meansFile,
			final E2cmScorer.Normalisation normalisation,
			final double temperature, final MaskSettings masks, final ModelOptions access,
			final InputRequest input)
		{
			final ClassMeans file;
			if (meansFile == null) {
				file = null;
				this.model = LayerModel.open(modelDir, access.scoresOnly());
			}
			else {
				file = ClassMeansFile.read(meansFile);
				input.checkAgainst(file.contract(), meansFile.toString()); // before opening the model
				this.model = file.openModel(modelDir, meansFile.toString(), access);
			}
			try {
				final ClassMeans means = means(model, file, meansFile, input);
				this.tracer = Tracer.create(model, means, normalisation,
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
