package io.github.layertracer;

import io.github.layertracer.builtin.BuiltinModels;
import io.github.layertracer.builtin.CnnBuilder;
import io.github.layertracer.builtin.CnnBuilder.ExportStyle;
import io.github.layertracer.builtin.CnnSpec;
import io.github.layertracer.io.AtomicFiles;

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

	/** The real Keras export from a public project, read from the shared fixtures folder. */
	public static Path kerasMnistMlp() {
		for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
			final Path candidate = p.resolve("shared/fixtures/keras-mnist-mlp");
			if (Files.isRegularFile(candidate.resolve("saved_model.pb"))) return candidate;
			final Path sibling = p.resolveSibling("shared").resolve("fixtures/keras-mnist-mlp");
			if (Files.isRegularFile(sibling.resolve("saved_model.pb"))) return sibling;
		}
		throw new IllegalStateException("shared/fixtures/keras-mnist-mlp not found beside the repository");
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

	/** The benchmark network in either export style. */
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
