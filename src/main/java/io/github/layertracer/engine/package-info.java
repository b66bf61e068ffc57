/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * The engine, loaded by the plugin's child-first class loader with TensorFlow Java 1.1.0 and
 * the exact libraries it was built with. Its sub-packages are plain Java on TF Java and ImgLib2,
 * usable and tested without SciJava; only {@code engine.ops} meets SciJava ({@code Task},
 * {@code Logger}) at the bridge. This package holds what the whole engine shares:
 * {@link io.github.layertracer.engine.Progress}.
 * <p>
 * May use: the JDK, ImgLib2, ImageJ 1.x (image files), TensorFlow Java, jhdf, Gson, Commons
 * Math and {@code api}. Never a {@code plugin} package.
 * </p>
 */
package io.github.layertracer.engine;
