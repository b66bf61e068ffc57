/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.api.LayerTracerException;

import org.junit.jupiter.api.function.Executable;

/** Checks that bad input is refused with a message that names what is wrong. */
public final class Refusals {

	private Refusals() {}

	/** Asserts a {@link LayerTracerException} whose message contains every part. */
	public static LayerTracerException assertMessage(final Executable e, final String... parts) {
		final LayerTracerException x = assertThrows(LayerTracerException.class, e);
		for (final String p : parts)
			assertTrue(x.getMessage().contains(p), "'" + x.getMessage() + "' should contain '" + p +
				"'");
		return x;
	}
}
