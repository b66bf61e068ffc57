/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.image;

import io.github.layertracer.api.LayerTracerException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The input contract: how pixel values become the values a model was trained on. A pixel is
 * first scaled to 0..1 by its image type's range (8-bit by 255, 16-bit by 65535, float as it
 * is: {@link io.github.layertracer.api.Images#range}); then
 * <ol>
 * <li>mapped to the model's value {@link Range} ({@code 0..1}, {@code 0..255} or
 * {@code -1..1});</li>
 * <li>optionally normalised per channel as {@code (v - mean[c]) / std[c]}, in the units of that
 * range;</li>
 * <li>put in the model's {@link ChannelOrder}: for {@code bgr} the model's channel 0 is the
 * image's blue.</li>
 * </ol>
 * Immutable. Two contracts are equal when they convert every pixel alike; {@link #source()}
 * (how the contract was found: set by the user, stated by the graph, measured from labels,
 * assumed) does not take part.
 */
public final class InputContract {

	/** The value range a model expects, before any per-channel normalisation. */
	public enum Range {
		ZERO_ONE("0..1", 1, 0), ZERO_255("0..255", 255, 0), MINUS_ONE_ONE("-1..1", 2, -1);

		private final String label;
		final double scale, offset;

		Range(final String label, final double scale, final double offset) {
			this.label = label;
			this.scale = scale;
			this.offset = offset;
		}

		/** What users type and read: {@code 0..1}, {@code 0..255}, {@code -1..1}. */
		public String label() {
			return label;
		}

		/** The lowest and highest value, {@code [lo, hi]}. */
		public double[] bounds() {
			return new double[] { offset, offset + scale };
		}

		/** The range of a label ({@code 0..255}); null if there is none of that label. */
		public static Range of(final String label) {
			final String s = label == null ? "" : label.trim();
			for (final Range r : values())
				if (r.label.equals(s)) return r;
			return null;
		}

		@Override
		public String toString() {
			return label;
		}
	}

	/** The order of colour channels a model expects. */
	public enum ChannelOrder {
		RGB, BGR;

		/** {@code rgb} or {@code bgr}. */
		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** The order of a label; null if there is none of that label. */
		public static ChannelOrder of(final String label) {
			final String s = label == null ? "" : label.trim();
			for (final ChannelOrder o : values())
				if (o.label().equals(s)) return o;
			return null;
		}

		@Override
		public String toString() {
			return label();
		}
	}

	private static final InputContract DEFAULT = new InputContract(Range.ZERO_ONE,
		ChannelOrder.RGB, null, null, "default");

	private final Range range;
	private final ChannelOrder order;
	private final double[] mean;
	private final double[] std;
	private final String source;

	private InputContract(final Range range, final ChannelOrder order, final double[] mean,
		final double[] std, final String source)
	{
		this.range = range;
		this.order = order;
		this.mean = mean;
		this.std = std;
		this.source = source;
	}

	/** Pixels scaled to 0..1, in RGB order, not normalised: what LayerTracer fed before 0.2. */
	public static InputContract defaults() {
		return DEFAULT;
	}

	/**
	 * A contract.
	 *
	 * @param mean per-channel means (one value applies to every channel), or null for none
	 * @param std per-channel standard deviations, as many as {@code mean}, or null for none
	 */
	public static InputContract of(final Range range, final ChannelOrder order,
		final double[] mean, final double[] std)
	{
		if (range == null || order == null) throw new IllegalArgumentException(
			"A contract needs a range and a channel order");
		if (mean == null && std == null) return new InputContract(range, order, null, null,
			"default");
		if (mean == null || std == null || mean.length == 0 || mean.length != std.length)
			throw new LayerTracerException("Normalisation needs as many mean values as std values, got " +
				Arrays.toString(mean) + " and " + Arrays.toString(std));
		for (final double s : std)
			if (!(s > 0) || !Double.isFinite(s)) throw new LayerTracerException(
				"Normalisation std values must be finite and > 0, got " + Arrays.toString(std));
		for (final double m : mean)
			if (!Double.isFinite(m)) throw new LayerTracerException(
				"Normalisation mean values must be finite, got " + Arrays.toString(mean));
		return new InputContract(range, order, mean.clone(), std.clone(), "default");
	}

	/** Values 0..1 (RGB), then per-channel normalisation. */
	public static InputContract normalised(final double[] mean, final double[] std) {
		return of(Range.ZERO_ONE, ChannelOrder.RGB, mean, std);
	}

	/**
	 * Parses the normalisation parameters: two empty strings mean none; otherwise
	 * comma-separated numbers (a missing mean is 0, a missing std 1).
	 */
	public static InputContract parse(final String mean, final String std) {
		final double[][] ms = parseNormalisation(mean, std);
		return ms == null ? DEFAULT : normalised(ms[0], ms[1]);
	}

	/**
	 * The normalisation parameters as numbers, {@code {mean, std}}; null when both are empty.
	 */
	public static double[][] parseNormalisation(final String mean, final String std) {
		final boolean noMean = mean == null || mean.isBlank(), noStd = std == null || std.isBlank();
		if (noMean && noStd) return null;
		return new double[][] { noMean ? new double[] { 0 } : numbers(mean, "mean"), noStd
			? new double[] { 1 } : numbers(std, "std") };
	}

	private static double[] numbers(final String csv, final String what) {
		try {
			return Arrays.stream(csv.split(",")).map(String::trim).mapToDouble(Double::parseDouble)
				.toArray();
		}
		catch (final NumberFormatException e) {
			throw new LayerTracerException("Cannot read the normalisation " + what + " values '" +
				csv + "': expected comma-separated numbers such as 0.485,0.456,0.406", e);
		}
	}

	/** The same contract, found the way {@code how} says (for reports; not part of equality). */
	public InputContract withSource(final String how) {
		return new InputContract(range, order, mean, std, how);
	}

	/** The same contract with another range. */
	public InputContract withRange(final Range r) {
		return new InputContract(r, order, mean, std, source);
	}

	/** The same contract with another channel order. */
	public InputContract withOrder(final ChannelOrder o) {
		return new InputContract(range, o, mean, std, source);
	}

	public Range range() {
		return range;
	}

	public ChannelOrder order() {
		return order;
	}

	/** Per-channel means, or null when not normalised. */
	public double[] mean() {
		return mean == null ? null : mean.clone();
	}

	/** Per-channel standard deviations, or null when not normalised. */
	public double[] std() {
		return std == null ? null : std.clone();
	}

	public boolean isNormalised() {
		return mean != null;
	}

	/** How the contract was found, for reports: e.g. "found in the graph: ...". */
	public String source() {
		return source;
	}

	/** Whether this is {@link #defaults()} (0..1, RGB, no normalisation). */
	public boolean isDefault() {
		return equals(DEFAULT);
	}

	/** The model's value of a pixel scaled to 0..1, in model channel {@code c}. */
	public float apply(final float v01, final int c) {
		final double v = v01 * range.scale + range.offset;
		if (mean == null) return (float) v;
		final int i = mean.length == 1 ? 0 : c;
		return (float) ((v - mean[i]) / std[i]);
	}

	/**
	 * The image channel that model channel {@code c} reads, for an image of
	 * {@code imageChannels} channels fed to a model of {@code modelChannels}.
	 */
	public int sourceChannel(final int c, final int imageChannels, final int modelChannels) {
		if (imageChannels == 1) return 0;
		return order == ChannelOrder.BGR && imageChannels == 3 && modelChannels == 3 ? 2 - c : c;
	}

	/**
	 * Converts model input made with {@link #defaults()} (values 0..1, RGB) into this contract's
	 * values: exactly what converting the images with this contract gives.
	 *
	 * @param src {@code [n, y, x, c]} values 0..1
	 * @param channels the model's channels {@code c}
	 */
	public float[] fromDefault(final float[] src, final int channels) {
		final float[] dst = new float[src.length];
		for (int p = 0; p < src.length; p += channels)
			for (int c = 0; c < channels; c++)
				dst[p + c] = apply(src[p + sourceChannel(c, channels, channels)], c);
		return dst;
	}

	/** Per model channel, the value of a black pixel: what masks occlude with. */
	public float[] black(final int channels) {
		final float[] v = new float[channels];
		for (int c = 0; c < channels; c++)
			v[c] = apply(0, c);
		return v;
	}

	/** Checks that per-channel values fit a model with {@code channels} channels. */
	public void check(final int channels) {
		if (mean != null && mean.length != 1 && mean.length != channels) throw new LayerTracerException(
			"Normalisation has " + mean.length + " mean/std values; the model has " + channels +
				" channels (give 1 or " + channels + ")");
	}

	/**
	 * A stable textual form, stored in class-means files and run keys:
	 * {@code range=0..255;channels=rgb}, with {@code ;mean=…;std=…} when normalised.
	 */
	@Override
	public String toString() {
		final String s = "range=" + range.label + ";channels=" + order.label();
		return mean == null ? s : s + ";mean=" + join(mean) + ";std=" + join(std);
	}

	/**
	 * For users: {@code 0..255}, {@code 0..1, bgr} (the order named where it is not RGB), with
	 * the normalisation, if any.
	 */
	public String describe() {
		final String s = range.label + (order == ChannelOrder.RGB ? "" : ", " + order.label());
		return mean == null ? s : s + ", normalised with mean " + join(mean) + " and std " + join(
			std);
	}

	/**
	 * Parses {@link #toString()}; also the form of class-means files written before the contract
	 * had a range and an order ({@code range01}, {@code range01;mean=…;std=…}: values 0..1, RGB).
	 */
	public static InputContract fromString(final String s) {
		if (s == null || s.isBlank()) throw new LayerTracerException("No input contract given");
		Range r = Range.ZERO_ONE;
		ChannelOrder o = ChannelOrder.RGB;
		String m = null, d = null;
		for (final String part : s.trim().split(";")) {
			if (part.equals("range01")) r = Range.ZERO_ONE;
			else if (part.startsWith("range=")) r = Range.of(part.substring(6));
			else if (part.startsWith("channels=")) o = ChannelOrder.of(part.substring(9));
			else if (part.startsWith("mean=")) m = part.substring(5);
			else if (part.startsWith("std=")) d = part.substring(4);
			else r = null;
			if (r == null || o == null) throw new LayerTracerException("Unknown input contract '" + s +
				"' (expected e.g. range=0..1;channels=rgb)");
		}
		if ((m == null) != (d == null)) throw new LayerTracerException("Input contract '" + s +
			"' has a mean without a std or a std without a mean");
		final double[][] ms = parseNormalisation(m, d);
		return ms == null ? of(r, o, null, null) : of(r, o, ms[0], ms[1]);
	}

	/** Every range with every order that matters for a model of {@code channels} channels. */
	public static List<InputContract> candidates(final boolean colour) {
		final List<InputContract> out = new ArrayList<>();
		for (final ChannelOrder o : colour ? ChannelOrder.values() : new ChannelOrder[] {
			ChannelOrder.RGB })
			for (final Range r : Range.values())
				out.add(of(r, o, null, null));
		return out;
	}

	private static String join(final double[] a) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < a.length; i++)
			sb.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "%s", a[i]));
		return sb.toString();
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof InputContract && toString().equals(o.toString());
	}

	@Override
	public int hashCode() {
		return toString().hashCode();
	}
}
