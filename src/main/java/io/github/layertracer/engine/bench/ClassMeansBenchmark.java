/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.bench;

import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.data.ArraySource;
import io.github.layertracer.engine.data.LabelledSource;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.means.ClassMeansBuilder;
import io.github.layertracer.engine.model.LayerModel;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times the class-means pass against the bare forward pass (final output only) over the same
 * images, in the same run: the images are read and converted once, then both passes run over
 * the same in-memory batches, alternately, {@code repeats} times each; the best time of each is
 * kept.
 */
public final class ClassMeansBenchmark {

	private ClassMeansBenchmark() {}

	/** Runs the benchmark and returns its report, one {@code key=value} per line. */
	public static String run(final LayerModel model, final LabelledSource source,
		final InputContract contract, final int batchSize, final int repeats,
		final Progress progress)
	{
		final InputConverter conv = new InputConverter(model.description().input(), contract);
		final int n = source.size(), px = conv.size();
		final float[] images = new float[n * px];
		final int[] labels = new int[n];
		for (int i = 0; i < n; i++)
			labels[i] = source.next(conv, images, i * px);
		final List<String> classes = source.classNames();
		// warm-up: the first runs of a session are slow (graph optimisation, allocation)
		forward(model, images, n, px, batchSize);
		means(model, images, labels, px, classes, contract, batchSize);
		double forward = Double.MAX_VALUE, means = Double.MAX_VALUE;
		for (int r = 0; r < repeats; r++) {
			progress.checkCancelled();
			forward = Math.min(forward, forward(model, images, n, px, batchSize));
			means = Math.min(means, means(model, images, labels, px, classes, contract, batchSize));
			progress.update(r + 1, repeats);
		}
		return String.format(Locale.ROOT,
			"model=%s%ninput=%s%nimages=%d%nbatch=%d%nrepeats=%d (best of each)%nlayers=%d%n" +
				"forward_only_seconds=%.3f%nmeans_seconds=%.3f%nforward_images_per_second=%.1f%n" +
				"means_images_per_second=%.1f%nthroughput_ratio=%.3f%n", model.description().folder(),
			contract, n, batchSize, repeats, model.description().layers().size(), forward, means, n / forward,
			n / means, forward / means);
	}

	private static double forward(final LayerModel model, final float[] images, final int n,
		final int px, final int batchSize)
	{
		final long start = System.nanoTime();
		for (int b = 0; b < n; b += batchSize) {
			final int bn = Math.min(batchSize, n - b);
			model.run(Arrays.copyOfRange(images, b * px, (b + bn) * px), bn, List.of(model
				.description().scores()));
		}
		return (System.nanoTime() - start) / 1e9;
	}

	private static double means(final LayerModel model, final float[] images, final int[] labels,
		final int px, final List<String> classes, final InputContract contract, final int batchSize)
	{
		final long start = System.nanoTime();
		ClassMeansBuilder.compute(model, new ArraySource(images, labels, px, classes), contract,
			null, batchSize, Progress.NONE);
		return (System.nanoTime() - start) / 1e9;
	}
}
