package io.github.layertracer.engine.image;

import io.github.layertracer.api.Images;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.model.ImageInput;

import ij.ImagePlus;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.GenericByteType;
import net.imglib2.type.numeric.integer.GenericShortType;
import net.imglib2.view.Views;

/**
 * Turns an image into the model's input layout: resized to the model's height x width
 * (bilinear, pixel centres aligned), channels mapped (grey replicated to 3, RGB reduced to
 * luminance when the model wants 1), scaled to 0..1 by the image type's range, optionally
 * normalised per channel, and written in TensorFlow's row-major {@code [y, x, c]} order.
 * <p>
 * ImgLib2 images are indexed {@code [x, y, c]}; TensorFlow tensors {@code [y, x, c]}. This class
 * is the one place that crosses between the two.
 * </p>
 */
public final class InputConverter {

	private static final double[] LUMA = { 0.299, 0.587, 0.114 };

	private final ImageInput input;
	private final Preprocessing preprocessing;

	public InputConverter(final ImageInput input, final Preprocessing preprocessing) {
		this.input = input;
		this.preprocessing = preprocessing;
		preprocessing.check(input.channels());
	}

	public ImageInput input() {
		return input;
	}

	/** Values per converted image: {@code height * width * channels}. */
	public int size() {
		return input.pixelValues();
	}

	/**
	 * Source pixels as planes: {@code planes[c][y * width + x]}, each scaled to 0..1.
	 */
	public static final class Planes {

		public final float[][] planes;
		public final int width, height;
		public final String name;

		public Planes(final String name, final float[][] planes, final int width,
			final int height)
		{
			this.name = name;
			this.planes = planes;
			this.width = width;
			this.height = height;
		}

		public int channels() {
			return planes.length;
		}
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

	/** Converts source planes into {@code dst[offset …]} (one image of a batch). */
	public void convert(final Planes src, final float[] dst, final int offset) {
		final int c = input.channels(), h = input.height(), w = input.width();
		final float[][] mapped = mapChannels(src, c);
		for (int ch = 0; ch < c; ch++) {
			final float[] plane = src.width == w && src.height == h ? mapped[ch] : resize(mapped[ch],
				src.width, src.height, w, h);
			for (int i = 0; i < w * h; i++)
				dst[offset + i * c + ch] = preprocessing.apply(plane[i], ch);
		}
	}

	private float[][] mapChannels(final Planes src, final int c) {
		if (src.channels() == c) return src.planes;
		if (src.channels() == 1) {
			final float[][] out = new float[c][];
			for (int i = 0; i < c; i++)
				out[i] = src.planes[0];
			return out;
		}
		if (src.channels() == 3 && c == 1) {
			final float[] grey = new float[src.width * src.height];
			for (int i = 0; i < grey.length; i++)
				grey[i] = (float) (LUMA[0] * src.planes[0][i] + LUMA[1] * src.planes[1][i] + LUMA[2] *
					src.planes[2][i]);
			return new float[][] { grey };
		}
		throw new LayerTracerException("Image '" + src.name + "' has " + src.channels() +
			" channels; the model input '" + input.spec().name() + "' expects " + c +
			" (grey images are replicated to 3 channels and RGB is reduced to 1; other counts " +
			"cannot be mapped)");
	}

	/** Bilinear resize with pixel centres aligned (no corner alignment). */
	public static float[] resize(final float[] src, final int sw, final int sh, final int dw,
		final int dh)
	{
		final float[] dst = new float[dw * dh];
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
		return dst;
	}

	/** Planes of the current z/t position of an ImageJ image, scaled to 0..1. */
	public static Planes planes(final ImagePlus imp) {
		if (imp == null) throw new LayerTracerException("No image given");
		return planes(Images.toImg(imp), imp.getTitle());
	}

	/** Planes of an ImgLib2 image {@code [x, y]} or {@code [x, y, c]}, scaled to 0..1. */
	public static <T extends RealType<T>> Planes planes(final RandomAccessibleInterval<T> img,
		final String name)
	{
		final int n = img.numDimensions();
		if (n < 2 || n > 3) throw new LayerTracerException("Image '" + name + "' has " + n +
			" dimensions; expected [x, y] or [x, y, c]");
		final int w = (int) img.dimension(0), h = (int) img.dimension(1);
		final int channels = n == 3 ? (int) img.dimension(2) : 1;
		final T type = img.getType();
		final double range = type instanceof GenericByteType || type instanceof GenericShortType
			? type.getMaxValue() : 1;
		final float[][] p = new float[channels][w * h];
		final Cursor<T> cursor = Views.flatIterable(Views.zeroMin(img)).localizingCursor();
		while (cursor.hasNext()) {
			final T v = cursor.next();
			final int x = cursor.getIntPosition(0), y = cursor.getIntPosition(1);
			final int c = n == 3 ? cursor.getIntPosition(2) : 0;
			p[c][y * w + x] = (float) (v.getRealDouble() / range);
		}
		return new Planes(name, p, w, h);
	}
}
