/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.layertracer.engine.builtin.BuiltinModels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need an optional Debian package: on a bare clone they are skipped with the reason
 * printed; with {@value #REQUIRE} set in the environment (as {@code .ci/run} sets it, after
 * installing the packages) a missing package fails them instead, so no CI run passes having
 * skipped one.
 */
public final class SystemPackages {

	/** The environment variable that makes a missing package a failure. */
	public static final String REQUIRE = "LAYERTRACER_REQUIRE_SYSTEM_PACKAGES";

	/** The Python with h5py that Debian's python3-h5py installs. */
	public static final Path PYTHON = Paths.get("/usr/bin/python3");

	private SystemPackages() {}

	/** Fashion-MNIST under /usr/share/datasets (Debian's dataset-fashion-mnist). */
	public static void assumeFashionMnist() {
		assume(Files.isRegularFile(BuiltinModels.FASHION_MNIST_DIR.resolve(
			"t10k-images-idx3-ubyte.gz")), "Fashion-MNIST (" + BuiltinModels.FASHION_MNIST_DIR + ")",
			"dataset-fashion-mnist");
	}

	/** h5py for Debian's /usr/bin/python3 (python3-h5py). */
	public static void assumeH5py() {
		boolean present = false;
		if (Files.isExecutable(PYTHON)) try {
			final Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import h5py")
				.redirectErrorStream(true).start();
			p.getInputStream().readAllBytes();
			present = p.waitFor() == 0;
		}
		catch (final java.io.IOException e) {
			present = false;
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		assume(present, "h5py for " + PYTHON, "python3-h5py");
	}

	private static void assume(final boolean present, final String what, final String pkg) {
		if (present) return;
		final String reason = what + " is not installed (apt-get install " + pkg + ")";
		if (System.getenv(REQUIRE) != null) fail(reason + "; " + REQUIRE + " is set, so tests " +
			"that need it must run");
		System.out.println("SKIPPED, " + reason);
		Assumptions.assumeTrue(false, reason);
	}
}
