/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * What Fiji loads: the commands, the service, the launcher, the bridge that loads the engine,
 * and the update-site tools. Everything here runs beside whatever else Fiji's class path holds
 * (TensorFlow 1.15, protobuf-java 4, another JavaCPP), so it names none of the engine's
 * libraries: it reaches the engine only through {@link io.github.layertracer.api}.
 * <p>
 * May use: the JDK, ImageJ 1.x, ImgLib2, SciJava and {@code api}. Never TensorFlow, protobuf,
 * JavaCPP, jhdf, Gson, Commons Math or an {@code engine} package ({@code BoundaryTest} reads
 * the compiled classes).
 * </p>
 */
package io.github.layertracer.plugin;
