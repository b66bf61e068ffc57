/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.bench;

import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.data.ArraySource;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.means.ClassMeans;
import io.github.layertracer.engine.means.ClassMeansBuilder;
import io.github.layertracer.engine.means.E2cmScorer;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.trace.MaskSettings;
import io.github.layertracer.engine.trace.Target;
import io.github.layertracer.engine.trace.Tracer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Times, in one run, the bare forward pass over N masked images (final output only) and the
 * full per-layer trace of the same N masks, and reports peak memory. Class means come from
 * seeded random images (timing does not depend on them).
 */
public final class TraceBenchmark {

	private TraceBenchmark() {}

	public static String run(final LayerModel model, final MaskSettings masks,
		final InputContract contract, final int repeats)
	{
		final int px = model.description().input().pixelValues(), classes = model.description()
			.classes();
		final Random r = new Random(5);
		final int n = 10 * classes;
		final float[] images = new float[n * px];
		for (int i = 0; i < images.length; i++)
			images[i] = r.nextFloat();
		final int[] labels = new int[n];
		final List<String> names = new ArrayList<>();
		for (int k = 0; k < classes; k++)
			names.add("class" + k);
		for (int i = 0; i < n; i++)
			labels[i] = i % classes;
		final ClassMeans means = ClassMeansBuilder.compute(model, new ArraySource(images, labels, px,
			names), contract, null, 64, Progress.NONE);
		final Tracer tracer = Tracer.create(model, means, E2cmScorer.Normalisation.E2CM, 1, masks,
			"benchmark");
		final float[] x = java.util.Arrays.copyOf(images, px);
		final InputConverter.Planes planes = planes(x, model);
		// warm-up: graph optimisation and allocation happen on the first runs
		tracer.withMasks(masks.withMasks(Math.min(masks.masks, 4 * masks.batch))).trace(planes,
			Target.predicted(), Tracer.Attribution.KEEP, Progress.NONE);
		tracer.timeForwardOnly(x, Math.min(masks.masks, 4 * masks.batch));
		double forward = Double.MAX_VALUE, trace = Double.MAX_VALUE;
		for (int i = 0; i < repeats; i++) {
			forward = Math.min(forward, tracer.timeForwardOnly(x, masks.masks));
			final long start = System.nanoTime();
			tracer.trace(planes, Target.predicted(), Tracer.Attribution.KEEP, Progress.NONE);
			trace = Math.min(trace, (System.nanoTime() - start) / 1e9);
		}
		return String.format(Locale.ROOT,
			"model=%s%ninput=%s%nmasks=%d%nbatch=%d%nmask_settings=%s%nlayers=%d%nrepeats=%d (best of each)%n" +
				"forward_only_seconds=%.3f%ntrace_seconds=%.3f%noverhead_ratio=%.3f%n" +
				"peak_rss_mb=%.1f%npeak_heap_mb=%.1f%n", model.description().folder(), contract,
			masks.masks,
			masks.batch, masks, tracer.layers().size(), repeats, forward, trace, trace / forward,
			peakRssMb(), peakHeapMb());
	}

	/** The model-resolution image as planes (interleaved [y, x, c] to per-channel planes). */
	private static InputConverter.Planes planes(final float[] x, final LayerModel model) {
		final int h = model.description().input().height(), w = model.description().input()
			.width(), c = model.description().input().channels();
		final float[][] p = new float[c][h * w];
		for (int i = 0; i < h * w; i++)
			for (int ch = 0; ch < c; ch++)
				p[ch][i] = x[i * c + ch];
		return new InputConverter.Planes("random", p, w, h);
	}

	/** Peak resident memory of this process (VmHWM), or -1 where /proc is missing. */
	static double peakRssMb() {
		try {
			for (final String line : Files.readAllLines(Paths.get("/proc/self/status")))
				if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) /
					1024.0;
		}
		catch (final IOException | NumberFormatException e) {
			return -1;
		}
		return -1;
	}

	private static double peakHeapMb() {
		long sum = 0;
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) sum += pool
				.getPeakUsage().getUsed();
		return sum / (1024.0 * 1024.0);
	}
}
