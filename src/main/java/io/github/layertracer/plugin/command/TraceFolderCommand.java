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
 * Traces every image of a folder (or of a list file) and writes one result set per image plus a
 * summary CSV. Images whose results exist are skipped, so an interrupted run resumes; a shard
 * {@code K/N} takes every N-th image from the K-th, so a cluster job array can split a folder
 * with no coordination.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "LayerTracer"),
	@Menu(label = "Trace Folder", weight = 13) }, headless = true,
	label = "Trace Folder")
public class TraceFolderCommand extends TracingCommand implements
	LayerTracerCommand.PartlyFailed
{

	@Parameter(label = "Images (folder or list file)", style = "both", persist = false,
		description = "A folder of images (TIFF, PNG, JPEG; subfolders included), or a text file " +
			"with one image path per line.")
	private File input_path;

	@Parameter(label = "Output folder", style = "directory", persist = false,
		description = "One <image>_saliency.tif/.json/.csv per image, subfolders of the input " +
			"mirrored, plus summary.csv for the whole folder. Never inside the images it traces.")
	private File output_dir;

	@Parameter(label = "Shard (K/N)", required = false, persist = false,
		description = "Take every N-th image starting at the K-th (0-based), e.g. 2/8 for the " +
			"third of eight jobs; empty traces all.")
	private String shard = "";

	@Parameter(label = "Recompute results made otherwise", persist = false,
		description = "Results in the output folder made with other settings, another model or " +
			"other class means are refused unless this is set; then they are recomputed.")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String report;

	private int failures;

	@Override
	protected void execute() {
		final java.util.Map<String, Object> out = call(inputs());
		setOutputs(out);
		final Object f = out.get("failures");
		failures = f instanceof Number ? ((Number) f).intValue() : 0;
	}

	@Override
	public int failures() {
		return failures;
	}

	@Override
	protected Operation operation() {
		return Operation.TRACE_FOLDER;
	}
}
