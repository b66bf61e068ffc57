/**
 * The built-in networks (shapes, fashion, vgg6-cifar, resnet18-224), built and trained with
 * TensorFlow Java and exported as SavedModels in Keras-like styles, and the synthetic shapes
 * data.
 * <p>
 * May use: the JDK, TensorFlow Java, ImageJ 1.x (image files), {@code api}, {@code engine}.
 * </p>
 */
package io.github.layertracer.engine.builtin;
