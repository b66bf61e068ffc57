/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.means;

import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.data.LabelledSource;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.image.InputRequest;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.ModelDescription;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The input contract measured from labelled images: the network's own accuracy on a sample of
 * them (spread over the classes) under each candidate contract, the best one chosen, and what a
 * user must know about the choice (a tie, every candidate at chance, a network whose output is
 * the same for every image).
 * <p>
 * The sample is read and converted once (values 0..1, RGB); every candidate's input is made
 * from it exactly as converting the images with that contract would make it.
 * </p>
 */
public final class ContractMeasurement {

	/** Images of the sample, at most. */
	public static final int SAMPLE = 200;

	/**
	 * The spread below which the network's output counts as the same for every image: the
	 * largest standard deviation, over the images, of any class's probability.
	 */
	public static final double SAME_OUTPUT = 0.01;

	/** One candidate and how the network did with it. */
	public static final class Candidate {

		public final InputContract contract;
		/** The network's accuracy on the sample. */
		public final double accuracy;
		/** The largest standard deviation, over the images, of one class's probability. */
		public final double spread;
		final int[] predictions;
		final double[] meanProbability;

		Candidate(final InputContract contract, final double accuracy, final double spread,
			final int[] predictions, final double[] meanProbability)
		{
			this.contract = contract;
			this.accuracy = accuracy;
			this.spread = spread;
			this.predictions = predictions;
			this.meanProbability = meanProbability;
		}
	}

	private final List<Candidate> candidates;
	private final int allowed;
	private final Candidate best, overall;
	private final int images, classes;
	private final List<String> warnings = new ArrayList<>();
	private final List<String> classNames;
	private final String data;
	/** Where the range came from when it was not measured. */
	private String fixed;
	/** Whether the contract was fixed by a class-means file (else by the user's request). */
	private boolean fromFile;

	/** @param allowed the first {@code allowed} candidates may be chosen; the rest are checks */
	private ContractMeasurement(final List<Candidate> candidates, final int allowed,
		final int images, final List<String> classNames, final String data)
	{
		this.candidates = Collections.unmodifiableList(candidates);
		this.allowed = allowed;
		this.images = images;
		this.classes = classNames.size();
		this.classNames = classNames;
		this.data = data;
		this.best = best(candidates.subList(0, allowed));
		this.overall = best(candidates);
	}

	/** The best accuracy; the first of equals (the default before the others). */
	private static Candidate best(final List<Candidate> cs) {
		Candidate b = cs.get(0);
		for (final Candidate c : cs)
			if (c.accuracy > b.accuracy) b = c;
		return b;
	}

	/**
	 * Measures the network's accuracy under each contract the request leaves open (both channel
	 * orders only for colour images), and, as a check, under every contract LayerTracer would try
	 * by itself.
	 *
	 * @param file the contract a class-means file fixes, or null: then the request's candidates
	 *          may be chosen
	 * @param logitOrder class names in logit order, or null/empty for the data's sorted order
	 */
	public static ContractMeasurement measure(final LayerModel model, final LabelledSource source,
		final List<String> logitOrder, final InputRequest request, final InputContract file,
		final int batchSize, final Progress progress)
	{
		final ModelDescription d = model.description();
		final int classes = d.classes();
		final ClassMapping mapping = ClassMapping.of(source.classNames(), classes, logitOrder,
			source.describe());
		final InputConverter base = new InputConverter(d.input(), InputContract.defaults());
		final int px = base.size(), n = Math.min(SAMPLE, source.size());
		final float[] x = new float[n * px];
		final int[] labels = source.sample(n, base, x);
		for (int i = 0; i < labels.length; i++)
			labels[i] = mapping.toModel(labels[i]);
		final int channels = d.input().channels();
		final boolean colour = colour(x, channels);
		final List<InputContract> candidates = new ArrayList<>(file != null ? List.of(file)
			: request.candidates(d, colour));
		final int allowed = candidates.size();
		for (final InputContract c : InputRequest.auto().candidates(d, colour))
			if (!candidates.contains(c)) candidates.add(c);
		final List<Candidate> out = new ArrayList<>();
		for (final InputContract c : candidates) {
			progress.checkCancelled();
			final float[] in = c.isDefault() ? x : c.fromDefault(x, channels);
			final float[] p = new float[labels.length * classes];
			for (int b0 = 0; b0 < labels.length; b0 += batchSize) {
				final int bn = Math.min(batchSize, labels.length - b0);
				final float[] probs = model.probabilities(Arrays.copyOfRange(in, b0 * px, (b0 + bn) *
					px), bn);
				System.arraycopy(probs, 0, p, b0 * classes, probs.length);
			}
			out.add(candidate(c, p, labels, classes));
		}
		final ContractMeasurement m = new ContractMeasurement(out, allowed, labels.length, mapping
			.classNames(), source.describe());
		m.fixed = file != null ? file.source() : request.resolve(d).source();
		m.fromFile = file != null;
		return m.judge();
	}

	/** Whether any pixel of the 0..1 RGB sample has channels that differ. */
	private static boolean colour(final float[] x, final int channels) {
		if (channels != 3) return false;
		for (int p = 0; p < x.length; p += 3)
			if (x[p] != x[p + 1] || x[p] != x[p + 2]) return true;
		return false;
	}

