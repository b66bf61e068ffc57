/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.data;

import io.github.layertracer.api.LayerTracerException;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.TiffDecoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks on an image file before and after it is read: a TIFF cut short (ImageJ would read the
 * missing part as zeros without a word), an image too large for the Java heap (refused with the
 * memory it would need instead of an OutOfMemoryError), non-finite pixel values.
 */
final class ImageChecks {

	/** Bytes per pixel a trace keeps of an image, all copies together (a generous estimate). */
	static final long BYTES_PER_PIXEL_VALUE = 4 * 6;

	private ImageChecks() {}

	/**
	 * Refuses a JPEG ImageJ cannot read for its colour space: CMYK or YCCK (four colour
	 * components, as print workflows save them). Other files pass; the readers say what is wrong
	 * with them.
	 */
	static void checkColourSpace(final Path file) {
		final int components;
		try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
			Files.newInputStream(file))))
		{
			components = jpegComponents(in);
		}
		catch (final IOException e) {
			return; // the reader proper will say what is wrong
		}
		if (components == 4) throw new LayerTracerException("Image " + file + " is a CMYK JPEG " +
			"(four colour components, as saved for print): its colour space is not supported, " +
			"ImageJ reads grey and RGB JPEGs only; save it as an RGB JPEG, PNG or TIFF (in an " +
			"image editor, or: convert in.jpg -colorspace sRGB out.png)");
		if (components > 4 || components == 2) throw new LayerTracerException("Image " + file +
			" is a JPEG with " + components + " colour components: its colour space is not " +
			"supported, ImageJ reads grey and RGB JPEGs only; save it as an RGB JPEG, PNG or TIFF");
	}

	/**
	 * The number of colour components of a JPEG (from its frame header), 0 if the stream is not
	 * a JPEG or has no frame header before its image data.
	 */
	static int jpegComponents(final java.io.DataInputStream in) throws IOException {
		if (in.readUnsignedShort() != 0xFFD8) return 0; // no start of image: not a JPEG
		while (true) {
			int marker = in.readUnsignedByte();
			if (marker != 0xFF) return 0;
			while (marker == 0xFF)
				marker = in.readUnsignedByte(); // fill bytes
			if (marker == 0xD9 || marker == 0xDA) return 0; // end of image, start of scan
			if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) continue; // no length
			final int length = in.readUnsignedShort();
			if (length < 2) return 0;
			// start of frame: C0-CF except C4 (Huffman tables), C8 (reserved), CC (arithmetic)
			if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
				marker != 0xCC)
			{
				in.readUnsignedByte(); // precision
				in.readUnsignedShort(); // height
				in.readUnsignedShort(); // width
				return in.readUnsignedByte();
			}
			in.readFully(new byte[length - 2]); // another segment
		}
	}

	/** Refuses a TIFF shorter than its own directory says, and an image too large for memory. */
	static void checkSizeAndCompleteness(final Path file) {
		final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		long pixels = -1;
		try {
			if (name.endsWith(".tif") || name.endsWith(".tiff")) {
				final FileInfo[] info = new TiffDecoder(file.getParent() == null ? "" : file
					.getParent().toString() + java.io.File.separator, file.getFileName().toString())
						.getTiffInfo();
				if (info != null && info.length > 0) {
					final long length = Files.size(file);
					long needed = 0;
					pixels = 0;
					for (final FileInfo fi : info) {
						final long planes = Math.max(1, fi.nImages);
						pixels += (long) fi.width * fi.height * planes * Math.max(1, fi.samplesPerPixel);
						if (fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length > 0)
							for (int s = 0; s < fi.stripOffsets.length && s < fi.stripLengths.length; s++)
								needed = Math.max(needed, (fi.stripOffsets[s] & 0xffffffffL) + fi.stripLengths[s]);
						else needed = Math.max(needed, fi.getOffset() + (long) fi.width * fi.height *
							fi.getBytesPerPixel() * planes);
						if (fi.compression == FileInfo.COMPRESSION_NONE || fi.compression == 0) needed =
							Math.max(needed, fi.getOffset() + (long) fi.width * fi.height * fi
								.getBytesPerPixel() * planes);
					}
					if (needed > length) throw new LayerTracerException("TIFF " + file +
						" is cut short: its pixels need " + needed + " bytes, the file has " + length +
						" (an interrupted copy or download?)");
				}
			}
			else {
				try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
					if (in != null) {
						final Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
						if (readers.hasNext()) {
							final ImageReader r = readers.next();
							try {
								r.setInput(in);
								pixels = (long) r.getWidth(0) * r.getHeight(0) * 3;
							}
							finally {
								r.dispose();
							}
						}
					}
				}
			}
		}
		catch (final IOException | RuntimeException e) {
			if (e instanceof LayerTracerException) throw (LayerTracerException) e;
			return; // the reader proper will say what is wrong
		}
		if (pixels > 0) {
			final Runtime rt = Runtime.getRuntime();
			final long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
			final long needed = pixels * BYTES_PER_PIXEL_VALUE;
			if (needed > free) throw new LayerTracerException(String.format(Locale.ROOT,
				"Image %s has %d pixel values: reading and tracing it needs about %d MB of Java " +
					"memory, and %d MB are free; give Java more memory (-Xmx, or Fiji's Edit › " +
					"Options › Memory) or scale the image down", file, pixels, needed >> 20, free >> 20));
		}
	}

	/** Refuses NaN and infinite pixels of a float image. */
	static void checkFinite(final ImagePlus imp, final Path file) {
		if (imp.getBitDepth() != 32) return;
		for (int s = 1; s <= imp.getStackSize(); s++) {
			final float[] p = (float[]) imp.getStack().getPixels(s);
			for (int i = 0; i < p.length; i++)
				if (!Float.isFinite(p[i])) throw new LayerTracerException("Image " + file +
					" has a non-finite pixel value (" + p[i] + ") at x=" + i % imp.getWidth() + ", y=" +
					i / imp.getWidth() + (imp.getStackSize() > 1 ? ", plane " + s : "") +
					"; LayerTracer needs finite pixel values");
		}
	}
}
