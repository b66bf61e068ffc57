/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * The contract between the two sides, loaded once by Fiji's class loader and shared with the
 * engine's (the only LayerTracer package on {@code ChildFirstClassLoader}'s shared list): the
 * {@link io.github.layertracer.api.Engine} interface, the {@link io.github.layertracer.api.Operation}s
 * with their input names, the parameters' {@link io.github.layertracer.api.Defaults} and
 * {@link io.github.layertracer.api.Limits}, the exceptions both sides throw and catch, and the
 * ImageJ/ImgLib2 conversions, atomic file writes and input file checks
 * ({@link io.github.layertracer.api.InputFiles}) both sides use.
 * <p>
 * May use: the JDK, ImageJ 1.x, ImgLib2 and SciJava ({@code Task}, {@code Logger}). Never
 * TensorFlow, protobuf, JavaCPP, jhdf, Gson or Commons Math, nor the plugin or engine packages.
 * </p>
 */
package io.github.layertracer.api;
