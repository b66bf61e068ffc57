/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.builtin.CnnBuilder.ExportStyle;
import io.github.layertracer.engine.model.ImageInput;
import io.github.layertracer.engine.model.LayerModel;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

public class InputConverterTest {

	private static LayerModel grey, rgb, keras;

	@BeforeAll
	public static void open() {
		grey = LayerModel.open(TestModels.reversedNames(ExportStyle.GRAPH)); // 16 x 16 x 1
		rgb = LayerModel.open(TestModels.vgg6(ExportStyle.GRAPH)); // 32 x 32 x 3
		keras = LayerModel.open(TestModels.kerasMnistMlp()); // 28 x 28, no channel axis
	}

	@AfterAll
	public static void close() {
		grey.close();
		rgb.close();
		keras.close();
	}

	private static InputConverter converter(final LayerModel m) {
		return new InputConverter(m.description().input(), InputContract.defaults());
	}

	@Test
	public void tensorIsRowMajorYXC() {
		final ColorProcessor cp = new ColorProcessor(32, 32);
		cp.set(3, 1, (255 << 16) | (51 << 8) | 102); // x = 3, y = 1
		final float[] t = converter(rgb).convert(new ImagePlus("rgb", cp));
		final int at = (1 * 32 + 3) * 3;
		assertEquals(1f, t[at], 1e-6f);
		assertEquals(0.2f, t[at + 1], 1e-6f);
		assertEquals(0.4f, t[at + 2], 1e-6f);
		assertEquals(0f, t[(3 * 32 + 1) * 3], 0f); // not transposed
	}

	@Test
	public void imglib2AndImageJGiveTheSameTensor() {
		final byte[] pixels = new byte[16 * 16];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = (byte) (i * 7);
		final ArrayImg<UnsignedByteType, ByteArray> img = ArrayImgs.unsignedBytes(pixels, 16, 16);
		final float[] fromImgLib2 = converter(grey).convert(img, "img");
		final float[] fromImageJ = converter(grey).convert(new ImagePlus("imp", new ByteProcessor(16,
			16, pixels.clone())));
		assertArrayEquals(fromImageJ, fromImgLib2, 0f);
		assertEquals((5 * 7 & 0xff) / 255f, fromImgLib2[5], 1e-6f);
	}

	@Test
	public void imglib2BatchRunsThroughTheModel() {
		final byte[] pixels = new byte[16 * 16 * 3];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = (byte) (i * 13);
		final ArrayImg<UnsignedByteType, ByteArray> batch = ArrayImgs.unsignedBytes(pixels, 16, 16,
			3);
		final float[] t = converter(grey).convertBatch(batch, "batch");
		assertEquals(3 * 16 * 16, t.length);
		// image 2, pixel (x = 5, y = 1)
		assertEquals(((2 * 256 + 16 + 5) * 13 & 0xff) / 255f, t[2 * 256 + 16 + 5], 1e-6f);
		final float[] p = grey.probabilities(t, 3);
		assertEquals(9, p.length);
		assertArrayEquals(grey.probabilities(java.util.Arrays.copyOfRange(t, 256, 512), 1), java.util.Arrays
			.copyOfRange(p, 3, 6), 1e-5f);
	}

	@Test
	public void greyIsReplicatedToThreeChannels() {
		final ByteProcessor bp = new ByteProcessor(32, 32);
		bp.set(4, 2, 200);
		final float[] t = converter(rgb).convert(new ImagePlus("grey", bp));
		final int at = (2 * 32 + 4) * 3;
		for (int c = 0; c < 3; c++)
			assertEquals(200 / 255f, t[at + c], 1e-6f);
	}

	@Test
	public void rgbBecomesLuminanceForGreyModels() {
		final ColorProcessor cp = new ColorProcessor(16, 16);
		cp.setColor(new java.awt.Color(100, 150, 200));
		cp.fill();
		final float[] t = converter(grey).convert(new ImagePlus("rgb", cp));
		assertEquals((0.299 * 100 + 0.587 * 150 + 0.114 * 200) / 255, t[0], 1e-5);
		assertEquals(16 * 16, t.length);
	}

	@Test
	public void sixteenBitScaledByTypeRangeAndResizedBilinearly() {
		final ShortProcessor sp = new ShortProcessor(56, 56);
		sp.setValue(65535);
		sp.fill();
		final float[] t = converter(keras).convert(new ImagePlus("16-bit", sp));
		assertEquals(28 * 28, t.length);
		for (final float v : t)
			assertEquals(1f, v, 1e-6f);
		// a horizontal ramp stays a ramp: bilinear, pixel centres aligned
		final float[] ramp = new float[8];
		for (int i = 0; i < 8; i++)
			ramp[i] = i;
		final float[] half = InputConverter.resize(ramp, 8, 1, 4, 1);
		assertArrayEquals(new float[] { 0.5f, 2.5f, 4.5f, 6.5f }, half, 1e-6f);
	}

	@Test
	public void meanStdNormalisationPerChannel() {
		final ColorProcessor cp = new ColorProcessor(32, 32);
		cp.setColor(new java.awt.Color(255, 0, 51));
		cp.fill();
		final InputConverter c = new InputConverter(rgb.description().input(), InputContract.parse(
			"0.5,0.5,0.2", "0.5,0.25,0.1"));
		final float[] t = c.convert(new ImagePlus("rgb", cp));
		assertEquals(1f, t[0], 1e-5f);
		assertEquals(-2f, t[1], 1e-5f);
		assertEquals(0f, t[2], 1e-5f);
		assertEquals("range=0..1;channels=rgb;mean=0.5,0.5,0.2;std=0.5,0.25,0.1", InputContract.parse(
			"0.5,0.5,0.2", "0.5,0.25,0.1").toString());
		assertEquals(InputContract.parse("0.5,0.5,0.2", "0.5,0.25,0.1"), InputContract.fromString(
			"range01;mean=0.5,0.5,0.2;std=0.5,0.25,0.1"));
	}

	@Test
	public void multiChannelStackUsesItsChannels() {
		final ImageStack stack = new ImageStack(32, 32);
		for (int c = 0; c < 3; c++) {
			final ByteProcessor bp = new ByteProcessor(32, 32);
			bp.set(0, 0, 50 * (c + 1));
			stack.addSlice(bp);
		}
		final ImagePlus imp = new ImagePlus("stack", stack);
		imp.setDimensions(3, 1, 1);
		final float[] t = converter(rgb).convert(imp);
		assertArrayEquals(new float[] { 50 / 255f, 100 / 255f, 150 / 255f }, new float[] { t[0],
			t[1], t[2] }, 1e-6f);
	}

	@Test
	public void unmappableChannelCountIsRefused() {
		final ImageStack stack = new ImageStack(16, 16);
		stack.addSlice(new ByteProcessor(16, 16));
		stack.addSlice(new ByteProcessor(16, 16));
		final ImagePlus imp = new ImagePlus("two-channel.tif", stack);
		imp.setDimensions(2, 1, 1);
		final LayerTracerException e = assertThrows(LayerTracerException.class, () -> converter(rgb)
			.convert(imp));
		assertTrue(e.getMessage().contains("'two-channel.tif' has 2 channels"), e.getMessage());
		assertTrue(e.getMessage().contains("expects 3"), e.getMessage());
		final ImageInput in = grey.description().input();
		assertThrows(LayerTracerException.class, () -> new InputConverter(in, InputContract.parse(
			"0.1,0.2", "1,1")));
	}
}
