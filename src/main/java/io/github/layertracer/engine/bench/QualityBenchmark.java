/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.bench;

import io.github.layertracer.api.Defaults;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.means.ClassMeans;
import io.github.layertracer.engine.means.E2cmScorer;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.trace.MaskSettings;
import io.github.layertracer.engine.trace.Target;
import io.github.layertracer.engine.trace.TraceResult;
import io.github.layertracer.engine.trace.Tracer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * How many masks a map needs: for each image, a reference map per layer from a very large
 * number of masks (another seed), then, for each way of drawing the masks, the smallest number
 * of masks (250 times powers of the square root of 2) at which every layer's map reaches a Pearson correlation of
 * {@code target} with the reference, and the seconds that trace took. Medians over the images,
 * and the ratio to plain RISE.
 */
public final class QualityBenchmark {

	private QualityBenchmark() {}

	/** Masks and seconds one image needed with one method; masks -1 if never within the cap. */
	static final class Needed {

		final int masks;
		final double seconds;

		Needed(final int masks, final double seconds) {
			this.masks = masks;
			this.seconds = seconds;
		}
	}

	public static String run(final LayerModel model, final ClassMeans means,
		final List<InputConverter.Planes> images, final MaskSettings base,
		final int referenceMasks, final double target, final int maxMasks,
		final List<MaskSettings.Sampling> methods, final Consumer<String> log)
	{
		final Tracer tracer = Tracer.create(model, means, E2cmScorer.Normalisation.E2CM, 1, base,
			"quality benchmark");
		final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
			"model=%s%nimages=%d%nreference_masks=%d (seed 1000003, random)%ntarget_r=%s%n" +
				"mask_settings=%s%nmax_masks=%d%n%n", model.description().folder(), images.size(),
			referenceMasks, target, base, maxMasks));
		final List<List<Needed>> needed = new ArrayList<>();
		for (int m = 0; m < methods.size(); m++)
			needed.add(new ArrayList<>());
		sb.append("image");
		for (final MaskSettings.Sampling s : methods)
			sb.append(',').append(s.name().toLowerCase(Locale.ROOT)).append("_masks,").append(s
				.name().toLowerCase(Locale.ROOT)).append("_seconds");
		// the stop rule with each sampling a user can choose
		final List<MaskSettings.Sampling> autoMethods = new ArrayList<>();
		for (final MaskSettings.Sampling s : methods)
			if (s == MaskSettings.Sampling.RANDOM || s == MaskSettings.Sampling.SCRAMBLED) autoMethods
				.add(s);
		for (final MaskSettings.Sampling s : autoMethods) {
			final String n = s.name().toLowerCase(Locale.ROOT);
			sb.append(",auto_").append(n).append("_masks,auto_").append(n).append("_r,auto_").append(
				n).append("_seconds");
		}
		sb.append(",fixed_4000_seconds\n");
		final int[] autoReached = new int[autoMethods.size()];
		final List<List<Double>> timeRatios = new ArrayList<>();
		for (int a = 0; a < autoMethods.size(); a++)
			timeRatios.add(new ArrayList<>());
		for (final InputConverter.Planes image : images) {
			final TraceResult ref = tracer.withMasks(base.withMasks(referenceMasks).withSeed(1000003)
				.withSampling(MaskSettings.Sampling.RANDOM)).trace(image, Target.predicted(),
					Tracer.Attribution.KEEP, Progress.NONE);
			final Target t = Target.index(ref.targets()[0]);
			sb.append(image.name);
			for (int m = 0; m < methods.size(); m++) {
				Needed n = new Needed(-1, Double.NaN);
				for (int step = 0; masksAt(step) <= maxMasks; step++) {
					final int masks = masksAt(step);
					final long start = System.nanoTime();
					final TraceResult r = tracer.withMasks(base.withMasks(masks).withSampling(methods.get(
						m))).trace(image, t, Tracer.Attribution.KEEP, Progress.NONE);
					final double seconds = (System.nanoTime() - start) / 1e9;
					if (minCorrelation(r, ref) >= target) {
						n = new Needed(masks, seconds);
						break;
					}
				}
				needed.get(m).add(n);
				sb.append(',').append(n.masks < 0 ? ">" + maxMasks : Integer.toString(n.masks)).append(
					',').append(String.format(Locale.ROOT, "%.3f", n.seconds));
			}
			// the stop rule (masks=auto, its defaults) against the fixed default of 4000 random masks
			final double[] autoSeconds = new double[autoMethods.size()];
			final double[] autoR = new double[autoMethods.size()];
			final int[] autoMasks = new int[autoMethods.size()];
			for (int a = 0; a < autoMethods.size(); a++) {
				final long start = System.nanoTime();
				final TraceResult auto = tracer.withMasks(base.withSampling(autoMethods.get(a)).withAuto(
					Defaults.AUTO_MIN_MASKS, Defaults.AUTO_MAX_MASKS, target)).trace(image, t, Tracer.Attribution.KEEP, Progress.NONE);
				autoSeconds[a] = (System.nanoTime() - start) / 1e9;
				autoR[a] = minCorrelation(auto, ref);
				autoMasks[a] = auto.masksUsed();
				if (autoR[a] >= target) autoReached[a]++;
			}
			final long start = System.nanoTime();
			tracer.withMasks(base.withMasks(4000).withSampling(MaskSettings.Sampling.RANDOM)).trace(
				image, t, Tracer.Attribution.KEEP, Progress.NONE);
			final double fixedSeconds = (System.nanoTime() - start) / 1e9;
			for (int a = 0; a < autoMethods.size(); a++) {
				timeRatios.get(a).add(autoSeconds[a] / fixedSeconds);
				sb.append(String.format(Locale.ROOT, ",%d,%.4f,%.3f", autoMasks[a], autoR[a],
					autoSeconds[a]));
			}
			sb.append(String.format(Locale.ROOT, ",%.3f", fixedSeconds)).append('\n');
			if (log != null) log.accept("quality benchmark: " + image.name + " done");
		}
		sb.append('\n');
		final double plain = median(needed.get(0), true);
		for (int m = 0; m < methods.size(); m++) {
			final double med = median(needed.get(m), true), sec = median(needed.get(m), false);
			final long reached = needed.get(m).stream().filter(n -> n.masks > 0).count();
			sb.append(String.format(Locale.ROOT,
				"%s: median masks %s, median seconds %.3f, reached %d of %d, ratio to %s %.2f%n",
				methods.get(m).name().toLowerCase(Locale.ROOT), Double.isNaN(med) ? "n/a" : String
					.format(Locale.ROOT, "%.0f", med), sec, reached, images.size(), methods.get(0).name()
						.toLowerCase(Locale.ROOT), med / plain));
		}
		// the measured curve: the share of images whose every layer reached the target by N masks
		sb.append("\nshare of images at r >= ").append(target).append(" by N masks\nmasks");
		for (final MaskSettings.Sampling s : methods)
			sb.append(',').append(s.name().toLowerCase(Locale.ROOT));
		sb.append('\n');
		for (int step = 0; masksAt(step) <= maxMasks; step++) {
			final int masks = masksAt(step);
			sb.append(masks);
			for (int m = 0; m < methods.size(); m++)
				sb.append(String.format(Locale.ROOT, ",%.2f", reachedBy(needed.get(m), masks)));
			sb.append('\n');
		}
		for (int m = 0; m < methods.size(); m++) {
			final double p90 = quantile(needed.get(m), 0.9);
			sb.append(String.format(Locale.ROOT, "%s: masks for 90%% of the images %s%n", methods
				.get(m).name().toLowerCase(Locale.ROOT), Double.isInfinite(p90) ? ">" + maxMasks : String
					.format(Locale.ROOT, "%.0f", p90)));
		}
		for (int a = 0; a < autoMethods.size(); a++) {
			final double[] ratios = timeRatios.get(a).stream().mapToDouble(Double::doubleValue)
				.sorted().toArray();
			sb.append(String.format(Locale.ROOT,
				"auto (%s masks): reached r >= %s with the reference on %d of %d images; median time " +
					"%.2f of the fixed default (4000 random masks)%n", autoMethods.get(a).name()
						.toLowerCase(Locale.ROOT), target, autoReached[a], images.size(), ratios.length == 0
							? Double.NaN : ratios.length % 2 == 1 ? ratios[ratios.length / 2]
								: (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2));
		}
		return sb.toString();
	}

	/** The numbers of masks tried: 250 times powers of the square root of 2, rounded to 10. */
	static int masksAt(final int step) {
		return (int) Math.round(250 * Math.pow(2, step / 2.0) / 10) * 10;
	}

	/** The lowest Pearson correlation over the layers between two traces' maps. */
	static double minCorrelation(final TraceResult a, final TraceResult b) {
		double min = 1;
		for (int l = 0; l < a.layers().size(); l++)
			min = Math.min(min, pearson(a.map(l, 0), b.map(l, 0)));
		return min;
	}

	/** Pearson correlation of two maps; 1 when both are flat. */
	static double pearson(final float[] a, final float[] b) {
		final double[] x = new double[a.length], y = new double[b.length];
		for (int i = 0; i < a.length; i++) {
			x[i] = a[i];
			y[i] = b[i];
		}
		final double r = Tracer.pearson(x, y);
		return Double.isNaN(r) ? 1 : r;
	}

	/** The share of images that reached the target with at most {@code masks} masks. */
	static double reachedBy(final List<Needed> values, final int masks) {
		return values.isEmpty() ? Double.NaN : values.stream().filter(n -> n.masks > 0 &&
			n.masks <= masks).count() / (double) values.size();
	}

	/**
	 * The masks by which a share {@code q} of the images reached the target (the smallest count
	 * reached by at least that share; infinite when fewer ever did).
	 */
	static double quantile(final List<Needed> values, final double q) {
		final double[] v = values.stream().mapToDouble(n -> n.masks < 0 ? Double.POSITIVE_INFINITY
			: n.masks).sorted().toArray();
		if (v.length == 0) return Double.NaN;
		return v[Math.max(0, (int) Math.ceil(q * v.length) - 1)];
	}

	/** Median masks (images that never reached count as infinitely many) or seconds. */
	static double median(final List<Needed> values, final boolean masks) {
		final double[] v = values.stream().mapToDouble(n -> masks ? (n.masks < 0
			? Double.POSITIVE_INFINITY : n.masks) : n.seconds).filter(x -> !Double.isNaN(x))
			.toArray();
		if (v.length == 0) return Double.NaN;
		Arrays.sort(v);
		return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}
}
