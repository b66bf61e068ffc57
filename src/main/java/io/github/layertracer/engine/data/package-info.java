/**
 * Labelled image sets (a folder of class folders, IDX files) and image files read with ImageJ,
 * with the checks that name a bad file before any work.
 * <p>
 * May use: the JDK, ImageJ 1.x, {@code api}, {@code engine.image}.
 * </p>
 */
package io.github.layertracer.engine.data;
