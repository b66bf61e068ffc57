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
 * Benchmark (launcher only): how many masks each way of drawing them needs until every layer's
 * map agrees with a reference map of very many masks. Prints its figures and settings.
 */
public class MaskQualityBenchmarkCommand extends BenchmarkCommand {

	@Parameter(label = "Model", persist = false,
		description = "shapes (built and trained on the fly, with its own images) or a SavedModel " +
			"folder (then give class means and images).")
	private String model_name = "shapes";

	@Parameter(label = "Class means file (optional)", style = "file", required = false,
		persist = false, description = "Class means of a model folder.")
	private File class_means;

	@Parameter(label = "Images (optional)", style = "directory", required = false,
		persist = false, description = "A folder of images for a model folder.")
	private File image_dir;

	@Parameter(label = "Number of images", min = "1", persist = false,
		description = "Images measured (the median is reported).")
	private int image_count = 20;

	@Parameter(label = "Reference masks", min = "1000", persist = false,
		description = "Masks of the reference map of every image.")
	private int reference_masks = 65536;

	@Parameter(label = "Target correlation", min = "0.5", max = "0.9999", persist = false,
		description = "The Pearson correlation with the reference every layer's map must reach.")
	private double target_r = 0.99;

	@Parameter(label = "Most masks tried", min = "250", persist = false,
		description = "Numbers of masks tried: 250 times powers of the square root of 2, up to this.")
	private int max_masks = 32000;

	@Parameter(label = "Sampling methods", persist = false,
		description = "Comma-separated, the first is the baseline: random, scrambled, sobol, " +
			"antithetic, stratified.")
	private String methods = "random,scrambled";

	@Parameter(label = "Grid size (s)", min = "2", max = Parameters.MAX_GRID,
		persist = false, description = "RISE grid.")
	private int grid = Defaults.GRID;

	@Parameter(label = "Keep probability (p)", min = "0.01", max = "0.99", persist = false,
		description = "Share of cells each mask keeps.")
	private double keep = Defaults.KEEP;

	@Parameter(label = Parameters.BATCH_LABEL, min = "1", persist = false,
		description = "Masked images per forward pass.")
	private int batch_size = Defaults.BATCH_SIZE;

	@Parameter(label = Parameters.THREADS_LABEL, min = "0", max = Parameters.MAX_THREADS,
		persist = false, description = Parameters.THREADS_DESCRIPTION)
	private int threads = Defaults.BENCHMARK_THREADS;

	@Parameter(type = ItemIO.OUTPUT, label = "Figures")
	private String report;

	@Override
	protected Operation operation() {
		return Operation.MASK_QUALITY_BENCHMARK;
	}
}
