/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.image;

import io.github.layertracer.api.LayerTracerException;

import java.util.Arrays;
import java.util.Locale;

/**
 * How pixel values become model inputs: first scaled to 0..1 by the image type's range
 * (8-bit by 255, 16-bit by 65535, float as it is), then optionally normalised per channel as
 * {@code (v - mean[c]) / std[c]}. Immutable.
 */
public final class Preprocessing {

	private static final Preprocessing DEFAULT = new Preprocessing(null, null);

	private final double[] mean;
	private final double[] std;

	private Preprocessing(final double[] mean, final double[] std) {
		this.mean = mean;
		this.std = std;
	}

	/** Type-range scaling to 0..1 only. */
	public static Preprocessing defaults() {
		return DEFAULT;
	}

	/**
	 * Type-range scaling, then per-channel normalisation. One value applies to every channel.
	 */
	public static Preprocessing normalised(final double[] mean, final double[] std) {
		if (mean == null || std == null || mean.length == 0 || mean.length != std.length)
			throw new LayerTracerException("Normalisation needs as many mean values as std values, got " +
				Arrays.toString(mean) + " and " + Arrays.toString(std));
		for (final double s : std)
			if (!(s > 0)) throw new LayerTracerException("Normalisation std values must be > 0, got " +
				Arrays.toString(std));
		return new Preprocessing(mean.clone(), std.clone());
	}

	/**
	 * Parses command parameters: empty strings mean no normalisation; otherwise
	 * comma-separated numbers.
	 */
	public static Preprocessing parse(final String mean, final String std) {
		final boolean noMean = mean == null || mean.isBlank(), noStd = std == null || std.isBlank();
		if (noMean && noStd) return DEFAULT;
		return normalised(noMean ? new double[] { 0 } : numbers(mean, "mean"), noStd
			? new double[] { 1 } : numbers(std, "std"));
	}

	private static double[] numbers(final String csv, final String what) {
		try {
			return Arrays.stream(csv.split(",")).map(String::trim).mapToDouble(Double::parseDouble)
				.toArray();
		}
		catch (final NumberFormatException e) {
			throw new LayerTracerException("Cannot read the " + what + " values '" + csv +
				"': expected comma-separated numbers such as 0.485,0.456,0.406", e);
		}
	}

	/** Applies normalisation to a value already scaled to 0..1, for channel {@code c}. */
	public float apply(final float v, final int c) {
		if (mean == null) return v;
		final int i = mean.length == 1 ? 0 : c;
		return (float) ((v - mean[i]) / std[i]);
	}

	/** Checks that per-channel values fit a model with {@code channels} channels. */
	public void check(final int channels) {
		if (mean != null && mean.length != 1 && mean.length != channels) throw new LayerTracerException(
			"Normalisation has " + mean.length + " mean/std values; the model has " + channels +
				" channels (give 1 or " + channels + ")");
	}

	/** A stable textual form, stored with class means: {@code range01} or with mean/std. */
	@Override
	public String toString() {
		if (mean == null) return "range01";
		return "range01;mean=" + join(mean) + ";std=" + join(std);
	}

	/** Parses {@link #toString()}. */
	public static Preprocessing fromString(final String s) {
		if (s == null || s.equals("range01")) return DEFAULT;
		String m = null, d = null;
		for (final String part : s.split(";")) {
			if (part.startsWith("mean=")) m = part.substring(5);
			if (part.startsWith("std=")) d = part.substring(4);
		}
		if (m == null || d == null) throw new LayerTracerException("Unknown preprocessing '" + s +
			"'");
		return parse(m, d);
	}

	private static String join(final double[] a) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < a.length; i++)
			sb.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "%s", a[i]));
		return sb.toString();
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Preprocessing && toString().equals(o.toString());
	}

	@Override
	public int hashCode() {
		return toString().hashCode();
	}
}
