/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.data;

import io.github.layertracer.engine.image.InputConverter;

import java.util.List;

/**
 * Labelled images streamed one at a time, never loaded whole: a class-per-subfolder folder or
 * an IDX image file with its labels. Labels are indices into {@link #classNames()}.
 */
public interface LabelledSource extends AutoCloseable {

	/** Class names in label order. */
	List<String> classNames();

	/** Number of images. */
	int size();

	/** Where the images come from, for messages. */
	String describe();

	/**
	 * Converts the next image into {@code dst[offset …]} with the given converter.
	 *
	 * @return its label, or -1 when there are no more images
	 */
	int next(InputConverter converter, float[] dst, int offset);

	@Override
	void close();

	/**
	 * Opens a source: a folder with one subfolder per class, or an IDX image file (then
	 * {@code labels} names the IDX label file).
	 *
	 * @param classNames optional class names for IDX files (label order); null or empty for
	 *          the label numbers
	 */
	static LabelledSource open(final java.nio.file.Path data, final java.nio.file.Path labels,
		final List<String> classNames)
	{
		if (data == null) throw new io.github.layertracer.api.LayerTracerException(
			"No labelled images given");
		if (!java.nio.file.Files.exists(data)) throw new io.github.layertracer.api.LayerTracerException(
			"Labelled images " + data + " do not exist (expected a folder with one subfolder of " +
				"images per class, or an IDX image file)");
		if (java.nio.file.Files.isDirectory(data)) return FolderSource.open(data);
		return IdxSource.open(data, labels, classNames);
	}
}
