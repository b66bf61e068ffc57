/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine;

import io.github.layertracer.api.CancelledException;

/**
 * Receives progress from long core operations and tells them whether to stop. Called once per
 * batch, from the thread doing the work.
 */
public interface Progress {

	/** Nothing reported, never cancelled. */
	Progress NONE = new Progress() {

		@Override
		public void update(final long done, final long total) {}

		@Override
		public boolean isCancelled() {
			return false;
		}
	};

	/** {@code done} of {@code total} units (images, masks) are finished. */
	void update(long done, long total);

	/** Whether the user asked to stop; checked between batches. */
	boolean isCancelled();

	/** Throws {@link CancelledException} if cancelled. */
	default void checkCancelled() {
		if (isCancelled()) throw new CancelledException();
	}
}
