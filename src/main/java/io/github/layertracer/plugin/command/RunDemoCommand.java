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
 * The end-to-end demo on the built-in default: builds (or reuses) the shapes model, writes
 * fresh shapes images, describes the model, computes class means and the per-layer accuracy,
 * traces a few images layer by layer and evaluates the saliency, all into one output folder.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "LayerTracer"),
	@Menu(label = "Demo", weight = 31), @Menu(label = "Run Demo", weight = 1) }, headless = true,
	label = "Run Demo")
public class RunDemoCommand extends LayerTracerCommand {

	@Parameter(label = "Output folder", style = "directory", persist = false,
		description = "Where the demo writes its model, data and results.")
	private File output_dir = new File("layertracer-demo");

	@Parameter(label = "Number of demo images", min = "4", persist = false,
		description = "Shapes images written for the demo (not used in training).")
	private int image_count = 40;

	@Parameter(label = "Random seed", persist = false,
		description = "Seed of the model's training; the demo images use seed + 1.")
	private long seed = Defaults.SEED;

	@Parameter(label = "Masks per image", min = "1", persist = false,
		description = "RISE masks per traced image.")
	private int masks = 2000;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String report;

	@Override
	protected Operation operation() {
		return Operation.RUN_DEMO;
	}
}
