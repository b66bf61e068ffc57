/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import io.github.layertracer.api.Defaults;
import io.github.layertracer.api.LayerTracerException;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The model's image input: {@code [batch, height, width, channels]}, or
 * {@code [batch, height, width]} for grey models (as many Keras models have it), float32.
 */
public final class ImageInput {

	private final TensorSpec spec;
	private final int height;
	private final int width;
	private final int channels;
	private final boolean channelAxis;

	/**
	 * The most values one input image may have: {@code 2^24}, e.g. 4096 x 4096 grey or
	 * 2364 x 2364 RGB, four times the largest inputs of common classifiers (1024 x 1024 RGB).
	 * Batches of images are Java arrays (at most {@code 2^31} values) and are copied to
	 * TensorFlow; a larger input would not fit a batch of the default size in memory.
	 */
	public static final long MAX_PIXEL_VALUES = 1L << 24;

	ImageInput(final TensorSpec spec) {
		this(spec, null);
	}

	/**
	 * @param model the model folder, for messages; may be null
	 * @throws LayerTracerException if an image has more than {@link #MAX_PIXEL_VALUES} values
	 */
	ImageInput(final TensorSpec spec, final Path model) {
		this.spec = spec;
		final long[] s = spec.shape();
		this.channelAxis = s.length == 4;
		long values;
		try {
			values = Math.multiplyExact(Math.multiplyExact(s[1], s[2]), channelAxis ? s[3] : 1);
		}
		catch (final ArithmeticException e) {
			values = -1; // beyond any limit
		}
		if (values > MAX_PIXEL_VALUES || values < 0)
			throw new LayerTracerException(String.format(Locale.ROOT, "Image input '%s'%s is %s: " +
				"%s values per image, and LayerTracer takes at most %d (e.g. 4096 x 4096 grey or " +
				"2364 x 2364 RGB); one image alone would need %s of memory as float32 values, and a " +
				"batch of %d images %s. Export the model with a smaller input", spec.name(), model == null
					? "" : " of " + model, TensorSpec.formatShape(s), values < 0 ? "more than 2^63"
						: Long.toString(values), MAX_PIXEL_VALUES, megabytes(values, 1),
				Defaults.BATCH_SIZE, megabytes(values, Defaults.BATCH_SIZE)));
		this.height = (int) s[1];
		this.width = (int) s[2];
		this.channels = channelAxis ? (int) s[3] : 1;
	}

	/** The memory of {@code n} images of {@code values} float32 values, in words. */
	private static String megabytes(final long values, final int n) {
		if (values < 0) return "more than any computer has";
		final double mb = (double) values * n * Float.BYTES / (1 << 20);
		return mb >= 10 * 1024 ? String.format(Locale.ROOT, "%.0f GB", mb / 1024) : String.format(
			Locale.ROOT, "%.0f MB", mb);
	}

	/**
	 * Values of a batch of {@code n} images ({@code n * pixelValues()}), checked before the
	 * batch is allocated: it must fit a Java array and the Java memory that is free.
	 *
	 * @param what the batch, for the message, e.g. "A batch of 64 images"
	 * @throws LayerTracerException naming the memory needed and free, and what to do
	 */
	public int batchValues(final int n, final String what) {
		final long values = (long) n * pixelValues();
		final Runtime rt = Runtime.getRuntime();
		final long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		if (values > Integer.MAX_VALUE - 8 || values * Float.BYTES > free)
			throw new LayerTracerException(String.format(Locale.ROOT, "%s of %d x %d x %d values " +
				"needs %s of Java memory%s, and %d MB are free; use a smaller batch size, or give " +
				"Java more memory (-Xmx, or Fiji's Edit > Options > Memory)", what, height, width,
				channels, megabytes(pixelValues(), n), values > Integer.MAX_VALUE - 8
					? " (more than one Java array holds)" : "", free >> 20));
		return (int) values;
	}

	public TensorSpec spec() {
		return spec;
	}

	public int height() {
		return height;
	}

	public int width() {
		return width;
	}

	public int channels() {
		return channels;
	}

	/** False for rank-3 inputs without a channel axis. */
	public boolean hasChannelAxis() {
		return channelAxis;
	}

	/** Values per image: {@code height * width * channels}. */
	public int pixelValues() {
		return height * width * channels;
	}

	/** TensorFlow shape of a batch of {@code n} images. */
	public long[] batchShape(final int n) {
		return channelAxis ? new long[] { n, height, width, channels } : new long[] { n, height,
			width };
	}

	/** Axis order as a string, e.g. {@code byxc} or {@code byx}. */
	public String axes() {
		return channelAxis ? "byxc" : "byx";
	}
}
