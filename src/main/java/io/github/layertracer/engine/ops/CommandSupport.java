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

	static ModelOptions modelOptions(final String signature, final String layers,
		final String taps, final String scoreKind, final int threads)
	{
		return ModelOptions.defaults().withSignature(signature).withLayers(ModelOptions.parseList(
			layers)).withTaps(ModelOptions.parseList(taps)).withScoreKind(ScoreKind.parse(
				scoreKind)).withThreads(threads);
	}
}
