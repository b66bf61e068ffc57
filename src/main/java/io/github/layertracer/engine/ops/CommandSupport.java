/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.ops;

import io.github.layertracer.engine.model.ModelOptions;
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
			.allowFileOperations(in.bool("allow_file_operations"));
	}

	/** The key of a model opened with {@code access}, for the cache. */
	static String accessKey(final ModelOptions access) {
		return "tags=" + String.join(",", access.tags()) + ";files=" + access.fileOperationsAllowed();
	}

	static ModelOptions modelOptions(final Inputs in, final String signature, final String layers,
		final String taps, final String scoreKind, final int threads)
	{
		return access(in).withSignature(signature).withLayers(ModelOptions.parseList(
			layers)).withTaps(ModelOptions.parseList(taps)).withScoreKind(ScoreKind.parse(
				scoreKind)).withThreads(threads);
	}
}
