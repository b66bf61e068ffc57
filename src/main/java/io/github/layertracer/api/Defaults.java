/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.api;

/**
 * The defaults of the parameters that several commands share, in one place: the commands'
 * fields start with them (so Fiji's dialogs, macros and the launcher's {@code --help} show
 * them), and the engine's settings start from them.
 */
public final class Defaults {

	private Defaults() {}

	/** Number of masks (or {@code auto}). */
	public static final String MASKS = "4000";
	/** Number of masks as a number. */
	public static final int MASK_COUNT = 4000;
	/** Agreement the stop rule of {@code masks=auto} aims for. */
	public static final double AGREEMENT = 0.99;
	/** The stop rule's least and most masks. */
	public static final int AUTO_MIN_MASKS = 1000, AUTO_MAX_MASKS = 16000;
	public static final String MASK_TYPE = "rise";
	/** How RISE masks are drawn: random (RISE as published) or scrambled (scrambled Sobol). */
	public static final String SAMPLING = "scrambled";
	public static final int GRID = 8;
	public static final double KEEP = 0.5;
	public static final long SEED = 1;
	public static final int BATCH_SIZE = 64;
	public static final String TARGET = "predicted";
	public static final String ATTRIBUTION = "keep";
	public static final String NORMALISATION = "e2cm";
	public static final double TEMPERATURE = 1;
	/** The input contract's parts: auto lets LayerTracer find them (graph, labels, means file). */
	public static final String INPUT_RANGE = "auto", CHANNEL_ORDER = "auto";
	/**
	 * The network's number format: float32 as trained (bfloat16 and auto are there to choose:
	 * their maps agree with float32's to r >= 0.998, not yet everywhere to 0.999).
	 */
	public static final String PRECISION = "float32";
	/** TensorFlow threads; 0 lets TensorFlow decide. */
	public static final int THREADS = 0;
	/** Threads of the benchmarks: the 2-core machine their figures come from. */
	public static final int BENCHMARK_THREADS = 2;
}
