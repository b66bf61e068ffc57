/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * Benchmarks that print their figures and the settings that produced them: tracing against the
 * bare forward pass, class means, and masks needed for a given map quality.
 * <p>
 * May use: the JDK, {@code api}, {@code engine} and the other engine packages but {@code ops}.
 * </p>
 */
package io.github.layertracer.engine.bench;
