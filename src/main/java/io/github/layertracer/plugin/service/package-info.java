/**
 * The SciJava service that hands every command the JVM's one engine and closes its models when
 * the context is disposed.
 * <p>
 * May use: the JDK, SciJava, {@code api} and {@code plugin.bridge}.
 * </p>
 */
package io.github.layertracer.plugin.service;
