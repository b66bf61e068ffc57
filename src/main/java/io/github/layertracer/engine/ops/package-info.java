/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * The engine's operations, one per {@link io.github.layertracer.api.Operation}: read their
 * inputs ({@code Inputs} refuses names the operation does not declare), turn the SciJava
 * {@code Task} into the core's {@code Progress}, call the core, and return outputs by name.
 * {@code LocalEngine} is the {@link io.github.layertracer.api.Engine}; {@code ModelCache} keeps
 * models open between calls.
 * <p>
 * May use: every engine package, {@code api}, SciJava ({@code Task}, {@code Logger}).
 * </p>
 */
package io.github.layertracer.engine.ops;
