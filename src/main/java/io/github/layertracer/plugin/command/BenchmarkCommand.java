/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import io.github.layertracer.api.Defaults;

import org.scijava.plugin.Parameter;

/**
 * A benchmark on a built-in network or a SavedModel named by text: the
 * {@link io.github.layertracer.api.Operation.Group#CONTRACT} group, how its images become input
 * values (as {@link InputCommand} declares it for commands on a model folder).
 */
public abstract class BenchmarkCommand extends LayerTracerCommand {

	@Parameter(label = Parameters.INPUT_RANGE_LABEL, choices = { "auto", "0..1", "0..255",
		"-1..1" }, persist = false, description = Parameters.INPUT_RANGE_DESCRIPTION)
	private String input_range = Defaults.INPUT_RANGE;

	@Parameter(label = Parameters.CHANNEL_ORDER_LABEL, choices = { "auto", "rgb", "bgr" },
		persist = false, description = Parameters.CHANNEL_ORDER_DESCRIPTION)
	private String channel_order = Defaults.CHANNEL_ORDER;

	@Parameter(label = Parameters.NORM_MEAN_LABEL, required = false, persist = false,
		description = Parameters.NORM_MEAN_DESCRIPTION)
	private String norm_mean = "";

	@Parameter(label = Parameters.NORM_STD_LABEL, required = false, persist = false,
		description = Parameters.NORM_STD_DESCRIPTION)
	private String norm_std = "";

	@Parameter(label = Parameters.PRECISION_LABEL, choices = { "auto", "float32", "bfloat16" },
		persist = false, description = Parameters.PRECISION_DESCRIPTION)
	private String precision = Defaults.PRECISION;
}
