/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * From the user's pixels to the model's input, in one copy: channel mapping (one set of
 * luminance weights), the 0..1 scaling rule ({@code api.Images.range}), bilinear resizing and
 * per-channel normalisation.
 * <p>
 * May use: the JDK, ImgLib2, ImageJ 1.x, {@code api}, {@code engine.model}.
 * </p>
 */
package io.github.layertracer.engine.image;
