/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.service;

import io.github.layertracer.api.Engine;

import org.scijava.service.SciJavaService;

/**
 * Gives commands LayerTracer's {@link Engine}: TensorFlow Java in its own class loader, created
 * once per JVM (one Fiji session) and reused. The engine keeps models open between calls, so
 * that a macro looping over a hundred images loads the model once; they are closed when the
 * context is disposed.
 */
public interface LayerTracerService extends SciJavaService {

	/** The engine, started on first use. */
	Engine engine();

	/** Closes and forgets every model the engine keeps open. */
	void clear();

	/** Number of models the engine keeps open. */
	int openModels();
}
