/**
 * Builds the Fiji update site: the files, their checksums as imagej-updater computes them,
 * platform tags and the history of earlier versions in {@code db.xml.gz}. A build tool, not
 * loaded by Fiji.
 * <p>
 * May use: the JDK and {@code api}.
 * </p>
 */
package io.github.layertracer.plugin.updatesite;
