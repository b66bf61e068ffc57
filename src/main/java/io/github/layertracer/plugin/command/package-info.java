/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * The SciJava commands: thin. Each declares its parameters (the groups once, in
 * {@code ModelCommand}, {@code MaskedCommand} and {@code TracingCommand}), names its
 * {@link io.github.layertracer.api.Operation}, and hands its inputs to the engine with a
 * SciJava {@code Task} and the {@code LogService}. A new command: add an {@code Operation}, a
 * class named after its label, an engine operation, and a launcher row; {@code ContractTest}
 * holds them together.
 * <p>
 * May use: the JDK, ImageJ 1.x, ImgLib2, SciJava, {@code api}, {@code plugin.service} and
 * {@code plugin.bridge}.
 * </p>
 */
package io.github.layertracer.plugin.command;
