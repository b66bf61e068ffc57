/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.api.LayerTracerException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

public class ShapesDataTest {

	@Test
	public void sameSeedSameImagesOtherSeedOtherImages() {
		assertArrayEquals(ShapesData.sample(5, 3).pixels, ShapesData.sample(5, 3).pixels);
		assertFalse(java.util.Arrays.equals(ShapesData.sample(5, 3).pixels, ShapesData.sample(6,
			3).pixels));
	}

	@Test
	public void boxesEncloseTheBrightShape() {
		for (int i = 0; i < 40; i++) {
			final ShapesData.Sample s = ShapesData.sample(9, i);
			assertEquals(i % 4, s.label);
			assertTrue(s.x1 - s.x0 >= 12 && s.y1 - s.y0 >= 12, "box of image " + i);
			double inside = 0, outside = 0;
			int nIn = 0, nOut = 0;
			for (int y = 0; y < 64; y++)
				for (int x = 0; x < 64; x++) {
					final int v = s.pixels[y * 64 + x] & 0xff;
					if (x >= s.x0 && x < s.x1 && y >= s.y0 && y < s.y1) {
						inside += v;
						nIn++;
					}
					else {
						outside += v;
						nOut++;
					}
				}
			assertTrue(inside / nIn > outside / nOut + 40, "shape of image " + i +
				" is brighter than the background");
		}
	}

	@Test
	public void writesClassFoldersAndBoxes() throws Exception {
		final Path out = TestModels.newFolder("shapes").resolve("set");
		ShapesData.write(out, 4, 10);
		for (final String c : ShapesData.CLASSES)
			assertTrue(Files.isDirectory(out.resolve(c)));
		final List<String> lines = Files.readAllLines(out.resolve("boxes.csv"));
		assertEquals("file,class,label,x0,y0,x1,y1", lines.get(0));
		assertEquals(11, lines.size());
		final ShapesData.Sample s = ShapesData.sample(4, 2);
		assertEquals("square/square_00002.png,square,2," + s.x0 + "," + s.y0 + "," + s.x1 + "," +
			s.y1, lines.get(3));
		assertTrue(Files.isRegularFile(out.resolve("square/square_00002.png")));
		// writing again replaces the earlier set
		ShapesData.write(out, 4, 4);
		assertEquals(5, Files.readAllLines(out.resolve("boxes.csv")).size());
	}

	@Test
	public void refusesToOverwriteSomethingElse() throws Exception {
		final Path out = TestModels.newFolder("shapes-other");
		Files.writeString(out.resolve("thesis.txt"), "precious");
		final LayerTracerException e = assertThrows(LayerTracerException.class, () -> ShapesData
			.write(out, 1, 4));
		assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
		assertEquals("precious", Files.readString(out.resolve("thesis.txt")));
		assertEquals(1, Files.list(out).count());
		// no temporary folder left behind
		assertFalse(Files.list(out.getParent()).anyMatch(p -> p.getFileName().toString()
			.startsWith(".")));
	}
}
