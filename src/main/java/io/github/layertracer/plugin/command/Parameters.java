/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

/**
 * Labels and descriptions of parameters that more than one command declares (each command
 * family declares its group once, in its base class; these are for the few that a command
 * outside the family needs too). Defaults live in {@link io.github.layertracer.api.Defaults}.
 */
final class Parameters {

	private Parameters() {}

	static final String NORMALISATION_LABEL = "Distance normalisation";
	static final String NORMALISATION_DESCRIPTION = "How layer distances to the class means " +
		"become probabilities: e2cm divides each distance by the class's spread at that layer " +
		"(E2CM); pooled by the layer's average spread (the most probable class is then the nearest " +
		"mean); none uses raw distances like the original Python tool (probabilities saturate to 0 " +
		"or 1).";
	static final String TEMPERATURE_LABEL = "Temperature";
	static final String TEMPERATURE_DESCRIPTION = "Softens (above 1) or sharpens (below 1) the " +
		"layer probabilities; the predicted class does not change.";
	static final String THREADS_LABEL = "Threads";
	static final String THREADS_DESCRIPTION = "TensorFlow threads; 0 lets TensorFlow decide.";
	static final String BATCH_LABEL = "Batch size";
	static final String BATCH_DESCRIPTION = "Images per forward pass: larger is faster until " +
		"memory runs short.";
	static final String LABEL_FILE_LABEL = "IDX label file (for IDX images)";
	static final String LABEL_FILE_DESCRIPTION = "The IDX label file that goes with an IDX " +
		"image file.";
}
