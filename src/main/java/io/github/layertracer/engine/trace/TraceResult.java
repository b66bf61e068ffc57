/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import io.github.layertracer.engine.image.InputContract;

import java.util.Collections;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * The per-layer saliency of one image: an ImgLib2 image with axes {@code [x, y, layer]} (or
 * {@code [x, y, layer, class]} when all classes were traced) at the image's own size, with what
 * is needed to read it.
 */
public final class TraceResult {

	private final Img<FloatType> saliency;
	private final List<String> layers;
	private final List<String> classNames;
	private final int[] targets;
	private final float[][] unmasked;
	private final String settings;
	private final String image;
	private final String model;
	private final int masksUsed;
	private final double[] agreement;
	private final InputContract contract;
	private final List<String> warnings;

	TraceResult(final Img<FloatType> saliency, final List<String> layers,
		final List<String> classNames, final int[] targets, final float[][] unmasked,
		final String settings, final String image, final String model, final int masksUsed,
		final double[] agreement, final InputContract contract, final List<String> warnings)
	{
		this.contract = contract;
		this.warnings = Collections.unmodifiableList(new java.util.ArrayList<>(warnings));
		this.masksUsed = masksUsed;
		this.agreement = agreement == null ? null : agreement.clone();
		this.saliency = saliency;
		this.layers = Collections.unmodifiableList(layers);
		this.classNames = Collections.unmodifiableList(classNames);
		this.targets = targets.clone();
		this.unmasked = unmasked;
		this.settings = settings;
		this.image = image;
		this.model = model;
	}

	/** How many masks the map is made of (the stop rule may stop before the maximum). */
	public int masksUsed() {
		return masksUsed;
	}

	/**
	 * Per layer, the stop rule's estimate of the map's agreement with the map of infinitely many
	 * masks; null when the number of masks was fixed.
	 */
	public double[] agreement() {
		return agreement == null ? null : agreement.clone();
	}

	/** {@code [x, y, layer]} or {@code [x, y, layer, class]}, float32. */
	public Img<FloatType> saliency() {
		return saliency;
	}

	/** Layer names in depth order; the last is the network's own output. */
	public List<String> layers() {
		return layers;
	}

	public List<String> classNames() {
		return classNames;
	}

	/** The traced class indices: one, or every class for an all-classes trace. */
	public int[] targets() {
		return targets.clone();
	}

	public boolean allClasses() {
		return saliency.numDimensions() == 4;
	}

	/** Probability of class {@code k} at layer {@code l} for the unmasked image. */
	public float unmaskedProbability(final int layer, final int k) {
		return unmasked[layer][k];
	}

	/** How the image's pixel values became the model's input. */
	public InputContract contract() {
		return contract;
	}

	/**
	 * What the user must know about this result: a map flat to float precision (the network's
	 * output did not change whatever was masked), with the likely cause. Empty when all is well.
	 */
	public List<String> warnings() {
		return warnings;
	}

	/** The network's unmasked class probabilities (the last layer's row), a copy. */
	public float[] unmaskedOutput() {
		return unmasked[unmasked.length - 1].clone();
	}

	/** Every setting of the trace, including the seed. */
	public String settings() {
		return settings;
	}

	public String image() {
		return image;
	}

	public String model() {
		return model;
	}

	public int width() {
		return (int) saliency.dimension(0);
	}

	public int height() {
		return (int) saliency.dimension(1);
	}

	/** The map of one layer (and target position), a copy, row-major {@code [y][x]}. */
	public float[] map(final int layer, final int targetPosition) {
		final long[] min = new long[saliency.numDimensions()], max = saliency.maxAsLongArray();
		min[2] = max[2] = layer;
		if (min.length > 3) min[3] = max[3] = targetPosition;
		final float[] out = new float[width() * height()];
		int i = 0;
		for (final FloatType v : Views.flatIterable(Views.interval(saliency, min, max)))
			out[i++] = v.get();
		return out;
	}
}
