/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.api;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.LutLoader;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Conversions between ImageJ 1.x images and the ImgLib2 images that cross the {@link Engine}
 * bridge, without copies where the layouts allow: an ImageJ image is wrapped, a trace's planes
 * become the stack's planes. Both sides use them; they need nothing but ImageJ, ImgLib2 and the
 * JDK.
 */
public final class Images {

	private Images() {}

	/**
	 * The factor that scales a pixel type to 0..1, the one rule for every image LayerTracer
	 * reads: 8-bit unsigned (and RGB channels) by 255, 16-bit unsigned by 65535, anything else
	 * (float, signed) as it is.
	 */
	public static double range(final RealType<?> type) {
		if (type instanceof UnsignedByteType) return 255;
		if (type instanceof UnsignedShortType) return 65535;
		return 1;
	}

	/**
	 * The current z/t position of an ImageJ image as an ImgLib2 view {@code [x, y, c]} of its own
	 * pixel arrays (nothing is copied): 8-bit, 16-bit and 32-bit channels as unsigned bytes,
	 * unsigned shorts and floats, RGB as three unsigned-byte channels. Scale with {@link #range}.
	 */
	public static RandomAccessibleInterval<? extends RealType<?>> wrap(final ImagePlus imp) {
		final int w = imp.getWidth(), h = imp.getHeight();
		if (imp.getType() == ImagePlus.COLOR_RGB) {
			final int[] rgb = (int[]) imp.getStack().getProcessor(imp.getStackIndex(imp.getC(), imp
				.getZ(), imp.getT())).getPixels();
			return Converters.argbChannels(ArrayImgs.argbs(rgb, w, h), 1, 2, 3);
		}
		final int bits = imp.getBitDepth();
		final List<RandomAccessibleInterval<? extends RealType<?>>> channels = new ArrayList<>();
		for (int c = 0; c < imp.getNChannels(); c++) {
			final Object pixels = imp.getStack().getPixels(imp.getStackIndex(c + 1, imp.getZ(), imp
				.getT()));
			channels.add(bits == 8 ? ArrayImgs.unsignedBytes((byte[]) pixels, w, h) : bits == 16
				? ArrayImgs.unsignedShorts((short[]) pixels, w, h) : ArrayImgs.floats((float[]) pixels,
					w, h));
		}
		return stackOf(channels);
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static RandomAccessibleInterval<? extends RealType<?>> stackOf(
		final List<RandomAccessibleInterval<? extends RealType<?>>> channels)
	{
		return Views.stack((List) channels);
	}

	/**
	 * A saliency image {@code [x, y, layer]} or {@code [x, y, layer, class]} as an ImageJ stack,
	 * one slice per layer (a hyperstack with a frame per class for four dimensions). A planar
	 * float image (what a trace returns) lends its planes to the stack as they are: the stack and
	 * the image share their pixels.
	 *
	 * @param labels one slice label per plane, in stack order
	 * @param info the image's Info property (the trace's JSON)
	 */
	public static ImagePlus saliencyStack(final RandomAccessibleInterval<FloatType> saliency,
		final List<String> labels, final String title, final String info)
	{
		final int w = (int) saliency.dimension(0), h = (int) saliency.dimension(1);
		final int layers = (int) saliency.dimension(2);
		final int classes = saliency.numDimensions() > 3 ? (int) saliency.dimension(3) : 1;
		final ImageStack stack = new ImageStack(w, h);
		final PlanarImg<FloatType, ?> planar = saliency instanceof PlanarImg &&
			((PlanarImg<?, ?>) saliency).getPlane(0) instanceof FloatArray
				? (PlanarImg<FloatType, ?>) saliency : null;
		final Cursor<FloatType> c = planar == null ? Views.flatIterable(saliency).cursor() : null;
		for (int i = 0; i < layers * classes; i++) {
			final float[] plane;
			if (planar != null) plane = ((FloatArray) planar.getPlane(i)).getCurrentStorageArray();
			else { // another layout: the one copy into ImageJ's planes
				plane = new float[w * h];
				for (int j = 0; j < plane.length; j++)
					plane[j] = c.next().get();
			}
			stack.addSlice(labels.get(i), new FloatProcessor(w, h, plane));
		}
		ImagePlus imp = new ImagePlus(title, stack);
		if (layers > 1 || classes > 1) {
			// layers as channels: each has its own display range (a shallow layer's map may span
			// 0.118-0.120 beside 0-1 at the output), the data keep their raw values
			imp.setDimensions(layers, 1, classes);
			imp.setOpenAsHyperStack(true);
			if (layers > 1) {
				imp = new CompositeImage(imp, IJ.GRAYSCALE);
				final CompositeImage ci = (CompositeImage) imp;
				final java.awt.image.IndexColorModel fire = LutLoader.getLut("fire");
				for (int l = 0; l < layers; l++) {
					double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
					for (int k = 0; k < classes; k++) {
						final float[] p = (float[]) stack.getPixels(k * layers + l + 1);
						for (final float v : p) {
							min = Math.min(min, v);
							max = Math.max(max, v);
						}
					}
					final LUT lut = fire != null ? new LUT(fire, min, max) : LUT.createLutFromColor(
						java.awt.Color.WHITE);
					lut.min = min;
					lut.max = max > min ? max : min + 1e-6;
					ci.setChannelLut(lut, l + 1);
				}
				// colour mode: the current layer in its fire LUT (grayscale would show every LUT grey)
				ci.setMode(IJ.COLOR);
				ci.setC(1);
			}
		}
		if (info != null) imp.setProperty("Info", info);
		return imp;
	}

	/**
	 * An engine output that is RGB frames {@code [x, y, frame]}, as such.
	 *
	 * @throws IllegalArgumentException if it is something else (a bug)
	 */
	public static RandomAccessibleInterval<ARGBType> argb(final Object frames) {
		if (!(frames instanceof RandomAccessibleInterval) || !(Views.iterable(
			(RandomAccessibleInterval<?>) frames).firstElement() instanceof ARGBType))
			throw new IllegalArgumentException("Expected RGB frames, got " + frames);
		@SuppressWarnings("unchecked")
		final RandomAccessibleInterval<ARGBType> f = (RandomAccessibleInterval<ARGBType>) frames;
		return f;
	}

	/** RGB frames {@code [x, y, frame]} as an ImageJ RGB stack. */
	public static ImagePlus rgbStack(final RandomAccessibleInterval<ARGBType> frames,
		final String title)
	{
		final int w = (int) frames.dimension(0), h = (int) frames.dimension(1);
		final ImageStack stack = new ImageStack(w, h);
		final Cursor<ARGBType> c = Views.flatIterable(frames).cursor();
		for (int f = 0; f < frames.dimension(2); f++) {
			final int[] plane = new int[w * h];
			for (int j = 0; j < plane.length; j++)
				plane[j] = c.next().get();
			stack.addSlice(new ColorProcessor(w, h, plane));
		}
		return new ImagePlus(title, stack);
	}

	/** The frames of an RGB ImageJ stack as {@code [x, y, frame]}. */
	public static Img<ARGBType> toArgb(final ImagePlus rgb) {
		final int w = rgb.getWidth(), h = rgb.getHeight(), n = rgb.getStackSize();
		final int[] data = new int[w * h * n];
		for (int i = 0; i < n; i++)
			System.arraycopy((int[]) rgb.getStack().getProcessor(i + 1).convertToRGB().getPixels(), 0,
				data, i * w * h, w * h);
		return ArrayImgs.argbs(data, w, h, n);
	}
}
