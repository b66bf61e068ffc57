/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.ops;

import io.github.layertracer.engine.model.ModelOptions;
import io.github.layertracer.engine.model.Precision;
import io.github.layertracer.engine.model.ScoreKind;

/** Turns the string parameters that commands share into core options. */
final class CommandSupport {

	private CommandSupport() {}

	/**
	 * How the {@link io.github.layertracer.api.Operation.Group#MODEL} group asks to open the
	 * model: its tag set and the user's consent to file operations.
	 */
	static ModelOptions access(final Inputs in) {
		return ModelOptions.defaults().withTags(ModelOptions.parseList(in.string("tags")))
			.allowFileOperations(in.bool("allow_file_operations")).withPrecision(precision(in));
	}

	/** The precision asked for; a test run may fix it with a system property. */
	static Precision precision(final Inputs in) {
		final String asked = in.string("precision"), forced = System.getProperty(
			PRECISION_PROPERTY);
		return Precision.parse(forced != null ? forced : asked);
	}

	/**
	 * System property that replaces every command's precision (the tests set float32, so that
	 * their numbers do not depend on the processor they run on).
	 */
	static final String PRECISION_PROPERTY = "layertracer.precision";

	/** The key of a model opened with {@code access}, for the cache. */
	static String accessKey(final ModelOptions access) {
		return "tags=" + String.join(",", access.tags()) + ";files=" + access.fileOperationsAllowed() +
			";precision=" + access.precision().label();
	}

	static ModelOptions modelOptions(final Inputs in, final String signature, final String layers,
		final String taps, final String scoreKind, final int threads)
	{
		return access(in).withSignature(signature).withLayers(ModelOptions.parseList(
			layers)).withTaps(ModelOptions.parseList(taps)).withScoreKind(ScoreKind.parse(
				scoreKind)).withThreads(threads);
	}
}
