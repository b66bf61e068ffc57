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

	@Parameter(label = "Model folder", style = "directory", persist = false,
		description = "A TensorFlow SavedModel folder (with saved_model.pb and variables/), as " +
			"Keras's model.save or tf.saved_model.save writes it.")
	private File model_dir;
}
