/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.api;

/**
 * The largest values of the parameters that scale work or memory: declared as the commands'
 * {@code @Parameter(max = …)} (the launcher, dialogs and the commands' own check read them
 * there) and refused by the engine for direct callers. Fixed numbers, not figures of the
 * machine: a macro valid on one computer is valid on every other.
 */
public final class Limits {

	private Limits() {}

	/**
	 * TensorFlow threads. TensorFlow starts two pools of this many threads (within and between
	 * operations) for every model it opens, when it opens it: 100 000 runs into the operating
	 * system's limit on threads and never returns. 256 is more than the hardware threads of the
	 * largest single machines LayerTracer runs on (two-socket servers have up to 256), so no one
	 * loses speed by the limit; 0 lets TensorFlow pick one per core.
	 */
	public static final int MAX_THREADS = 256;

	/**
	 * RISE grid cells per side. A finer grid needs many more masks for the same noise (the
	 * usual 7 to 16, RISE's paper uses 7); 128 cells are already as fine as the pixels of a
	 * 128 x 128 input. The engine also refuses a grid finer than the model's input and, for
	 * Sobol sampling, finer than its direction numbers cover.
	 */
	public static final int MAX_GRID = 128;

	/**
	 * Interpolated animation frames between two layers: at the GIF's 8 frames per second, 60
	 * frames are 7.5 s per layer, already slower than anyone watches; every frame is kept in
	 * memory until the GIF is written.
	 */
	public static final int MAX_FRAMES_BETWEEN = 60;

	/** Enlargement of an animation's frames (a 64 x 64 image at 16 is 1024 x 1024). */
	public static final int MAX_SCALE = 16;
}
