/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import io.github.layertracer.api.Operation;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Shows what LayerTracer sees in a SavedModel: signature, image input, ordered layers. */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "LayerTracer"),
	@Menu(label = "Inspect Model", weight = 1) }, headless = true,
	label = "Inspect Model")
public class InspectModelCommand extends ModelCommand {

	@Parameter(label = "Signature", required = false, persist = false,
		description = "Signature to use; serving_default unless the model names another.")
	private String signature = "serving_default";

	@Parameter(label = "Layers (optional)", required = false, persist = false,
		description = "Comma-separated layers to track, in this order: Keras layer names " +
			"(conv2d_1), signature output names or tensor names (conv2d_1/Relu:0, or " +
			"sequential/conv2d_1/Relu inside a function body), mixed; all for every layer found. " +
			"Empty: the signature's layer outputs, or every convolution and dense layer.")
	private String layer_list = "";

	@Parameter(label = "Extra graph tensors (optional)", required = false, persist = false,
		description = "Comma-separated graph tensor names to track besides the signature's " +
			"outputs, e.g. block1/Relu:0.")
	private String taps = "";

	@Parameter(label = "Final scores", choices = { "auto", "logits", "probabilities" },
		persist = false, description = "Whether the final output holds logits (softmax is " +
			"applied) or probabilities (used as they are). auto reads it from the graph.")
	private String score_kind = "auto";

	@Parameter(label = "Output file (optional)", style = "save", required = false,
		persist = false, description = "If set, the description is also written to this text file.")
	private File output_file;

	@Parameter(type = ItemIO.OUTPUT, label = "Model description")
	private String report;

	@Override
	protected Operation operation() {
		return Operation.INSPECT_MODEL;
	}
}
