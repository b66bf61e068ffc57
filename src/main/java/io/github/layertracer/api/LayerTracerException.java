/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.api;

/**
 * A problem the user can fix: a wrong file, layer, shape or value. The message names what is
 * wrong and what was expected, and is meant to be shown to the user as it is.
 */
public class LayerTracerException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public LayerTracerException(final String message) {
		super(message);
	}

	public LayerTracerException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
