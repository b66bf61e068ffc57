/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.service;

import io.github.layertracer.api.Engine;
import io.github.layertracer.plugin.bridge.EngineLoader;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/** Default {@link LayerTracerService}: the JVM's shared engine from {@link EngineLoader}. */
@Plugin(type = Service.class)
public class DefaultLayerTracerService extends AbstractService implements LayerTracerService {

	private Engine engine;

	@Override
	public synchronized Engine engine() {
		if (engine == null) engine = EngineLoader.shared();
		return engine;
	}

	@Override
	public synchronized void clear() {
		if (engine != null) engine.clear();
	}

	@Override
	public synchronized int openModels() {
		return engine == null ? 0 : engine.openModels();
	}

	@Override
	public void dispose() {
		clear();
	}
}
