/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import io.github.layertracer.api.Defaults;

import java.io.File;

import org.scijava.plugin.Parameter;

/**
 * A command that sends masked images through a model: the
 * {@link io.github.layertracer.api.Operation.Group#MASKED} group (the model, its optional class
 * means, the masks, and how layer distances become probabilities), declared once for every
 * tracing command.
 */
public abstract class MaskedCommand extends InputCommand {

	@Parameter(label = "Class means file (optional)", style = "file", required = false, description = "Written by Compute Class Means for this model. Without " +
			"one, only the network's final output is traced (classic RISE).")
	private File class_means;

	@Parameter(label = "Number of masks (N, or auto)", style = COUNT_OR_AUTO, persist = false,
		validater = "validateCountOrAuto",
		description = "More masks give smoother, more reliable maps; time grows in proportion " +
			"(2000-8000 is typical). auto: masks are drawn until every layer's map agrees with " +
			"the map of infinitely many masks to the agreement below (1000 to 16000 masks).")
	private String masks = Defaults.MASKS;

	@Parameter(label = "Agreement for auto", min = "0.5", max = "0.9999", persist = false,
		style = "format:0.00##",
		description = "With masks=auto: the correlation every map must reach with the map of " +
			"infinitely many masks, estimated from two independent halves (0.99 by default).")
	private double agreement = Defaults.AGREEMENT;

	@Parameter(label = "Mask type", choices = { "rise", "square" }, persist = false,
		description = "rise: random grids of kept cells (RISE); square: one occluding square " +
			"per mask (the original LayerTracer).")
	private String mask_type = Defaults.MASK_TYPE;

	@Parameter(label = "Mask sampling", choices = { "random", "scrambled" }, persist = false,
		description = "How RISE masks are drawn: random (independent cells, RISE as published) or " +
			"scrambled (the cells and shift from a scrambled Sobol sequence: the same map, with " +
			"less noise for the same number of masks).")
	private String sampling = Defaults.SAMPLING;

	@Parameter(label = "Grid size (s)", min = "2", max = Parameters.MAX_GRID, persist = false,
		description = "RISE grid cells per side: larger shows finer detail but needs more masks " +
			"(7-10 is typical).")
	private int grid = Defaults.GRID;

	@Parameter(label = "Keep probability (p)", min = "0.01", max = "0.99", persist = false,
		style = "format:0.0#",
		description = "Share of cells each RISE mask keeps (0.1-0.5 is typical).")
	private double keep = Defaults.KEEP;

	@Parameter(label = "Random seed", persist = false,
		description = "The same seed and settings give bit-identical maps.")
	private long seed = Defaults.SEED;

	@Parameter(label = Parameters.BATCH_LABEL, min = "1", persist = false,
		description = "Masked images per forward pass: larger is faster until memory runs short.")
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
}
