/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer;

import io.github.layertracer.engine.builtin.CnnBuilder;
import io.github.layertracer.engine.builtin.CnnSpec;
import io.github.layertracer.engine.builtin.LabelledArrays;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Models of our own that expect other input values than 0..1: trained on data scaled to -1..1,
 * trained on BGR images, or scaling their input themselves. Each comes with the 8-bit images it
 * was tested on, as a class-per-folder data set, so the accuracy a run measures from the files is
 * the training's test accuracy exactly.
 */
public final class ContractModels {

	/** Blob brightness classes (grey): what a -1..1 model confuses when fed 0..1. */
	public static final List<String> LEVELS = List.of("bright", "dim", "medium");
	/** Blob colour classes: what a BGR model confuses when fed RGB. */
	public static final List<String> TINTS = List.of("blue", "green", "red");

	private static final int SIZE = 24, TRAIN = 1500, TEST = 300;
	private static final Map<String, Path> MODELS = new HashMap<>();
	private static final Map<String, CnnBuilder.Trained> TRAINED = new HashMap<>();

	private ContractModels() {}

	/** A model trained on grey brightness classes with values mapped to -1..1. */
	public static synchronized Path minusOneToOne() {
		return model("pm1", () -> {
			final LabelledArrays train = toMinusOneOne(levels(11, TRAIN)), test = toMinusOneOne(levels(
				12, TEST));
			return CnnBuilder.train(spec("levels", 1), train, test, new CnnBuilder.Training(5, 32,
				3e-3f, 5), null);
		});
	}

	/** A model trained on colour classes whose images had their channels in BGR order. */
	public static synchronized Path bgr() {
		return model("bgr", () -> {
			final LabelledArrays train = toBgr(tints(21, TRAIN)), test = toBgr(tints(22, TEST));
			return CnnBuilder.train(spec("tints", 3), train, test, new CnnBuilder.Training(4, 32,
				3e-3f, 5), null);
		});
	}

	/** The test accuracy of a model of this class, in the values it was trained on. */
	public static synchronized double testAccuracy(final Path model) {
		for (final Map.Entry<String, Path> e : MODELS.entrySet())
			if (e.getValue().equals(model)) return TRAINED.get(e.getKey()).testAccuracy;
		throw new IllegalArgumentException(model + " is no model of " + ContractModels.class);
	}

	/** The test images of {@link #minusOneToOne()}, 8-bit, one folder per class. */
	public static synchronized Path levelImages() {
		return images("levels", levels(12, TEST), 1);
	}

	/** The test images of {@link #bgr()}, 8-bit RGB, one folder per class. */
	public static synchronized Path tintImages() {
		return images("tints", tints(22, TEST), 3);
	}

	private interface Training {

		CnnBuilder.Trained train();
	}

	private static Path model(final String name, final Training training) {
		return MODELS.computeIfAbsent(name, k -> {
			final CnnBuilder.Trained t = training.train();
			TRAINED.put(k, t);
			final Path out = TestModels.newFolder(k).resolve("model");
			CnnBuilder.export(t, out, CnnBuilder.ExportStyle.GRAPH, null);
			return out;
		});
	}

	private static CnnSpec spec(final String name, final int channels) {
		return new CnnSpec(name, SIZE, SIZE, channels, 3, List.of(new CnnSpec.Block("block1", true,
			8), new CnnSpec.Block("block2", true, 16)), CnnSpec.Head.POOL_DENSE, false);
	}

	/** A blob of a random size and place on a dark noisy background; classes by brightness. */
	static LabelledArrays levels(final long seed, final int n) {
		final float[] x = new float[n * SIZE * SIZE];
		final int[] y = new int[n];
		final int[] level = { 235, 70, 150 }; // bright, dim, medium (sorted class order)
		for (int i = 0; i < n; i++) {
			final Random r = new Random(seed * 7919 + i);
			y[i] = i % 3;
			final byte[] px = blob(r, level[y[i]] + r.nextInt(21) - 10);
			for (int p = 0; p < px.length; p++)
				x[i * px.length + p] = (px[p] & 0xff) / 255f;
		}
		return new LabelledArrays(x, y, SIZE, SIZE, 1, LEVELS);
	}

