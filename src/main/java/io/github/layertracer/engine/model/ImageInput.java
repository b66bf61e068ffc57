/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

/**
 * The model's image input: {@code [batch, height, width, channels]}, or
 * {@code [batch, height, width]} for grey models (as many Keras models have it), float32.
 */
public final class ImageInput {

	private final TensorSpec spec;
	private final int height;
	private final int width;
	private final int channels;
	private final boolean channelAxis;

	ImageInput(final TensorSpec spec) {
		this.spec = spec;
		final long[] s = spec.shape();
		this.height = (int) s[1];
		this.width = (int) s[2];
		this.channelAxis = s.length == 4;
		this.channels = channelAxis ? (int) s[3] : 1;
	}

	public TensorSpec spec() {
		return spec;
	}

	public int height() {
		return height;
	}

	public int width() {
		return width;
	}

	public int channels() {
		return channels;
	}

	/** False for rank-3 inputs without a channel axis. */
	public boolean hasChannelAxis() {
		return channelAxis;
	}

	/** Values per image: {@code height * width * channels}. */
	public int pixelValues() {
		return height * width * channels;
	}

	/** TensorFlow shape of a batch of {@code n} images. */
	public long[] batchShape(final int n) {
		return channelAxis ? new long[] { n, height, width, channels } : new long[] { n, height,
			width };
	}

	/** Axis order as a string, e.g. {@code byxc} or {@code byx}. */
	public String axes() {
		return channelAxis ? "byxc" : "byx";
	}
}
