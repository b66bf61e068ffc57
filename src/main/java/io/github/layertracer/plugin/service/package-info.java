/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * The SciJava service that hands every command the JVM's one engine and closes its models when
 * the context is disposed.
 * <p>
 * May use: the JDK, SciJava, {@code api} and {@code plugin.bridge}.
 * </p>
 */
package io.github.layertracer.plugin.service;
