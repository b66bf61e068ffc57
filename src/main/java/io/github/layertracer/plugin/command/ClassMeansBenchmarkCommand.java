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

/**
 * Benchmark: the class-means pass against the bare forward pass over the same images, in one
 * run. Prints its figures and the settings that produced them.
 */
public class ClassMeansBenchmarkCommand extends InputCommand {

	@Parameter(label = "Labelled images", style = "both", persist = false,
		description = "A class-per-subfolder folder or an IDX image file; read into memory once.")
	private File data_path;

	@Parameter(label = Parameters.LABEL_FILE_LABEL, style = "file", required = false,
		persist = false, description = Parameters.LABEL_FILE_DESCRIPTION)
	private File label_file;

	@Parameter(label = "Second model folder (optional)", style = "directory", required = false,
		persist = false, description = "Another export of the same network (e.g. function style " +
			"beside graph style), measured in the same run on the same images.")
	private File compare_dir;

	@Parameter(label = Parameters.BATCH_LABEL, min = "1", persist = false,
		description = "Images per forward pass, the same for both passes.")
	private int batch_size = Defaults.BATCH_SIZE;

	@Parameter(label = "Repeats", min = "1", persist = false,
		description = "Each pass runs this many times, alternately; the best time counts.")
	private int repeats = 3;

	@Parameter(label = Parameters.THREADS_LABEL, min = "0", max = Parameters.MAX_THREADS,
		persist = false, description = Parameters.THREADS_DESCRIPTION)
	private int threads = Defaults.BENCHMARK_THREADS;

	@Parameter(type = ItemIO.OUTPUT, label = "Figures")
	private String report;

	@Override
	protected Operation operation() {
		return Operation.CLASS_MEANS_BENCHMARK;
	}
}
