/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * The built-in networks (shapes, fashion, vgg6-cifar, resnet18-224), built and trained with
 * TensorFlow Java and exported as SavedModels in Keras-like styles, and the synthetic shapes
 * data.
 * <p>
 * May use: the JDK, TensorFlow Java, ImageJ 1.x (image files), {@code api}, {@code engine}.
 * </p>
 */
package io.github.layertracer.engine.builtin;
