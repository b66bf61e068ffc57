/**
 * Opening a SavedModel with TensorFlow Java: signatures, the image input, the final scores,
 * layers found by name scope in the graph and in every function body
 * ({@code LayerFinder}), grafts that fetch layers inside functions ({@code FunctionGraft}), and
 * {@code LayerModel}, which runs batches and returns every tracked layer.
 * <p>
 * May use: the JDK, TensorFlow Java, protobuf, {@code api}, {@code engine}.
 * </p>
 */
package io.github.layertracer.engine.model;
