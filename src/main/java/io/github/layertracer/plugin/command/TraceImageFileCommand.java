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
 * Traces one image layer by layer: per-layer RISE saliency written as a multi-page TIFF with
 * JSON and CSV sidecars.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "LayerTracer"),
	@Menu(label = "Trace Image File", weight = 12) },
	headless = true, label = "Trace Image File")
public class TraceImageFileCommand extends TracingCommand {

	@Parameter(label = "Image file", style = "file", persist = false,
		description = "The image to trace (TIFF, PNG, JPEG).")
	private File image_file;

	@Parameter(label = "Output folder", style = "directory", persist = false,
		description = "Where <image>_saliency.tif, .json and .csv are written.")
	private File output_dir;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String report;

	@Override
	protected Operation operation() {
		return Operation.TRACE_IMAGE_FILE;
	}
}
