/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.api;

/**
 * Thrown when an operation stops because the user cancelled it (Fiji's task monitor, Esc, an
 * interrupt); nothing is written.
 */
public final class CancelledException extends LayerTracerException {

	private static final long serialVersionUID = 1L;

	public CancelledException() {
		super("Cancelled");
	}
}
