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
