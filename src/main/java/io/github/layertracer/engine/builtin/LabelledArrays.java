/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.builtin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Labelled images held in memory for training a built-in model: {@code [n, y, x, c]} floats
 * scaled to 0..1 and one label per image.
 */
public final class LabelledArrays {

	public final float[] images;
	public final int[] labels;
	public final int height, width, channels;
	public final List<String> classes;

	public LabelledArrays(final float[] images, final int[] labels, final int height,
		final int width, final int channels, final List<String> classes)
	{
		if (images.length != (long) labels.length * height * width * channels)
			throw new IllegalArgumentException(images.length + " values do not hold " +
				labels.length + " images of " + height + "x" + width + "x" + channels);
		this.images = images;
		this.labels = labels;
		this.height = height;
		this.width = width;
		this.channels = channels;
		this.classes = Collections.unmodifiableList(new ArrayList<>(classes));
	}

	public int count() {
		return labels.length;
	}

	public int imageSize() {
		return height * width * channels;
	}
}
