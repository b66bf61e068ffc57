/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer;

import io.github.layertracer.plugin.cli.Launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Exit code, standard output and standard error of one launcher call, in this JVM. */
public final class LauncherRun {

	public final int code;
	public final String out, err;

	public LauncherRun(final String... args) {
		final ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		code = Launcher.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(
			e, true, StandardCharsets.UTF_8));
		out = o.toString(StandardCharsets.UTF_8);
		err = e.toString(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
	}

	/** Seeded uniform noise in [0, 1), e.g. a batch of test images. */
	public static float[] noise(final int n, final long seed) {
		final java.util.Random r = new java.util.Random(seed);
		final float[] a = new float[n];
		for (int i = 0; i < n; i++)
			a[i] = r.nextFloat();
		return a;
	}
}
