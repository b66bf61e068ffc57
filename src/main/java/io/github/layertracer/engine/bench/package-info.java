/**
 * Benchmarks that print their figures and the settings that produced them: tracing against the
 * bare forward pass, class means, and masks needed for a given map quality.
 * <p>
 * May use: the JDK, {@code api}, {@code engine} and the other engine packages but {@code ops}.
 * </p>
 */
package io.github.layertracer.engine.bench;
