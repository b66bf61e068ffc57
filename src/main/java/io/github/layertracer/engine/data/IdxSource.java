/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.data;

import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.image.InputConverter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An IDX image file (8-bit grey images) with its IDX label file, streamed. */
public final class IdxSource implements LabelledSource {

	private final IdxFile images;
	private final int[] labels;
	private final List<String> classes;
	private final byte[] record;
	private final float[][] plane;
	private final int rows, cols;

	private IdxSource(final IdxFile images, final int[] labels, final List<String> classes) {
		this.images = images;
		this.labels = labels;
		this.classes = classes;
		final int[] dims = images.recordDims();
		this.rows = dims[0];
		this.cols = dims[1];
		this.record = new byte[images.recordSize()];
		this.plane = new float[1][rows * cols];
	}

	/**
	 * Opens an image file and its labels.
	 *
	 * @param classNames names in label order, or null/empty for the label numbers
	 * @throws LayerTracerException if a file is missing or corrupt, the counts differ, or a
	 *           label has no class name
	 */
	public static IdxSource open(final Path imageFile, final Path labelFile,
		final List<String> classNames)
	{
		if (labelFile == null) throw new LayerTracerException("IDX image file " + imageFile +
			" needs its IDX label file (labels=…)");
		final int[] labels;
		try (IdxFile l = IdxFile.open(labelFile)) {
			labels = l.readLabels();
		}
		final IdxFile images = IdxFile.open(imageFile);
		try {
			if (images.recordDims().length != 2) throw new LayerTracerException("IDX file " +
				imageFile + " does not hold 2-D images (dimensions per record: " + images
					.recordDims().length + ")");
			if (images.count() != labels.length) throw new LayerTracerException("IDX file " +
				imageFile + " has " + images.count() + " images but " + labelFile + " has " +
				labels.length + " labels");
			int max = 0;
			for (final int l : labels)
				max = Math.max(max, l);
			final List<String> names = new ArrayList<>();
			if (classNames == null || classNames.isEmpty()) {
				for (int i = 0; i <= max; i++)
					names.add(Integer.toString(i));
			}
			else {
				if (max >= classNames.size()) throw new LayerTracerException("Labels in " +
					labelFile + " go up to " + max + " but " + classNames.size() +
					" class names were given");
				names.addAll(classNames);
			}
			return new IdxSource(images, labels, Collections.unmodifiableList(names));
		}
		catch (final RuntimeException e) {
			images.close();
			throw e;
		}
	}

	@Override
	public List<String> classNames() {
		return classes;
	}

	@Override
	public int size() {
		return labels.length;
	}

	@Override
	public String describe() {
		return images.path().toString();
	}

	@Override
	public int next(final InputConverter converter, final float[] dst, final int offset) {
		final int index = images.position();
		if (!images.next(record, 0)) return -1;
		for (int i = 0; i < record.length; i++)
			plane[0][i] = (record[i] & 0xff) / 255f;
		converter.convert(new InputConverter.Planes(describe() + "[" + index + "]", plane, cols,
			rows), dst, offset);
		return labels[index];
	}

	@Override
	public int[] labels() {
		return labels.clone();
	}

	@Override
	public boolean skip() {
		return images.next(record, 0);
	}

	@Override
	public void close() {
		images.close();
	}
}
