/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
/**
 * The {@code scripts/layertracer} launcher: runs the commands headless through SciJava's
 * {@code CommandService}, one subcommand per {@link io.github.layertracer.api.Operation} (the
 * label in lower case with dashes, plus a short alias), options from the commands' parameters.
 * <p>
 * May use: the JDK, SciJava, {@code api} and {@code plugin.command}.
 * </p>
 */
package io.github.layertracer.plugin.cli;
