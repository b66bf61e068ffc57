package io.github.layertracer.api;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.LutLoader;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Conversions between ImageJ 1.x images and the ImgLib2 images that cross the {@link Engine}
 * bridge. Both sides use them; they need nothing but ImageJ, ImgLib2 and the JDK.
 */
public final class Images {

	private Images() {}

	/**
	 * The current z/t position of an ImageJ image as {@code [x, y, c]} floats scaled to 0..1: RGB
	 * gives three channels, 8- and 16-bit images are divided by 255 and 65535, 32-bit are kept.
	 */
	public static Img<FloatType> toImg(final ImagePlus imp) {
		final int w = imp.getWidth(), h = imp.getHeight();
		if (imp.getType() == ImagePlus.COLOR_RGB) {
			final int[] rgb = (int[]) ((ColorProcessor) imp.getProcessor()).getPixels();
			final float[] p = new float[3 * w * h];
			for (int i = 0; i < rgb.length; i++) {
				p[i] = ((rgb[i] >> 16) & 0xff) / 255f;
				p[w * h + i] = ((rgb[i] >> 8) & 0xff) / 255f;
				p[2 * w * h + i] = (rgb[i] & 0xff) / 255f;
			}
			return ArrayImgs.floats(p, w, h, 3);
		}
		final float range = imp.getBitDepth() == 8 ? 255f : imp.getBitDepth() == 16 ? 65535f : 1f;
		final int channels = imp.getNChannels();
		final float[] p = new float[channels * w * h];
		for (int c = 0; c < channels; c++) {
			final ImageProcessor ip = imp.getStack().getProcessor(imp.getStackIndex(c + 1, imp.getZ(),
				imp.getT()));
			for (int i = 0; i < w * h; i++)
				p[c * w * h + i] = ip.getf(i) / range;
		}
		return ArrayImgs.floats(p, w, h, channels);
	}

	/**
	 * A saliency image {@code [x, y, layer]} or {@code [x, y, layer, class]} as an ImageJ stack,
	 * one slice per layer (a hyperstack with a frame per class for four dimensions).
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
		final Cursor<FloatType> c = Views.flatIterable(saliency).cursor();
		for (int i = 0; i < layers * classes; i++) {
			final float[] plane = new float[w * h];
			for (int j = 0; j < plane.length; j++)
				plane[j] = c.next().get();
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
				ci.setMode(IJ.GRAYSCALE);
				ci.setC(1);
			}
		}
		if (info != null) imp.setProperty("Info", info);
		return imp;
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
