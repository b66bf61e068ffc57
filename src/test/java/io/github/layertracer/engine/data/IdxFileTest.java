/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.api.LayerTracerException;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

public class IdxFileTest {

	private static byte[] idx(final int magic, final int[] dims, final byte[] data)
		throws IOException
	{
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeInt(magic);
			for (final int d : dims)
				out.writeInt(d);
			out.write(data);
		}
		return bytes.toByteArray();
	}

	private static Path file(final String name, final byte[] content, final boolean gzip)
		throws IOException
	{
		final Path p = TestModels.newFolder("idx").resolve(name);
		try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files
			.newOutputStream(p))
		{
			o.write(content);
		}
		return p;
	}

	@Test
	public void readsImagesRecordByRecordPlainAndGzip() throws IOException {
		final byte[] data = new byte[3 * 2 * 2];
		for (int i = 0; i < data.length; i++)
			data[i] = (byte) (i * 20);
		for (final boolean gz : new boolean[] { false, true }) {
			try (IdxFile f = IdxFile.open(file("images", idx(0x803, new int[] { 3, 2, 2 }, data),
				gz)))
			{
				assertEquals(3, f.count());
				assertArrayEquals(new int[] { 2, 2 }, f.recordDims());
				final byte[] rec = new byte[4];
				assertTrue(f.next(rec, 0));
				assertTrue(f.next(rec, 0));
				assertArrayEquals(Arrays.copyOfRange(data, 4, 8), rec);
				assertTrue(f.next(rec, 0));
				assertFalse(f.next(rec, 0));
			}
		}
	}

	@Test
	public void readsLabels() throws IOException {
		try (IdxFile f = IdxFile.open(file("labels.gz", idx(0x801, new int[] { 4 }, new byte[] { 3,
			0, 9, (byte) 200 }), true)))
		{
			assertArrayEquals(new int[] { 3, 0, 9, 200 }, f.readLabels());
		}
	}

	@Test
	public void truncatedAndForeignFilesAreRefusedByName() throws IOException {
		// a plain file shorter than its header says: refused when opened, before any record
		final Path cut = file("cut", idx(0x803, new int[] { 3, 2, 2 }, new byte[6]), false);
		final LayerTracerException early = assertThrows(LayerTracerException.class, () -> IdxFile
			.open(cut));
		assertTrue(early.getMessage().contains(cut.toString()) && early.getMessage().contains(
			"truncated") && early.getMessage().contains("12 bytes"), early.getMessage());
		// compressed, its length is known only when read: refused at the record that ends early
		final Path truncated = file("cut.gz", idx(0x803, new int[] { 3, 2, 2 }, new byte[6]), true);
		try (IdxFile f = IdxFile.open(truncated)) {
			final byte[] rec = new byte[4];
			f.next(rec, 0);
			final LayerTracerException e = assertThrows(LayerTracerException.class, () -> f.next(rec,
				0));
			assertTrue(e.getMessage().contains(truncated.toString()) && e.getMessage().contains(
				"truncated"), e.getMessage());
		}
		final Path png = file("image.png", new byte[] { (byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0 },
			false);
		final LayerTracerException e = assertThrows(LayerTracerException.class, () -> IdxFile.open(
			png));
		assertTrue(e.getMessage().contains("not an unsigned-byte IDX file"), e.getMessage());
		final Path headerCut = file("short", new byte[] { 0, 0, 8, 3, 0, 0 }, false);
		assertThrows(LayerTracerException.class, () -> IdxFile.open(headerCut));
	}

	@Test
	public void headerLimitsAndPosition() throws Exception {
		// rank 4 is the largest accepted, rank 5 and other element types are refused
		final Path four = file("four.idx", idx(0x804, new int[] { 2, 1, 2, 3 }, new byte[12]), false);
		try (IdxFile f = IdxFile.open(four)) {
			assertEquals(2, f.count());
			assertArrayEquals(new int[] { 1, 2, 3 }, f.recordDims());
			assertEquals(6, f.recordSize());
			assertEquals(four, f.path());
			final byte[] r = new byte[6];
			assertEquals(0, f.position());
			assertTrue(f.next(r, 0));
			assertEquals(1, f.position());
		}
		assertTrue(assertThrows(io.github.layertracer.api.LayerTracerException.class, () -> IdxFile.open(
			file("five.idx", idx(0x805, new int[] { 1, 1, 1, 1, 1 }, new byte[1]), false)))
			.getMessage().contains("0x805"));
		assertTrue(assertThrows(io.github.layertracer.api.LayerTracerException.class, () -> IdxFile.open(
			file("float.idx", idx(0xd01, new int[] { 1 }, new byte[4]), false))).getMessage()
			.contains("not an unsigned-byte IDX file"));
		// an empty set (0 images) is a valid file
		try (IdxFile f = IdxFile.open(file("empty.idx", idx(0x803, new int[] { 0, 2, 2 },
			new byte[0]), false)))
		{
			assertEquals(0, f.count());
			assertFalse(f.next(new byte[4], 0));
		}
		// labels: one per record, in order
		try (IdxFile f = IdxFile.open(file("labels.idx", idx(0x801, new int[] { 3 }, new byte[] { 7,
			0, 9 }), true)))
		{
			assertArrayEquals(new int[] { 7, 0, 9 }, f.readLabels());
		}
	}
}
