/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.builtin;

import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.data.IdxFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The built-in models: {@code shapes} (the demo default, trained on the synthetic shapes set;
 * {@code shapes-255} is the same network behind an input scaling step of its own, as Keras's
 * {@code Rescaling(1/255)}, so it takes pixel values 0..255),
 * {@code fashion} (trained on the real Fashion-MNIST) and {@code vgg6-cifar} (the benchmark
 * network, random weights).
 */
public final class BuiltinModels {

	public static final List<String> ARCHITECTURES = List.of("shapes", "shapes-255", "fashion",
		"vgg6-cifar");
	/** Where Debian's {@code dataset-fashion-mnist} package puts the IDX files. */
	public static final Path FASHION_MNIST_DIR = Paths.get("/usr/share/datasets/fashion-mnist");
	public static final List<String> FASHION_CLASSES = List.of("t-shirt_top", "trouser",
		"pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle_boot");

	/** Training images of the shapes model, and held-out test images (a different seed). */
	public static final int SHAPES_TRAIN = 4000, SHAPES_TEST = 800;

	private BuiltinModels() {}

	/** Default epochs per architecture. */
	public static int defaultEpochs(final String arch) {
		switch (normalise(arch)) {
			case "shapes":
			case "shapes-255":
				return 6;
			case "fashion":
				return 6;
			default:
				return 0;
		}
	}

	/**
	 * Weight of the center loss on the last block (see {@link CnnBuilder.Training#centerLoss}):
	 * it tightens the classes around their means there, so that the last block's class-mean
	 * classifier comes close to the network's own accuracy.
	 */
	public static float centerLoss(final String arch) {
		switch (normalise(arch)) {
			case "shapes":
			case "shapes-255":
			case "fashion":
				return 20;
			default:
				return 0;
		}
	}

	/**
	 * Builds (trains where needed) and exports a built-in model.
	 *
	 * @param epochs training epochs; negative for the architecture's default
	 * @param fashionDir folder with the Fashion-MNIST IDX files (for {@code fashion}); null for
	 *          the Debian package's folder
	 * @return the trained weights and their test accuracy
	 */
	public static CnnBuilder.Trained build(final String arch, final Path out, final int epochs,
		final long seed, final CnnBuilder.ExportStyle style, final Path fashionDir,
		final Consumer<String> log)
	{
		final String a = normalise(arch);
		final int e = epochs < 0 ? defaultEpochs(a) : epochs;
		final CnnBuilder.Trained trained;
		final String data;
		switch (a) {
			case "shapes":
			case "shapes-255": {
				final LabelledArrays train = ShapesData.arrays(seed, SHAPES_TRAIN);
				final LabelledArrays test = ShapesData.arrays(seed + 1_000_000, SHAPES_TEST);
				final CnnBuilder.Trained t = CnnBuilder.train(CnnSpec.shapes(), train, test,
					new CnnBuilder.Training(e, 32, 2e-3f, seed, centerLoss(a)), log);
				// shapes-255: the same network behind a Keras-like Rescaling(1/255) of its own
				trained = a.equals("shapes") ? t : t.withInputScaling(1 / 255f, 0);
				data = "synthetic shapes (ShapesData), " + SHAPES_TRAIN + " training images with seed " +
					seed + ", " + SHAPES_TEST + " test images with seed " + (seed + 1_000_000);
				break;
			}
			case "fashion": {
				final Path dir = fashionDir == null ? FASHION_MNIST_DIR : fashionDir;
				final LabelledArrays train = fashion(dir, "train");
				final LabelledArrays test = fashion(dir, "t10k");
				trained = CnnBuilder.train(CnnSpec.fashion(), train, test, new CnnBuilder.Training(e,
					64, 1e-3f, seed, centerLoss(a)), log);
				data = "Fashion-MNIST from " + dir + " (60000 training, 10000 test images)";
				break;
			}
			case "vgg6-cifar":
				if (e > 0) throw new LayerTracerException(
					"vgg6-cifar is the benchmark network with random weights; it takes no epochs");
				trained = CnnBuilder.untrained(CnnSpec.vgg6Cifar(), seed);
				data = "none: seeded random weights (benchmark network)";
				break;
			default:
				throw new LayerTracerException("Unknown architecture '" + arch + "'; expected one of " +
					String.join(", ", ARCHITECTURES));
		}
		final String readme = String.format(Locale.ROOT,
			"# %s%n%nBuilt by LayerTracer (`scripts/layertracer build-model --arch %s --epochs %d " +
				"--seed %d`).%n%n- input: `image` [-1, %d, %d, %d], values %s%n- outputs: %s%n" +
				"- export style: %s%n- training data: %s%n- epochs: %d%n- center loss weight: %s%n" +
				"- test accuracy: %s%n" +
				"- training time: %.1f s%n", a, a, e, seed, trained.spec.height, trained.spec.width,
			trained.spec.channels, trained.spec.scalesInput() ? String.format(Locale.ROOT,
				"0..255 (the model scales them by 1/255 itself, layer `rescaling`)") : "0..1", String
					.join(", ", trained.spec.outputNames()), style.name()
				.toLowerCase(Locale.ROOT), data, e, centerLoss(a), Double.isNaN(trained.testAccuracy) ? "n/a"
					: String.format(Locale.ROOT, "%.4f", trained.testAccuracy), trained.seconds);
		CnnBuilder.export(trained, out, style, readme);
		return trained;
	}

	/** Reads a Fashion-MNIST split ({@code train} or {@code t10k}) into memory. */
	public static LabelledArrays fashion(final Path dir, final String split) {
		final Path images = idx(dir, split + "-images-idx3-ubyte");
		final Path labels = idx(dir, split + "-labels-idx1-ubyte");
		try (IdxFile im = IdxFile.open(images); IdxFile lb = IdxFile.open(labels)) {
			final int n = im.count(), px = im.recordSize();
			final int[] y = lb.readLabels();
			if (y.length != n) throw new LayerTracerException("Fashion-MNIST " + split + ": " + n +
				" images in " + images + " but " + y.length + " labels in " + labels);
			final float[] x = new float[n * px];
			final byte[] rec = new byte[px];
			for (int i = 0; i < n; i++) {
				im.next(rec, 0);
				for (int p = 0; p < px; p++)
					x[i * px + p] = (rec[p] & 0xff) / 255f;
			}
			final int[] dims = im.recordDims();
			return new LabelledArrays(x, y, dims[0], dims[1], 1, FASHION_CLASSES);
		}
	}

	private static Path idx(final Path dir, final String base) {
		for (final String ext : new String[] { ".gz", "" }) {
			final Path p = dir.resolve(base + ext);
			if (Files.isRegularFile(p)) return p;
		}
		throw new LayerTracerException("Fashion-MNIST file " + dir.resolve(base + ".gz") +
			" not found; install it with: apt-get install dataset-fashion-mnist");
	}

	private static String normalise(final String arch) {
		return arch == null ? "" : arch.trim().toLowerCase(Locale.ROOT);
	}
}
