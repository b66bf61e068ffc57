/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * Layer-wise RISE: the masks ({@code MaskSettings}, {@code MaskOps}; a new mask type is a value
 * of {@code MaskSettings.Type} and its drawing in {@code MaskOps}), the {@code Tracer} with its
 * stop rule, the {@code TraceResult}, and the files written from it ({@code TraceWriter}: TIFF,
 * JSON, CSV; a new output format goes there) and the layer animation.
 * <p>
 * May use: the JDK, TensorFlow Java, ImgLib2, ImageJ 1.x (TIFF, GIF), Gson, Commons Math,
 * {@code api}, {@code engine} and the other engine packages but {@code ops}.
 * </p>
 */
package io.github.layertracer.engine.trace;
