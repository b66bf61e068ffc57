/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import io.github.layertracer.api.Limits;

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
	static final String THREADS_DESCRIPTION = "TensorFlow threads; 0 lets TensorFlow decide " +
		"(at most " + Limits.MAX_THREADS + ").";
	/** The {@link Limits} as {@code @Parameter(max = …)} texts. */
	static final String MAX_THREADS = "" + Limits.MAX_THREADS, MAX_GRID = "" + Limits.MAX_GRID,
		MAX_FRAMES_BETWEEN = "" + Limits.MAX_FRAMES_BETWEEN, MAX_SCALE = "" + Limits.MAX_SCALE;
	static final String BATCH_LABEL = "Batch size";
	static final String BATCH_DESCRIPTION = "Images per forward pass: larger is faster until " +
		"memory runs short.";
	static final String INPUT_RANGE_LABEL = "Input values";
	static final String INPUT_RANGE_DESCRIPTION = "The values the model was trained on: pixels " +
		"scaled to 0..1, as they are (0..255) or to -1..1. auto: with class means, those of their " +
		"file; else the range the model states by its own scaling step (a Keras Rescaling or " +
		"Normalization layer); else, with labelled images (Compute Class Means, Layer Accuracy), " +
		"the one that gives the network its best accuracy; else 0..1.";
	static final String CHANNEL_ORDER_LABEL = "Channel order";
	static final String CHANNEL_ORDER_DESCRIPTION = "rgb, or bgr for a model trained on images " +
		"read by OpenCV. auto: with class means, that of their file; else, with labelled colour " +
		"images, the one that gives the network its best accuracy; else rgb.";
	static final String NORM_MEAN_LABEL = "Normalisation mean (optional)";
	static final String NORM_MEAN_DESCRIPTION = "Per-channel mean subtracted from the input " +
		"values (in their range's units, model channel order), e.g. 0.485,0.456,0.406 for 0..1. " +
		"Empty: none, or that of the class-means file.";
	static final String NORM_STD_LABEL = "Normalisation std (optional)";
	static final String NORM_STD_DESCRIPTION = "Per-channel standard deviation the values are " +
		"divided by after the mean, e.g. 0.229,0.224,0.225. Empty: none, or that of the " +
		"class-means file.";
	static final String PRECISION_LABEL = "Precision";
	static final String PRECISION_DESCRIPTION = "The number format the network runs in: " +
		"float32 as trained; bfloat16 runs it about twice as fast on processors with native " +
		"bfloat16, its maps agreeing with float32's to r >= 0.998 (LayerTracer's own sums and " +
		"distances stay exact); auto takes bfloat16 where the processor has it (AVX-512 BF16, AMX) " +
		"and a check on probe images finds the model's layers unchanged.";
	static final String LABEL_FILE_LABEL = "IDX label file (for IDX images)";
	static final String LABEL_FILE_DESCRIPTION = "The IDX label file that goes with an IDX " +
		"image file.";
}
