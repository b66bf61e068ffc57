/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * Opening a SavedModel with TensorFlow Java: the {@code saved_model.pb} read and its meta graph
 * chosen by tags before TensorFlow loads anything ({@code SavedModelFile}), operations that touch
 * files or the network refused ({@code FileOperationScan}), signatures, the image input, the
 * final scores, layers found by name scope in the graph and in every function body
 * ({@code LayerFinder}), grafts that fetch layers inside functions ({@code FunctionGraft}), and
 * {@code LayerModel}, which runs batches and returns every tracked layer.
 * <p>
 * May use: the JDK, TensorFlow Java, protobuf, {@code api}, {@code engine}.
 * </p>
 */
package io.github.layertracer.engine.model;
