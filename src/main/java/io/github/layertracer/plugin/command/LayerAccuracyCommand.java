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

/**
 * The per-layer accuracy report: how well each layer's class-mean classifier and the network
 * itself classify a labelled set (CSV plus a PNG plot of accuracy against depth).
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "LayerTracer"),
	@Menu(label = "Layer Accuracy", weight = 3) },
	headless = true, label = "Layer Accuracy")
public class LayerAccuracyCommand extends InputCommand {

	@Parameter(label = "Class means file", style = "file",
		description = "Written by Compute Class Means for this model.")
	private File class_means;

	@Parameter(label = "Labelled images", style = "both", persist = false,
		description = "A folder with one subfolder of images per class, or an IDX image file; " +
			"use other images than those the means were computed from.")
	private File data_path;

	@Parameter(label = Parameters.LABEL_FILE_LABEL, style = "file", required = false,
		persist = false, description = Parameters.LABEL_FILE_DESCRIPTION)
	private File label_file;

	@Parameter(label = "Output table (.csv)", style = "save", persist = false,
		description = "CSV table, one row per layer; the plot is written beside it as .png.")
	private File output_file;

	@Parameter(label = Parameters.BATCH_LABEL, min = "1", persist = false,
		description = Parameters.BATCH_DESCRIPTION)
	private int batch_size = Defaults.BATCH_SIZE;

	@Parameter(label = Parameters.NORMALISATION_LABEL, choices = { "e2cm", "pooled", "none" },
		persist = false, description = Parameters.NORMALISATION_DESCRIPTION)
	private String normalisation = Defaults.NORMALISATION;

	@Parameter(label = Parameters.TEMPERATURE_LABEL, min = "0.000001", persist = false,
		style = "format:0.0##",
		description = Parameters.TEMPERATURE_DESCRIPTION)
	private double temperature = Defaults.TEMPERATURE;

	@Parameter(label = Parameters.THREADS_LABEL, min = "0", max = Parameters.MAX_THREADS,
		persist = false, description = Parameters.THREADS_DESCRIPTION)
	private int threads = Defaults.THREADS;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String report;

	@Override
	protected Operation operation() {
		return Operation.LAYER_ACCURACY;
	}
}
