/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.image;

import io.github.layertracer.api.Images;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.model.ImageInput;

import ij.ImagePlus;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Turns an image into the model's input layout: resized to the model's height x width
 * (bilinear, pixel centres aligned), channels mapped (grey replicated to 3, RGB reduced to
 * luminance when the model wants 1), scaled to 0..1 by the image type's range, then to the
 * model's values by its {@link InputContract} (range, normalisation, channel order), and written in TensorFlow's row-major {@code [y, x, c]} order.
 * <p>
 * ImgLib2 images are indexed {@code [x, y, c]}; TensorFlow tensors {@code [y, x, c]}. This class
 * is the one place that crosses between the two.
 * </p>
 */
public final class InputConverter {

	private static final double[] LUMA = { 0.299, 0.587, 0.114 };

	private final ImageInput input;
	private final InputContract contract;

	public InputConverter(final ImageInput input, final InputContract contract) {
		this.input = input;
		this.contract = contract;
		contract.check(input.channels());
	}

	/** How pixel values become the model's values. */
	public InputContract contract() {
		return contract;
	}

	public ImageInput input() {
		return input;
	}

	/** Values per converted image: {@code height * width * channels}. */
	public int size() {
		return input.pixelValues();
	}

	/**
	 * The user's image as the converter reads it: an ImgLib2 view {@code [x, y, c]} of the pixels
	 * where they are (an ImageJ image's own arrays, no copy), and the factor that scales its pixel
	 * type to 0..1 ({@link Images#range}).
	 */
	public static final class Planes {

		private final RandomAccessibleInterval<? extends RealType<?>> pixels;
		private final double range;
		public final int width, height;
		public final String name;

		/** Planes {@code planes[c][y * width + x]} already scaled to 0..1 (wrapped, not copied). */
		public Planes(final String name, final float[][] planes, final int width,
			final int height)
		{
			this(name, stack(planes, width, height), 1);
		}

		private Planes(final String name, final RandomAccessibleInterval<? extends RealType<?>> xyc,
			final double range)
		{
			this.name = name;
			this.pixels = xyc;
			this.range = range;
			this.width = (int) xyc.dimension(0);
			this.height = (int) xyc.dimension(1);
		}

		private static RandomAccessibleInterval<FloatType> stack(final float[][] planes,
			final int width, final int height)
		{
			final List<RandomAccessibleInterval<FloatType>> list = new ArrayList<>();
			for (final float[] p : planes)
				list.add(ArrayImgs.floats(p, width, height));
			return Views.stack(list);
		}

		public int channels() {
			return (int) pixels.dimension(2);
		}

		/** One channel scaled to 0..1, row-major: a copy (for drawing, not for the model). */
		public float[] plane(final int c) {
			final float[] out = new float[width * height];
			int i = 0;
			for (final RealType<?> v : Views.flatIterable(Views.hyperSlice(pixels, 2, pixels.min(2) +
				c)))
				out[i++] = (float) (v.getRealDouble() / range);
			return out;
		}

		/** Luminance of an RGB image (else its first channel), 0..1, row-major: a copy. */
		public float[] luminance() {
			if (channels() != 3) return plane(0);
			final float[] r = plane(0), g = plane(1), b = plane(2);
			for (int i = 0; i < r.length; i++)
				r[i] = InputConverter.luminance(r[i], g[i], b[i]);
			return r;
		}
	}

	/** Luminance of red, green and blue (ITU-R BT.601), the one weighting LayerTracer uses. */
	public static float luminance(final double r, final double g, final double b) {
		return (float) (LUMA[0] * r + LUMA[1] * g + LUMA[2] * b);
	}

	/** Converts the current plane of an ImageJ image. */
	public float[] convert(final ImagePlus imp) {
		final float[] dst = new float[size()];
		convert(planes(imp), dst, 0);
		return dst;
	}

	/** Converts an ImgLib2 image with axes {@code [x, y]} or {@code [x, y, c]}. */
	public <T extends RealType<T>> float[] convert(final RandomAccessibleInterval<T> img,
		final String name)
	{
		final float[] dst = new float[size()];
		convert(planes(img, name), dst, 0);
		return dst;
	}

	/**
	 * Converts an ImgLib2 batch whose last axis is the image index, {@code [x, y, n]} or
	 * {@code [x, y, c, n]}, into one model batch ({@code [n, y, x, c]} for TensorFlow).
	 */
	public <T extends RealType<T>> float[] convertBatch(final RandomAccessibleInterval<T> batch,
		final String name)
	{
		final int last = batch.numDimensions() - 1;
		if (last < 2) throw new LayerTracerException("Batch '" + name + "' has " + batch
			.numDimensions() + " dimensions; expected [x, y, n] or [x, y, c, n]");
		final int n = (int) batch.dimension(last);
		final float[] dst = new float[n * size()];
		for (int i = 0; i < n; i++)
			convert(planes(Views.hyperSlice(batch, last, batch.min(last) + i), name + "[" + i + "]"),
				dst, i * size());
		return dst;
	}

