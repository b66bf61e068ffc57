/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer;

import io.github.layertracer.api.AtomicFiles;
import io.github.layertracer.engine.builtin.BuiltinModels;
import io.github.layertracer.engine.builtin.CnnBuilder.ExportStyle;
import io.github.layertracer.engine.builtin.CnnBuilder;
import io.github.layertracer.engine.builtin.CnnSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test fixtures as calls, not blobs: models built by the project's own code, once per test JVM,
 * in a temporary folder removed at exit.
 */
public final class TestModels {

	private static final Map<String, Path> BUILT = new HashMap<>();
	private static final Map<String, CnnBuilder.Trained> TRAINED = new HashMap<>();
	private static Path root;

	private TestModels() {}

	/**
	 * A real Keras export from a public project (MNIST MLP, TF 2, rank-3 input, softmax output),
	 * shipped with the tests with its LICENSE and SOURCE.md.
	 */
	public static Path kerasMnistMlp() {
		return fixture("keras-mnist-mlp");
	}

	/**
	 * A real Keras export from a public project (MNIST CNN, TF 2.0, logits output, per-layer
	 * functions), shipped with the tests with its LICENSE and SOURCE.md.
	 */
	public static Path kerasMnistCnn() {
		return fixture("keras-mnist-cnn");
	}

	/** The MNIST test set (IDX, gzip) shipped with the tests: the images file. */
	public static Path mnistImages() {
		return fixture("mnist-t10k").resolve("mnist-t10k-images-idx3-ubyte.gz");
	}

	/** The MNIST test set's labels. */
	public static Path mnistLabels() {
		return fixture("mnist-t10k").resolve("mnist-t10k-labels-idx1-ubyte.gz");
	}

	/** A folder under {@code src/test/resources/fixtures}, from the test class path. */
	public static Path fixture(final String name) {
		final java.net.URL url = TestModels.class.getResource("/fixtures/" + name);
		if (url == null) throw new IllegalStateException("Test fixture " + name +
			" is not on the test class path (src/test/resources/fixtures)");
		try {
			return Paths.get(url.toURI());
		}
		catch (final java.net.URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The trained built-in shapes model (graph style). */
	public static synchronized Path shapes() {
		return builtin("shapes", ExportStyle.GRAPH);
	}

	/** The trained built-in fashion model (graph style). */
	public static synchronized Path fashion() {
		return builtin("fashion", ExportStyle.GRAPH);
	}

	/** Training result of a built-in model built by {@link #shapes()} or {@link #fashion()}. */
	public static synchronized CnnBuilder.Trained trained(final String arch) {
		builtin(arch, ExportStyle.GRAPH);
		return TRAINED.get(arch + "-GRAPH");
	}

	/** The benchmark network in any export style. */
	public static synchronized Path vgg6(final ExportStyle style) {
		return builtin("vgg6-cifar", style);
	}

	/**
	 * A small untrained network whose block names sort the other way round from their depth:
	 * {@code omega} (first), {@code beta}, {@code alpha} (last).
	 */
	public static synchronized Path reversedNames(final ExportStyle style) {
		final String key = "reversed-" + style;
		return BUILT.computeIfAbsent(key, k -> {
			final CnnSpec spec = new CnnSpec("reversed", 16, 16, 1, 3, List.of(new CnnSpec.Block(
				"omega", true, 4), new CnnSpec.Block("beta", true, 4), new CnnSpec.Block("alpha",
					false, 4)), CnnSpec.Head.POOL_DENSE, false);
			final Path out = root().resolve(k);
			CnnBuilder.export(CnnBuilder.untrained(spec, 3), out, style, null);
			return out;
		});
	}

	private static Path builtin(final String arch, final ExportStyle style) {
		final String key = arch + "-" + style;
		return BUILT.computeIfAbsent(key, k -> {
			final Path out = root().resolve(k);
			TRAINED.put(k, BuiltinModels.build(arch, out, -1, 1, style, null, System.out::println));
			return out;
		});
	}

	/** A fresh folder under the JVM-wide temporary root. */
	public static synchronized Path newFolder(final String name) {
		try {
			return Files.createTempDirectory(root(), name);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static Path root() {
		if (root == null) {
			try {
				root = Files.createTempDirectory("layertracer-test-models");
			}
			catch (final IOException e) {
				throw new UncheckedIOException(e);
			}
			final Path r = root;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					AtomicFiles.deleteRecursively(r);
				}
				catch (final IOException e) {
					// temporary folder; the OS cleans it eventually
				}
			}));
		}
		return root;
	}
}