	/** A coloured blob on a grey noisy background; classes by its colour. */
	static LabelledArrays tints(final long seed, final int n) {
		final float[] x = new float[n * SIZE * SIZE * 3];
		final int[] y = new int[n];
		for (int i = 0; i < n; i++) {
			final Random r = new Random(seed * 7919 + i);
			y[i] = i % 3;
			final byte[] mask = blob(r, 255);
			final int colour = 2 - y[i]; // blue -> channel 2, green -> 1, red -> 0
			for (int p = 0; p < SIZE * SIZE; p++) {
				final int background = 90 + (int) Math.round(r.nextGaussian() * 10);
				for (int c = 0; c < 3; c++) {
					final int v = (mask[p] & 0xff) > 128 ? c == colour ? 200 + r.nextInt(40) : 40 + r
						.nextInt(30) : background;
					x[(i * SIZE * SIZE + p) * 3 + c] = Math.max(0, Math.min(255, v)) / 255f;
				}
			}
		}
		return new LabelledArrays(x, y, SIZE, SIZE, 3, TINTS);
	}

	private static byte[] blob(final Random r, final int value) {
		final byte[] px = new byte[SIZE * SIZE];
		final int radius = 4 + r.nextInt(4);
		final int cx = radius + r.nextInt(SIZE - 2 * radius), cy = radius + r.nextInt(SIZE - 2 *
			radius);
		for (int yy = 0; yy < SIZE; yy++)
			for (int xx = 0; xx < SIZE; xx++) {
				final boolean in = (xx - cx) * (xx - cx) + (yy - cy) * (yy - cy) <= radius * radius;
				final int v = in ? value : 25 + (int) Math.round(r.nextGaussian() * 8);
				px[yy * SIZE + xx] = (byte) Math.max(0, Math.min(255, v));
			}
		return px;
	}

	private static LabelledArrays toMinusOneOne(final LabelledArrays a) {
		final float[] x = new float[a.images.length];
		for (int i = 0; i < x.length; i++)
			x[i] = a.images[i] * 2 - 1;
		return new LabelledArrays(x, a.labels, a.height, a.width, a.channels, a.classes);
	}

	private static LabelledArrays toBgr(final LabelledArrays a) {
		final float[] x = new float[a.images.length];
		for (int p = 0; p < x.length; p += 3)
			for (int c = 0; c < 3; c++)
				x[p + c] = a.images[p + 2 - c];
		return new LabelledArrays(x, a.labels, a.height, a.width, a.channels, a.classes);
	}

	private static final Map<String, Path> IMAGES = new HashMap<>();

	private static Path images(final String name, final LabelledArrays a, final int channels) {
		return IMAGES.computeIfAbsent(name, k -> {
			final Path dir = TestModels.newFolder(k);
			try {
				for (final String c : a.classes)
					Files.createDirectories(dir.resolve(c));
				final int px = SIZE * SIZE;
				for (int i = 0; i < a.count(); i++) {
					final ImagePlus imp;
					if (channels == 1) {
						final byte[] b = new byte[px];
						for (int p = 0; p < px; p++)
							b[p] = (byte) Math.round(a.images[i * px + p] * 255);
						imp = new ImagePlus("i", new ByteProcessor(SIZE, SIZE, b));
					}
					else {
						final int[] rgb = new int[px];
						for (int p = 0; p < px; p++) {
							int v = 0;
							for (int c = 0; c < 3; c++)
								v = v << 8 | Math.round(a.images[(i * px + p) * 3 + c] * 255);
							rgb[p] = v;
						}
						imp = new ImagePlus("i", new ColorProcessor(SIZE, SIZE, rgb));
					}
					final Path f = dir.resolve(a.classes.get(a.labels[i])).resolve(String.format(
						Locale.ROOT, "%s_%04d.png", a.classes.get(a.labels[i]), i));
					if (!new FileSaver(imp).saveAsPng(f.toString())) throw new IOException("cannot write " +
						f);
				}
			}
			catch (final IOException e) {
				throw new UncheckedIOException(e);
			}
			return dir;
		});
	}
}
