/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * Builds the Fiji update site: the files, their checksums as imagej-updater computes them,
 * platform tags and the history of earlier versions in {@code db.xml.gz}. A build tool, not
 * loaded by Fiji.
 * <p>
 * May use: the JDK and {@code api}.
 * </p>
 */
package io.github.layertracer.plugin.updatesite;
