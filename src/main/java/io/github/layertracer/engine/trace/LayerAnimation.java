/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Limits;
import io.github.layertracer.engine.image.InputConverter;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.GifWriter;
import ij.plugin.LutLoader;
import ij.process.ColorProcessor;
import ij.process.StackConverter;

import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The picture the original LayerTracer produced: the image under a semi-transparent heat
 * overlay that moves through the layers, with interpolated frames in between, as an animated
 * GIF. Each layer's map is stretched to its own range so that shallow layers, whose
 * probabilities vary little, stay visible.
 */
public final class LayerAnimation {

	private LayerAnimation() {}

	/**
	 * The frames as an RGB stack, {@code scale} times the image size.
	 *
	 * @param image the traced image as planes (its first channel, or luminance, is the backdrop)
	 * @param between interpolated frames between two layers
	 * @param alpha opacity of the heat overlay, 0..1
	 */
	public static ImagePlus frames(final InputConverter.Planes image, final TraceResult r,
		final int targetPosition, final int between, final double alpha, final int scale)
	{
		final float[][] maps = new float[r.layers().size()][];
		final java.util.List<String> captions = new java.util.ArrayList<>();
		final java.util.List<String> labels = TraceWriter.sliceLabels(r);
		for (int l = 0; l < maps.length; l++) {
			maps[l] = r.map(l, targetPosition);
			captions.add(labels.get(targetPosition * maps.length + l));
		}
		return frames(image, captions, maps, r.width(), r.height(), between, alpha, scale);
	}

	/**
	 * The frames from layer maps (row-major, {@code width x height}) and their captions (the
	 * layer's name and unmasked probability, as the slice labels of a saliency TIFF written by a
	 * trace have them), each written on its frames and kept as the frame's label.
	 */
	public static ImagePlus frames(final InputConverter.Planes image,
		final java.util.List<String> names, final float[][] layerMaps, final int w, final int h,
		final int between, final double alpha, final int scale)
	{
		final int layers = layerMaps.length;
		if (image.width != w || image.height != h) throw new LayerTracerException("Image '" +
			image.name + "' is " + image.width + " x " + image.height + " but the saliency is " + w +
			" x " + h);
		checkSize(layers, w, h, between, scale);
		final float[] grey = backdrop(image);
		final float[][] maps = new float[layers][];
		for (int l = 0; l < layers; l++)
			maps[l] = stretch(layerMaps[l]);
		final IndexColorModel fire = LutLoader.getLut("fire");
		final ImageStack stack = new ImageStack(w * scale, h * scale);
		for (int l = 0; l < layers; l++) {
			final int steps = l == layers - 1 ? 1 : between + 1;
			for (int s = 0; s < steps; s++) {
				final double a = s / (double) steps;
				final int[] rgb = new int[w * h];
				for (int u = 0; u < w * h; u++) {
					final double v = l == layers - 1 ? maps[l][u] : (1 - a) * maps[l][u] + a * maps[l +
						1][u];
					final int idx = (int) Math.round(255 * Math.max(0, Math.min(1, v)));
					final double g = 255 * grey[u];
					final int red = blend(g, fire.getRed(idx), alpha);
					final int green = blend(g, fire.getGreen(idx), alpha);
					final int blue = blend(g, fire.getBlue(idx), alpha);
					rgb[u] = (red << 16) | (green << 8) | blue;
				}
				final ColorProcessor small = new ColorProcessor(w, h, rgb);
				final ColorProcessor cp = scale == 1 ? small : (ColorProcessor) small.resize(w * scale,
					h * scale, true);
				final String caption = names.get(s == 0 || a < 0.5 ? l : l + 1);
				caption(cp, caption);
				stack.addSlice(caption, cp);
			}
		}
		final ImagePlus imp = new ImagePlus("layers", stack);
		imp.getCalibration().fps = 8;
		return imp;
	}

	/** The widest and highest frame a GIF holds (its sizes are 16-bit numbers). */
	static final int MAX_GIF_SIDE = 65535;

	/**
	 * Bytes each frame pixel takes, all copies together: the RGB frame (4), its copy for the
	 * conversion to indexed colour (4), the indexed frame (1), and the frames handed back to the
	 * caller (4) and shown by the command (4).
	 */
	static final int BYTES_PER_FRAME_PIXEL = 17;

	/**
	 * Refuses, before any frame is made, settings outside their limits and frames that would not
	 * fit a GIF or the Java memory that is free.
	 */
	static void checkSize(final int layers, final int w, final int h, final int between,
		final int scale)
	{
		if (between < 0 || between > Limits.MAX_FRAMES_BETWEEN) throw new LayerTracerException(
			"Frames between layers must be from 0 to " + Limits.MAX_FRAMES_BETWEEN + ", got " +
				between + " (the GIF plays 8 frames per second: " + Limits.MAX_FRAMES_BETWEEN +
				" are " + Limits.MAX_FRAMES_BETWEEN / 8.0 + " s per layer)");
		if (scale < 1 || scale > Limits.MAX_SCALE) throw new LayerTracerException("Scale must be " +
			"from 1 to " + Limits.MAX_SCALE + ", got " + scale);
		if ((long) w * scale > MAX_GIF_SIDE || (long) h * scale > MAX_GIF_SIDE)
			throw new LayerTracerException("Frames of " + (long) w * scale + " x " + (long) h *
				scale + " pixels (" + w + " x " + h + " at scale " + scale + ") do not fit a GIF, " +
				"whose frames are at most " + MAX_GIF_SIDE + " pixels wide and high; use a smaller " +
				"scale");
		final long frames = layers <= 1 ? layers : (long) (layers - 1) * (between + 1) + 1;
		final long bytes = frames * w * h * scale * scale * BYTES_PER_FRAME_PIXEL;
		final Runtime rt = Runtime.getRuntime();
		final long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		if (bytes > free) throw new LayerTracerException(String.format(Locale.ROOT,
			"The animation would have %d frames of %d x %d pixels: making it needs about %d MB of " +
				"Java memory, and %d MB are free; use fewer frames between layers, a smaller scale, " +
				"or give Java more memory (-Xmx, or Fiji's Edit > Options > Memory)", frames, w *
					scale, h * scale, bytes >> 20, free >> 20));
	}

