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
import org.scijava.plugin.Parameter;

/** Builds, trains and exports one of the built-in CNNs as a SavedModel. */
public class BuildDemoModelCommand extends LayerTracerCommand {

	@Parameter(label = "Architecture", choices = { "shapes", "shapes-255", "fashion",
		"vgg6-cifar" }, persist = false, description = "shapes: 4 conv blocks trained on the " +
			"synthetic shapes (the demo default, 6 epochs, ~15 s); shapes-255: the same behind a " +
			"Rescaling(1/255) step of its own, so it takes pixel values 0..255; fashion: 3 conv blocks trained on Fashion-MNIST (needs " +
			"the dataset-fashion-mnist package, 6 epochs, ~55 s); vgg6-cifar: the benchmark network, " +
			"random weights.")
	private String arch = "shapes";

	@Parameter(label = "Output folder", style = "directory", persist = false,
		description = "SavedModel folder to create. An existing folder is replaced only if it " +
			"is empty or was written by LayerTracer (checked before any training).")
	private File output_dir;

	@Parameter(label = "Epochs (-1 = default)", persist = false,
		description = "Training passes over the data; -1 uses the architecture's default " +
			"(shapes 6, fashion 6, vgg6-cifar 0).")
	private int epochs = -1;

	@Parameter(label = "Random seed", persist = false,
		description = "Seed of the weights, the shuffling and the shapes data.")
	private long seed = Defaults.SEED;

	@Parameter(label = "Graph structure", choices = { "graph", "function" }, persist = false,
		description = "graph: every operation in the main graph; function: the network inside a " +
			"function body called by a StatefulPartitionedCall, as TF2/Keras exports are built.")
	private String export_style = "graph";

	@Parameter(label = "Fashion-MNIST folder (optional)", style = "directory", required = false,
		persist = false, description = "Folder with the Fashion-MNIST IDX files; empty uses " +
			"/usr/share/datasets/fashion-mnist.")
	private File fashion_dir;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String report;

	@Override
	protected Operation operation() {
		return Operation.BUILD_DEMO_MODEL;
	}
}
