/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * Labelled image sets (a folder of class folders, IDX files) and image files read with ImageJ,
 * with the checks that name a bad file before any work.
 * <p>
 * May use: the JDK, ImageJ 1.x, {@code api}, {@code engine.image}.
 * </p>
 */
package io.github.layertracer.engine.data;
