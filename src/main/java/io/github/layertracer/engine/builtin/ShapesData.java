/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.builtin;

import io.github.layertracer.api.AtomicFiles;
import io.github.layertracer.api.LayerTracerException;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The built-in synthetic data set: one bright shape (circle, cross, square or triangle) drawn at
 * a random position and size on a noisy 64 x 64 canvas cluttered with thin lines and dots.
 * Every image is a pure function of (seed, index), so any subset can be regenerated exactly,
 * and each comes with the bounding box of its shape for the pointing game.
 */
public final class ShapesData {

	/** Class names, in label order (sorted, as a class-per-folder layout lists them). */
	public static final List<String> CLASSES = List.of("circle", "cross", "square", "triangle");
	public static final int SIZE = 64;

	private ShapesData() {}

	/** One generated image: 8-bit grey pixels in row-major order, its label and box. */
	public static final class Sample {

		public final byte[] pixels;
		public final int label;
		/** Bounding box: inclusive minimum, exclusive maximum. */
		public final int x0, y0, x1, y1;

		Sample(final byte[] pixels, final int label, final int x0, final int y0, final int x1,
			final int y1)
		{
			this.pixels = pixels;
			this.label = label;
			this.x0 = x0;
			this.y0 = y0;
			this.x1 = x1;
			this.y1 = y1;
		}

		public String className() {
			return CLASSES.get(label);
		}
	}

	/** Image {@code index} of the set with the given seed; labels cycle through the classes. */
	public static Sample sample(final long seed, final int index) {
		final Random r = new Random(seed * 1_000_003L + index * 7919L + 17);
		final int label = index % CLASSES.size();
		final float[] img = new float[SIZE * SIZE];
		final float background = 20 + r.nextInt(60);
		for (int i = 0; i < img.length; i++)
			img[i] = background + (float) (r.nextGaussian() * 12);
		// clutter: thin lines and small dots, dimmer than the shape
		final int lines = 2 + r.nextInt(4);
		for (int l = 0; l < lines; l++) {
			final float v = background + 40 + r.nextInt(70);
			final double ax = r.nextDouble() * SIZE, ay = r.nextDouble() * SIZE;
			final double bx = r.nextDouble() * SIZE, by = r.nextDouble() * SIZE;
			final int steps = (int) Math.ceil(Math.hypot(bx - ax, by - ay)) + 1;
			for (int s = 0; s <= steps; s++) {
				final int x = (int) (ax + (bx - ax) * s / steps), y = (int) (ay + (by - ay) * s / steps);
				if (x >= 0 && y >= 0 && x < SIZE && y < SIZE) img[y * SIZE + x] = v;
			}
		}
		final int dots = 3 + r.nextInt(6);
		for (int d = 0; d < dots; d++) {
			final int cx = r.nextInt(SIZE), cy = r.nextInt(SIZE);
			final float v = background + 40 + r.nextInt(70);
			for (int y = cy - 1; y <= cy + 1; y++)
				for (int x = cx - 1; x <= cx + 1; x++)
					if (x >= 0 && y >= 0 && x < SIZE && y < SIZE) img[y * SIZE + x] = v;
		}
		// the shape
		final int size = 16 + r.nextInt(15);
		final int x0 = 1 + r.nextInt(SIZE - size - 1), y0 = 1 + r.nextInt(SIZE - size - 1);
		final float v = Math.min(255, background + 110 + r.nextInt(80));
		int bx0 = SIZE, by0 = SIZE, bx1 = 0, by1 = 0;
		for (int y = y0; y < y0 + size; y++) {
			for (int x = x0; x < x0 + size; x++) {
				final double u = (x - x0 + 0.5) / size, w = (y - y0 + 0.5) / size;
				if (!inside(label, u, w)) continue;
				img[y * SIZE + x] = v + (float) (r.nextGaussian() * 8);
				bx0 = Math.min(bx0, x);
				by0 = Math.min(by0, y);
				bx1 = Math.max(bx1, x + 1);
				by1 = Math.max(by1, y + 1);
			}
		}
		final byte[] pixels = new byte[img.length];
		for (int i = 0; i < img.length; i++)
			pixels[i] = (byte) Math.max(0, Math.min(255, Math.round(img[i])));
		return new Sample(pixels, label, bx0, by0, bx1, by1);
	}

	/** Whether the unit-square point (u, w) lies inside the shape of class {@code label}. */
	private static boolean inside(final int label, final double u, final double w) {
		switch (label) {
			case 0: // circle
				return (u - 0.5) * (u - 0.5) + (w - 0.5) * (w - 0.5) <= 0.25;
			case 1: // cross (plus sign)
				return Math.abs(u - 0.5) <= 0.16 || Math.abs(w - 0.5) <= 0.16;
			case 2: // square
				return u >= 0.08 && u <= 0.92 && w >= 0.08 && w <= 0.92;
			default: // triangle, apex up
				return w >= 0.05 && Math.abs(u - 0.5) <= 0.5 * w;
		}
	}

	/**
	 * Writes {@code count} images as 8-bit PNGs in one subfolder per class, plus
	 * {@code boxes.csv} ({@code file,class,label,x0,y0,x1,y1}, file relative to the folder, box
	 * maximum exclusive). The folder is written whole or not at all.
	 */
	public static void write(final Path folder, final long seed, final int count) {
		if (count < 1) throw new LayerTracerException("Image count must be at least 1, got " +
			count);
		AtomicFiles.writeFolder(folder, "data set", tmp -> {
			Files.createDirectories(tmp);
			for (final String c : CLASSES)
				Files.createDirectories(tmp.resolve(c));
			final StringBuilder csv = new StringBuilder("file,class,label,x0,y0,x1,y1\n");
			for (int i = 0; i < count; i++) {
				final Sample s = sample(seed, i);
				final String file = s.className() + "/" + String.format(Locale.ROOT, "%s_%05d.png", s
					.className(), i);
				final ImagePlus imp = new ImagePlus(file, new ByteProcessor(SIZE, SIZE, s.pixels));
				if (!new FileSaver(imp).saveAsPng(tmp.resolve(file).toString()))
					throw new IOException("ImageJ could not write " + file);
				csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%d,%d%n", file, s.className(),
					s.label, s.x0, s.y0, s.x1, s.y1));
			}
			Files.writeString(tmp.resolve("boxes.csv"), csv.toString());
		});
	}

	/**
	 * {@code count} samples of the set with the given seed, as a training array scaled to 0..1.
	 */
	public static LabelledArrays arrays(final long seed, final int count) {
		final float[] x = new float[count * SIZE * SIZE];
		final int[] y = new int[count];
		for (int i = 0; i < count; i++) {
			final Sample s = sample(seed, i);
			for (int p = 0; p < s.pixels.length; p++)
				x[i * SIZE * SIZE + p] = (s.pixels[p] & 0xff) / 255f;
			y[i] = s.label;
		}
		return new LabelledArrays(x, y, SIZE, SIZE, 1, CLASSES);
	}
}
