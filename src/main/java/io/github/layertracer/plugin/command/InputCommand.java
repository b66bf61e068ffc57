/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import io.github.layertracer.api.Defaults;

import org.scijava.plugin.Parameter;

/**
 * A command that feeds images to a SavedModel: the
 * {@link io.github.layertracer.api.Operation.Group#INPUT} group, the model and its input
 * contract (how pixel values become the values the model was trained on), declared once.
 */
public abstract class InputCommand extends ModelCommand {

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
}
