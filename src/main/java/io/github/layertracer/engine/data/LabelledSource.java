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

	/** The label of every image, in order, read without the pixels. */
	int[] labels();

	/** Passes over the next image without converting it; false when there are no more. */
	boolean skip();

	/**
	 * Converts up to {@code n} images spread over the classes (each class's images in order, the
	 * classes taken in turn) into {@code dst} (room for {@code n} images); returns their labels.
	 * Reads from the current position on: open a new source to read the images again.
	 */
	default int[] sample(final int n, final InputConverter converter, final float[] dst) {
		final int[] all = labels();
		final java.util.Map<Integer, java.util.List<Integer>> byClass = new java.util.TreeMap<>();
		for (int i = 0; i < all.length; i++)
			byClass.computeIfAbsent(all[i], k -> new java.util.ArrayList<>()).add(i);
		final java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>();
		for (int round = 0; chosen.size() < Math.min(n, all.length); round++)
			for (final java.util.List<Integer> members : byClass.values())
				if (round < members.size() && chosen.size() < n) chosen.add(members.get(round));
		final int[] labels = new int[chosen.size()];
		int k = 0, at = 0;
		final int px = converter.size();
		for (final int index : chosen) {
			while (at < index) {
				if (!skip()) throw new IllegalStateException("Fewer images than labels in " + describe());
				at++;
			}
			labels[k] = next(converter, dst, k * px);
			k++;
			at++;
		}
		return labels;
	}

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
		io.github.layertracer.api.InputFiles.checkFile(data, "Labelled images", "a folder with " +
			"one subfolder of images per class, or an IDX image file");
		return IdxSource.open(data, labels, classNames);
	}
}