	/** Writes the frames as an animated GIF, via a temporary file. */
	public static void writeGif(final ImagePlus frames, final Path file) {
		final ImagePlus indexed = frames.duplicate();
		new StackConverter(indexed).convertToIndexedColor(256);
		io.github.layertracer.api.AtomicFiles.writeFile(file, tmp -> {
			final String error = GifWriter.save(indexed, tmp.toString());
			if (error != null && !error.isEmpty()) throw new LayerTracerException("Cannot write " +
				file + ": " + error);
			// ImageJ's GIF writer does not report a full disk: read the file back before it
			// replaces anything
			final int written = gifFrames(tmp);
			if (written != frames.getStackSize()) throw new LayerTracerException("Cannot write " +
				file + ": the GIF written holds " + Math.max(0, written) + " of " + frames
					.getStackSize() + " frames (disk full?); the previous file, if any, is unchanged");
		});
	}

	/**
	 * The caption at the top left, white on a black band, in a font that fits the frame's width
	 * where it can (9 to 24 points).
	 */
	static void caption(final ColorProcessor cp, final String text) {
		int size = Math.max(9, Math.min(24, cp.getHeight() / 12));
		cp.setAntialiasedText(true);
		for (; size > 9; size--) {
			cp.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, size));
			if (cp.getStringWidth(text) + 6 <= cp.getWidth()) break;
		}
		cp.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, size));
		cp.setColor(java.awt.Color.BLACK);
		cp.fillRect(0, 0, Math.min(cp.getWidth(), cp.getStringWidth(text) + 6), size + 6);
		cp.setColor(java.awt.Color.WHITE);
		cp.drawString(text, 3, size + 3);
	}

	/** Frames of a GIF file as Java's own reader counts them; -1 if it cannot read it. */
	static int gifFrames(final Path gif) {
		try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO
			.createImageInputStream(gif.toFile()))
		{
			final java.util.Iterator<javax.imageio.ImageReader> readers = javax.imageio.ImageIO
				.getImageReadersByFormatName("gif");
			if (in == null || !readers.hasNext()) return -1;
			final javax.imageio.ImageReader r = readers.next();
			try {
				r.setInput(in);
				return r.getNumImages(true);
			}
			finally {
				r.dispose();
			}
		}
		catch (final java.io.IOException | RuntimeException e) {
			return -1;
		}
	}

	/**
	 * Every layer's map blended over the traced image, one RGB slice per layer (then per target,
	 * for all-class traces), at the image's own size: the image (its colours stretched to their
	 * range, or its grey) and the layer's map in the fire LUT stretched to its own range, mixed
	 * as {@code (1 - alpha) * image + alpha * heat} per channel. Slice labels name the layer,
	 * class and unmasked probability; nothing is drawn into the pixels.
	 */
	public static ImagePlus overlay(final InputConverter.Planes image, final TraceResult r,
		final double alpha)
	{
		final int w = r.width(), h = r.height(), layers = r.layers().size();
		if (image.width != w || image.height != h) throw new LayerTracerException("Image '" +
			image.name + "' is " + image.width + " x " + image.height + " but the saliency is " + w +
			" x " + h);
		final float[][] back = backdropColours(image);
		final IndexColorModel fire = LutLoader.getLut("fire");
		final java.util.List<String> labels = TraceWriter.sliceLabels(r);
		final ImageStack stack = new ImageStack(w, h);
		for (int t = 0; t < r.targets().length; t++)
			for (int l = 0; l < layers; l++) {
				final float[] heat = stretch(r.map(l, t));
				final int[] rgb = new int[w * h];
				for (int u = 0; u < w * h; u++) {
					final int idx = (int) Math.round(255 * heat[u]);
					rgb[u] = blend(255 * back[0][u], fire.getRed(idx), alpha) << 16 | blend(255 *
						back[1][u], fire.getGreen(idx), alpha) << 8 | blend(255 * back[2][u], fire.getBlue(
							idx), alpha);
				}
				stack.addSlice(labels.get(t * layers + l), new ColorProcessor(w, h, rgb));
			}
		return new ImagePlus("overlay", stack);
	}

	/** The image's red, green and blue, 0..1, stretched together (grey: one plane thrice). */
	private static float[][] backdropColours(final InputConverter.Planes image) {
		if (image.channels() != 3) {
			final float[] g = backdrop(image);
			return new float[][] { g, g, g };
		}
		final float[][] c = { image.plane(0), image.plane(1), image.plane(2) };
		float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
		for (final float[] p : c)
			for (final float v : p) {
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
		if (max > min) for (final float[] p : c)
			for (int i = 0; i < p.length; i++)
				p[i] = (p[i] - min) / (max - min);
		return c;
	}

	private static int blend(final double grey, final int heat, final double alpha) {
		return (int) Math.round((1 - alpha) * grey + alpha * heat);
	}

	private static float[] backdrop(final InputConverter.Planes image) {
		return stretch(image.luminance());
	}

	/** Linear stretch to 0..1 (a flat map becomes 0). */
	static float[] stretch(final float[] m) {
		float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
		for (final float v : m) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		final float[] out = new float[m.length];
		if (max > min) for (int i = 0; i < m.length; i++)
			out[i] = (m[i] - min) / (max - min);
		return out;
	}
}
