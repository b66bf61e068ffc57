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

/** Writes the built-in synthetic shapes image set (class per subfolder, plus boxes.csv). */
public class MakeDemoDataCommand extends LayerTracerCommand {

	@Parameter(label = "Kind", choices = { "shapes" }, persist = false,
		description = "Which data set: shapes = one circle, cross, square or triangle per 64x64 " +
			"image on a noisy, cluttered background, with its bounding box.")
	private String kind = "shapes";

	@Parameter(label = "Output folder", style = "directory", persist = false,
		description = "Folder to create: one subfolder per class plus boxes.csv. An existing " +
			"folder is replaced only if it is empty or an earlier data set.")
	private File output_dir;

	@Parameter(label = "Number of images", min = "1", persist = false,
		description = "How many images to write; classes take turns.")
	private int image_count = 200;

	@Parameter(label = "Random seed", persist = false,
		description = "The same seed always gives the same images.")
	private long seed = Defaults.SEED;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String report;

	@Override
	protected Operation operation() {
		return Operation.MAKE_DEMO_DATA;
	}
}
