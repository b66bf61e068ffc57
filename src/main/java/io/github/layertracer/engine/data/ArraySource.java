/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.data;

import io.github.layertracer.engine.image.InputConverter;

import java.util.List;

/**
 * Images already converted to the model's input layout, held in memory: for benchmarks and
 * for callers that have their data as arrays.
 */
public final class ArraySource implements LabelledSource {

	private final float[] images;
	private final int[] labels;
	private final int imageSize;
	private final List<String> classes;
	private int position;

	/**
	 * @param images {@code labels.length} images in the model's input layout
	 * @param labels one label per image, indices into {@code classes}
	 */
	public ArraySource(final float[] images, final int[] labels, final int imageSize,
		final List<String> classes)
	{
		if (images.length != (long) labels.length * imageSize) throw new IllegalArgumentException(
			images.length + " values do not hold " + labels.length + " images of " + imageSize);
		this.images = images;
		this.labels = labels;
		this.imageSize = imageSize;
		this.classes = List.copyOf(classes);
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
		return labels.length + " images in memory";
	}

	/** Copies the next image; the converter is not used (the data is already converted). */
	@Override
	public int next(final InputConverter converter, final float[] dst, final int offset) {
		if (position >= labels.length) return -1;
		System.arraycopy(images, position * imageSize, dst, offset, imageSize);
		return labels[position++];
	}

	@Override
	public int[] labels() {
		return labels.clone();
	}

	@Override
	public boolean skip() {
		if (position >= labels.length) return false;
		position++;
		return true;
	}

	@Override
	public void close() {
		// nothing to release
	}
}
