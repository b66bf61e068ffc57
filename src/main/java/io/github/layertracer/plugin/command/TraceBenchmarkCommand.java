/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import io.github.layertracer.api.Defaults;
import io.github.layertracer.api.Operation;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;

/**
 * Benchmark: the full per-layer trace against the bare forward pass of the same N masked images,
 * with peak memory. Prints its figures and the settings that produced them.
 */
public class TraceBenchmarkCommand extends BenchmarkCommand {

	@Parameter(label = "Model", persist = false,
		description = "vgg6-cifar or resnet18-224 (built on the fly, random weights; resnet18-224 " +
			"is the standard ResNet-18 on 224 x 224 images, exported in graph style) or a " +
			"SavedModel folder.")
	private String model_name = "vgg6-cifar";

	@Parameter(label = "Export styles", persist = false,
		description = "How a built-in benchmark network is exported, one or several in one run " +
			"(comma-separated): graph (layers in the signature), function (layers found inside " +
			"the function body, as in a Keras export), nested (a function per block).")
	private String export_style = "graph";

	@Parameter(label = "Number of masks", min = "1", persist = false,
		description = "Masked images per trace.")
	private int masks = 2000;

	@Parameter(label = Parameters.BATCH_LABEL, min = "1", persist = false,
		description = "Masked images per forward pass.")
	private int batch_size = Defaults.BATCH_SIZE;

	@Parameter(label = Parameters.THREADS_LABEL, min = "0", max = Parameters.MAX_THREADS,
		persist = false, description = Parameters.THREADS_DESCRIPTION)
	private int threads = Defaults.BENCHMARK_THREADS;

	@Parameter(label = "Repeats", min = "1", persist = false,
		description = "Each measurement runs this many times, alternately; the best counts " +
			"(timings on a shared machine vary by several per cent from run to run).")
	private int repeats = 10;

	@Parameter(type = ItemIO.OUTPUT, label = "Figures")
	private String report;

	@Override
	protected Operation operation() {
		return Operation.TRACE_BENCHMARK;
	}
}
