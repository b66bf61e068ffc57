/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * Loads the engine: finds its jars (a build's {@code target/engine}, Fiji's
 * {@code lib/layertracer-engine}) and creates it in a child-first class loader that shares only
 * the JDK, ImageJ, ImgLib2, SciJava, SLF4J and {@code io.github.layertracer.api}.
 * <p>
 * May use: the JDK and {@code api}.
 * </p>
 */
package io.github.layertracer.plugin.bridge;
