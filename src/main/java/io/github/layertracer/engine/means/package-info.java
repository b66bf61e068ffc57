/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * E2CM class means: computing them from a labelled set, the HDF5 file (jhdf), the distances that
 * turn every layer into a classifier ({@code E2cmScorer}), and per-layer accuracy.
 * <p>
 * May use: the JDK, TensorFlow Java, jhdf, ImageJ 1.x (the plot), {@code api}, {@code engine},
 * {@code engine.model}, {@code engine.image}, {@code engine.data}.
 * </p>
 */
package io.github.layertracer.engine.means;