	private static Candidate candidate(final InputContract c, final float[] p, final int[] labels,
		final int classes)
	{
		final int n = labels.length;
		final int[] predictions = new int[n];
		final double[] sum = new double[classes], squares = new double[classes];
		int correct = 0;
		for (int i = 0; i < n; i++) {
			int best = 0;
			for (int k = 0; k < classes; k++) {
				final double v = p[i * classes + k];
				if (v > p[i * classes + best]) best = k;
				sum[k] += v;
				squares[k] += v * v;
			}
			predictions[i] = best;
			if (best == labels[i]) correct++;
		}
		double spread = 0;
		final double[] mean = new double[classes];
		for (int k = 0; k < classes; k++) {
			mean[k] = sum[k] / n;
			spread = Math.max(spread, Math.sqrt(Math.max(0, squares[k] / n - mean[k] * mean[k])));
		}
		return new Candidate(c, correct / (double) n, spread, predictions, mean);
	}

	/** The warnings a user must read about the choice. */
	private ContractMeasurement judge() {
		final double chance = 1.0 / classes;
		final double sigma = Math.sqrt(chance * (1 - chance) / images);
		if (overall != best && overall.accuracy > best.accuracy + Math.max(0.05, 2.0 / images))
			warnings.add(String.format(Locale.ROOT, "%s input %s, with which the network's accuracy " +
				"is %.1f %%, but with input %s it is %.1f %% (%d images of %s): the model probably " +
				"expects %s; %s input_range=%s channel_order=%s", fromFile ? "the class means were " +
					"computed with" : "the run was given", best.contract.describe(), 100 * best.accuracy,
				overall.contract.describe(), 100 * overall.accuracy, images, data, overall.contract
					.describe(), fromFile ? "compute the class means again with" : "set",
				overall.contract.range().label(), overall.contract.order().label()));
		final List<String> tied = new ArrayList<>();
		for (final Candidate c : candidates.subList(0, allowed)) {
			if (c == best || c.accuracy < best.accuracy - 1.0 / images) continue;
			final boolean sameRange = c.contract.range() == best.contract.range() && c.contract
				.isNormalised() == best.contract.isNormalised();
			if (sameRange && Arrays.equals(c.predictions, best.predictions)) continue; // order moot
			tied.add(String.format(Locale.ROOT, "%s (%.1f %%)", c.contract.describe(), 100 *
				c.accuracy));
		}
		if (!tied.isEmpty()) warnings.add(String.format(Locale.ROOT, "input %s gives the network " +
			"the same accuracy (%.1f %%) on %d images of %s as %s; LayerTracer chose %s, the first " +
			"of them: if the model was trained on another, set input_range and channel_order",
			best.contract.describe(), 100 * best.accuracy, images, data, String.join(" and ", tied),
			best.contract.describe()));
		if (overall.accuracy <= chance + 3 * sigma) warnings.add(String.format(Locale.ROOT,
			"the network's accuracy is at chance (%.1f %% for %d classes) with every input tried (%s) " +
				"on %d images of %s: the class names may not be in the order of the model's outputs " +
				"(set class_names), the images may not be what the model was trained on, or it expects " +
				"a normalisation (set norm_mean and norm_std)", 100 * overall.accuracy, classes, tried(),
			images, data));
		if (images > 1 && best.spread < SAME_OUTPUT) warnings.add(sameOutput(best));
		return this;
	}

	/** The warning for a network whose output is the same whatever the image. */
	private String sameOutput(final Candidate c) {
		int k = 0;
		for (int j = 1; j < classes; j++)
			if (c.meanProbability[j] > c.meanProbability[k]) k = j;
		return String.format(Locale.ROOT, "the network gives the same output for every image " +
			"(class '%s', p = %.3f, spread %.1e over %d images) with input %s: the input values are " +
			"probably not what the model expects; set input_range (0..1, 0..255, -1..1), " +
			"channel_order or norm_mean/norm_std", classNames.get(k), c.meanProbability[k], c.spread,
			images, c.contract.describe());
	}

	private String tried() {
		final List<String> t = new ArrayList<>();
		candidates.forEach(c -> t.add(c.contract.describe()));
		return String.join("; ", t);
	}

	public List<Candidate> candidates() {
		return candidates;
	}

	/** The candidate with the best accuracy of those that may be chosen (the first of equals). */
	public Candidate best() {
		return best;
	}

	/** The number of images measured. */
	public int images() {
		return images;
	}

	/** Lines a user must read; empty when the choice is clear. */
	public List<String> warnings() {
		return Collections.unmodifiableList(warnings);
	}

	/**
	 * What was measured, in one line: {@code 0..1, rgb 98.5 %; 0..255, rgb 10.0 %; … on 200
	 * images of data}.
	 */
	public String summary() {
		final List<String> parts = new ArrayList<>();
		for (final Candidate c : candidates)
			parts.add(String.format(Locale.ROOT, "%s %.1f %%", c.contract.describe(), 100 *
				c.accuracy));
		return "network accuracy " + String.join("; ", parts) + " on " + images + " images of " +
			data;
	}

	/** The best contract that may be chosen, with where it came from. */
	public InputContract chosen() {
		if (allowed == 1) return best.contract.withSource(fixed);
		final boolean oneRange = candidates.subList(0, allowed).stream().allMatch(c -> c.contract
			.range() == best.contract.range());
		return best.contract.withSource(oneRange ? fixed + "; channel order measured from labels: " +
			summary() : "measured from labels: " + summary());
	}
}
