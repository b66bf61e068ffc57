/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.data;

import io.github.layertracer.api.InputFiles;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Messages;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Streaming reader of IDX files (the MNIST / Fashion-MNIST format), gzip-compressed or plain:
 * unsigned-byte tensors with a big-endian header. Records (one image or one label) are read one
 * at a time, so a file of any size is never loaded whole.
 */
public final class IdxFile implements Closeable {

	private final Path path;
	private final DataInputStream in;
	private final int[] dims;
	private final int recordSize;
	private int read;

	private IdxFile(final Path path, final DataInputStream in, final int[] dims) {
		this.path = path;
		this.in = in;
		this.dims = dims;
		int size = 1;
		for (int i = 1; i < dims.length; i++)
			size *= dims[i];
		this.recordSize = size;
	}

	/**
	 * Opens an IDX file and reads its header.
	 *
	 * @throws LayerTracerException if the file is missing or not an unsigned-byte IDX file
	 */
	public static IdxFile open(final Path path) {
		InputFiles.checkFile(path, "IDX file", "an IDX file (MNIST format, plain or .gz)");
		InputStream raw = null;
		try {
			raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
			raw.mark(2);
			final int b0 = raw.read(), b1 = raw.read();
			raw.reset();
			final boolean gzip = b0 == 0x1f && b1 == 0x8b;
			if (gzip) raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
			final DataInputStream in = new DataInputStream(raw);
			final int magic = in.readInt();
			final int type = (magic >> 8) & 0xff, rank = magic & 0xff;
			if ((magic >>> 16) != 0 || type != 0x08 || rank < 1 || rank > 4) throw new LayerTracerException(
				"File " + path + " is not an unsigned-byte IDX file (magic number 0x" + Integer
					.toHexString(magic) + ", expected 0x00000801 to 0x00000804)");
			final int[] dims = new int[rank];
			for (int i = 0; i < rank; i++) {
				dims[i] = in.readInt();
				if (dims[i] < 0) throw new LayerTracerException("IDX file " + path +
					" has a negative dimension " + dims[i]);
			}
			checkSizes(path, dims, gzip);
			return new IdxFile(path, in, dims);
		}
		catch (final EOFException e) {
			closeQuietly(raw);
			throw new LayerTracerException("IDX file " + path + " is truncated in its header", e);
		}
		catch (final java.util.zip.ZipException e) {
			closeQuietly(raw);
			throw new LayerTracerException("IDX file " + path + " starts as gzip-compressed data " +
				"but its compressed data is damaged; download or copy it again", e);
		}
		catch (final IOException e) {
			closeQuietly(raw);
			throw new LayerTracerException("Cannot read IDX file " + path + ": " + Messages.cause(
				e), e);
		}
		catch (final RuntimeException e) {
			closeQuietly(raw);
			throw e;
		}
	}

	/**
	 * The largest record (one image) read: 2^24 bytes, a 4096 x 4096 image, far above the
	 * 28 x 28 of MNIST; records are read whole into memory.
	 */
	public static final long MAX_RECORD_BYTES = 1L << 24;

	/**
	 * How many times larger than its file gzip data can be when unpacked: deflate's best is
	 * about 1032 to 1; a header that declares more data than that cannot be right.
	 */
	static final long GZIP_MAX_RATIO = 1032;

	/**
	 * Refuses, before anything is allocated, a header whose records are larger than
	 * {@link #MAX_RECORD_BYTES} or whose data cannot be in a file of this size.
	 */
	private static void checkSizes(final Path path, final int[] dims, final boolean gzip)
		throws IOException
	{
		long record = 1;
		for (int i = 1; i < dims.length; i++)
			record = Math.min(Long.MAX_VALUE / 2, record * dims[i]);
		final String shape = java.util.Arrays.stream(dims, 1, dims.length).mapToObj(
			Integer::toString).collect(java.util.stream.Collectors.joining(" x "));
		if (record > MAX_RECORD_BYTES) throw new LayerTracerException("IDX file " + path +
			"'s header declares records of " + shape + " = " + record + " bytes; LayerTracer reads " +
			"records of at most " + MAX_RECORD_BYTES + " bytes (4096 x 4096): the header is " +
			"damaged, or the images are too large");
		final long data = dims[0] * record, header = 4 + 4L * dims.length, size = Files.size(path);
		final long most = gzip ? size * GZIP_MAX_RATIO : size - header;
		if (data > most) throw new LayerTracerException("IDX file " + path + "'s header declares " +
			dims[0] + " records" + (dims.length > 1 ? " of " + shape : "") + " (" + data +
			" bytes), more than the file " + (gzip ? "can hold compressed (" + size + " bytes)"
				: "holds (" + Math.max(0, size - header) + " bytes after the header)") + ": the file " +
			"is truncated (an interrupted download or copy?) or its header is damaged");
	}

	public Path path() {
		return path;
	}

	/** Number of records (images or labels). */
	public int count() {
		return dims[0];
	}

	/** Dimensions after the first: {@code [rows, cols]} for images, empty for labels. */
	public int[] recordDims() {
		return java.util.Arrays.copyOfRange(dims, 1, dims.length);
	}

	/** Bytes per record. */
	public int recordSize() {
		return recordSize;
	}

	/** Records read so far. */
	public int position() {
		return read;
	}

	/**
	 * Reads the next record into {@code dst[offset … offset + recordSize)}.
	 *
	 * @return false at the end of the file
	 * @throws LayerTracerException if the file ends before the header says it should
	 */
	public boolean next(final byte[] dst, final int offset) {
		if (read >= dims[0]) return false;
		try {
			in.readFully(dst, offset, recordSize);
		}
		catch (final EOFException e) {
			throw new LayerTracerException("IDX file " + path + " is truncated: record " + read +
				" of " + dims[0] + " ends early", e);
		}
		catch (final java.util.zip.ZipException e) {
			throw new LayerTracerException("IDX file " + path + " has damaged compressed data in " +
				"record " + read + " of " + dims[0] + "; download or copy it again", e);
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot read IDX file " + path + ": " + Messages.cause(
				e), e);
		}
		read++;
		return true;
	}

	/** Reads every remaining one-byte record: the labels of a label file. */
	public int[] readLabels() {
		if (recordSize != 1) throw new LayerTracerException("IDX file " + path +
			" holds records of " + recordSize + " bytes, not labels");
		final int[] labels = new int[dims[0] - read];
		final byte[] b = new byte[1];
		for (int i = 0; i < labels.length; i++) {
			next(b, 0);
			labels[i] = b[0] & 0xff;
		}
		return labels;
	}

	@Override
	public void close() {
		closeQuietly(in);
	}

	private static void closeQuietly(final Closeable c) {
		if (c == null) return;
		try {
			c.close();
		}
		catch (final IOException e) {
			// nothing was written; a failing close of a read-only stream loses nothing
		}
	}
}
