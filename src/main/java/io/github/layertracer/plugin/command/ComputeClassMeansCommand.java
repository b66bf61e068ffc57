/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import io.github.layertracer.api.Defaults;
import io.github.layertracer.api.Operation;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Computes the per-class mean feature maps of every layer from a labelled image set. */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "LayerTracer"),
	@Menu(label = "Compute Class Means", weight = 2) },
	headless = true, label = "Compute Class Means")
public class ComputeClassMeansCommand extends InputCommand {

	@Parameter(label = "Labelled images", style = "both", persist = false,
		description = "A folder with one subfolder of images per class (TIFF, PNG, JPEG; " +
			"subfolder names are the class names, sorted), or an IDX image file (MNIST format).")
	private File data_path;

	@Parameter(label = Parameters.LABEL_FILE_LABEL, style = "file",
		required = false, persist = false, description = Parameters.LABEL_FILE_DESCRIPTION)
	private File label_file;

	@Parameter(label = "Class names in logit order (optional)", required = false,
		persist = false, description = "Comma-separated class names in the order of the " +
			"model's outputs. Empty: the data's class folders, sorted, are logits 0, 1, 2, …")
	private String class_names = "";

	@Parameter(label = "Output file (.h5)", style = "save", persist = false,
		description = "The class-means file to write (HDF5; h5py reads it in one line).")
	private File output_file;

	@Parameter(label = Parameters.BATCH_LABEL, min = "1", persist = false,
		description = Parameters.BATCH_DESCRIPTION)
	private int batch_size = Defaults.BATCH_SIZE;

	@Parameter(label = "Signature", required = false, persist = false,
		description = "Signature to use; serving_default unless the model names another.")
	private String signature = "serving_default";

	@Parameter(label = "Layers (optional)", required = false, persist = false,
		description = "Comma-separated layers to keep means for, in order: Keras layer names, " +
			"signature output names or tensor names, mixed; all for every layer found. Empty: the " +
			"signature's layer outputs, or every convolution and dense layer, by depth.")
	private String layer_list = "";

	@Parameter(label = "Extra graph tensors (optional)", required = false, persist = false,
		description = "Comma-separated graph tensor names to treat as layers, e.g. block1/Relu:0.")
	private String taps = "";

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String report;

	@Override
	protected Operation operation() {
		return Operation.COMPUTE_CLASS_MEANS;
	}
}
