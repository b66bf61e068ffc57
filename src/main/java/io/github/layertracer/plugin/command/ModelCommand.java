/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import java.io.File;

import org.scijava.plugin.Parameter;

/** A command on a SavedModel: the {@link io.github.layertracer.api.Operation.Group#MODEL} group. */
public abstract class ModelCommand extends LayerTracerCommand {

	@Parameter(label = "Model folder", style = "directory",
		description = "A TensorFlow SavedModel folder (with saved_model.pb and variables/), as " +
			"Keras's model.save or tf.saved_model.save writes it.")
	private File model_dir;

	@Parameter(label = "Tag set (optional)", required = false, persist = false,
		description = "The SavedModel's tag set to open, comma-separated: empty takes serve, or " +
			"the only tag set the file has.")
	private String tags = "";

	@Parameter(label = "Allow file operations", persist = false,
		description = "A SavedModel is a program: one whose graph reads, writes, lists or deletes " +
			"files, runs processes or reaches the network is refused unless this is set (only for " +
			"a model you trust).")
	private boolean allow_file_operations = false;

	@Parameter(label = Parameters.PRECISION_LABEL, choices = { "auto", "float32", "bfloat16" },
		persist = false, description = Parameters.PRECISION_DESCRIPTION)
	private String precision = io.github.layertracer.api.Defaults.PRECISION;
}