	/**
	 * Converts an image into {@code dst[offset …]} (one image of a batch): the one copy from the
	 * user's pixels into the model's input, with the channel mapping, the 0..1 scaling, the
	 * resize and the model's {@link InputContract} on the way.
	 */
	public void convert(final Planes src, final float[] dst, final int offset) {
		final int c = input.channels(), h = input.height(), w = input.width();
		final int sc = src.channels();
		if (sc != c && sc != 1 && !(sc == 3 && c == 1)) throw new LayerTracerException("Image '" +
			src.name + "' has " + sc + " channels; the model input '" + input.spec().name() +
			"' expects " + c + " (grey images are replicated to 3 channels and RGB is reduced to 1; " +
			"other counts cannot be mapped)");
		final RandomAccess<? extends RealType<?>> ra = Views.zeroMin(src.pixels).randomAccess();
		final boolean same = src.width == w && src.height == h;
		final double fx = src.width / (double) w, fy = src.height / (double) h;
		for (int y = 0; y < h; y++) {
			// bilinear, pixel centres aligned (no corner alignment); exact where sizes match
			final double sy = same ? y : Math.max(0, Math.min(src.height - 1, (y + 0.5) * fy - 0.5));
			final int y0 = (int) sy, y1 = Math.min(src.height - 1, y0 + 1);
			final double ay = sy - y0;
			for (int x = 0; x < w; x++) {
				final double sx = same ? x : Math.max(0, Math.min(src.width - 1, (x + 0.5) * fx - 0.5));
				final int x0 = (int) sx, x1 = Math.min(src.width - 1, x0 + 1);
				final double ax = sx - x0;
				for (int ch = 0; ch < c; ch++) {
					final double v;
					if (sc == 3 && c == 1) v = luminance(sample(ra, 0, x0, x1, ax, y0, y1, ay), sample(ra,
						1, x0, x1, ax, y0, y1, ay), sample(ra, 2, x0, x1, ax, y0, y1, ay));
					else v = sample(ra, contract.sourceChannel(ch, sc, c), x0, x1, ax, y0, y1, ay);
					dst[offset + (y * w + x) * c + ch] = contract.apply((float) (v / src.range), ch);
				}
			}
		}
	}

	/** Bilinear sample of channel {@code c}; weights of 0 read nothing. */
	private static double sample(final RandomAccess<? extends RealType<?>> ra, final int c,
		final int x0, final int x1, final double ax, final int y0, final int y1, final double ay)
	{
		final double top = ax == 0 ? at(ra, c, x0, y0) : at(ra, c, x0, y0) * (1 - ax) + at(ra, c,
			x1, y0) * ax;
		if (ay == 0) return top;
		final double bottom = ax == 0 ? at(ra, c, x0, y1) : at(ra, c, x0, y1) * (1 - ax) + at(ra, c,
			x1, y1) * ax;
		return top * (1 - ay) + bottom * ay;
	}

	private static double at(final RandomAccess<? extends RealType<?>> ra, final int c,
		final int x, final int y)
	{
		ra.setPosition(x, 0);
		ra.setPosition(y, 1);
		ra.setPosition(c, 2);
		return ra.get().getRealDouble();
	}

	/** Bilinear resize with pixel centres aligned (no corner alignment). */
	public static float[] resize(final float[] src, final int sw, final int sh, final int dw,
		final int dh)
	{
		final float[] dst = new float[dw * dh];
		resize(src, sw, sh, dst, dw, dh);
		return dst;
	}

	/** Bilinear resize into {@code dst} ({@code dw * dh} values). */
	public static void resize(final float[] src, final int sw, final int sh, final float[] dst,
		final int dw, final int dh)
	{
		final double fx = sw / (double) dw, fy = sh / (double) dh;
		for (int y = 0; y < dh; y++) {
			final double sy = Math.max(0, Math.min(sh - 1, (y + 0.5) * fy - 0.5));
			final int y0 = (int) sy, y1 = Math.min(sh - 1, y0 + 1);
			final double ay = sy - y0;
			for (int x = 0; x < dw; x++) {
				final double sx = Math.max(0, Math.min(sw - 1, (x + 0.5) * fx - 0.5));
				final int x0 = (int) sx, x1 = Math.min(sw - 1, x0 + 1);
				final double ax = sx - x0;
				final double top = src[y0 * sw + x0] * (1 - ax) + src[y0 * sw + x1] * ax;
				final double bottom = src[y1 * sw + x0] * (1 - ax) + src[y1 * sw + x1] * ax;
				dst[y * dw + x] = (float) (top * (1 - ay) + bottom * ay);
			}
		}
	}

	/** The current z/t position of an ImageJ image, wrapped (its pixels are not copied). */
	public static Planes planes(final ImagePlus imp) {
		if (imp == null) throw new LayerTracerException("No image given");
		return planes(Images.wrap(imp), imp.getTitle());
	}

	/** An ImgLib2 image {@code [x, y]} or {@code [x, y, c]}, wrapped (not copied). */
	public static Planes planes(final RandomAccessibleInterval<? extends RealType<?>> img,
		final String name)
	{
		final int n = img.numDimensions();
		if (n < 2 || n > 3) throw new LayerTracerException("Image '" + name + "' has " + n +
			" dimensions; expected [x, y] or [x, y, c]");
		return new Planes(name, n == 3 ? img : Views.addDimension(img, 0, 0), Images.range(Views
			.iterable(img).firstElement()));
	}
}
