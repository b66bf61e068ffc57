/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * Faithfulness of saliency maps: pointing game and deletion/insertion curves per layer.
 * <p>
 * May use: the JDK, {@code api}, {@code engine}, {@code engine.trace}, {@code engine.image},
 * {@code engine.data}, {@code engine.model}.
 * </p>
 */
package io.github.layertracer.engine.metrics;
