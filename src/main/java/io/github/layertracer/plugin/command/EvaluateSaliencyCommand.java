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

/**
 * Faithfulness of every layer's saliency over a set with ground-truth boxes: pointing game,
 * deletion and insertion AUC, against a random map.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "LayerTracer"),
	@Menu(label = "Evaluate Saliency", weight = 21) },
	headless = true, label = "Evaluate Saliency")
public class EvaluateSaliencyCommand extends MaskedCommand {

	@Parameter(label = "Image folder with boxes.csv", style = "directory", persist = false,
		description = "Images with ground-truth boxes in boxes.csv (file,class,label,x0,y0,x1,y1), " +
			"as Make Demo Data writes.")
	private File data_dir;

	@Parameter(label = "Output table (.csv)", style = "save", persist = false,
		description = "One row per layer.")
	private File output_file;

	@Parameter(label = "Images (at most)", min = "1", persist = false,
		description = "How many images of the set to evaluate, in boxes.csv order.")
	private int image_limit = 20;

	@Parameter(label = "Pointing tolerance (pixels)", min = "0", persist = false,
		description = "The map's maximum counts as a hit this close to the box.")
	private int tolerance = 3;

	@Parameter(label = "Deletion/insertion steps", min = "2", persist = false,
		description = "Points on the deletion and insertion curves.")
	private int steps = 32;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String report;

	@Override
	protected Operation operation() {
		return Operation.EVALUATE_SALIENCY;
	}
}
