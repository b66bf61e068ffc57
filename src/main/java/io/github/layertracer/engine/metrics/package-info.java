/**
 * Faithfulness of saliency maps: pointing game and deletion/insertion curves per layer.
 * <p>
 * May use: the JDK, {@code api}, {@code engine}, {@code engine.trace}, {@code engine.image},
 * {@code engine.data}, {@code engine.model}.
 * </p>
 */
package io.github.layertracer.engine.metrics;
