/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import io.github.layertracer.api.Defaults;

import org.scijava.plugin.Parameter;

/**
 * A command that traces images: the {@link io.github.layertracer.api.Operation.Group#TRACE}
 * group, what {@link MaskedCommand} has and what is traced. Trace Image File, Trace Folder and
 * Trace Layers offer the same options with the same defaults.
 */
public abstract class TracingCommand extends MaskedCommand {

	@Parameter(label = "Target class", persist = false,
		description = "predicted (the network's answer), all (one map per class), or a class: " +
			"its name as the class-means file has it (Layer Accuracy and Inspect Model list them) " +
			"or its index in the model's outputs.")
	private String target = Defaults.TARGET;

	@Parameter(label = "Attribution", choices = { "keep", "drop" }, persist = false,
		description = "keep: probability weighted by the kept pixels (RISE); drop: the original " +
			"tool's probability drop on the occluded pixels.")
	private String attribution = Defaults.ATTRIBUTION;
}
