/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import io.github.layertracer.api.LayerTracerException;

/**
 * Which class a trace explains: the network's prediction, a given class (by its index in the
 * model's outputs or by its name), or all classes.
 */
public final class Target {

	private static final Target PREDICTED = new Target(-1, false);
	private static final Target ALL = new Target(-1, true);

	private final int index;
	private final boolean all;
	private final String name;

	private Target(final int index, final boolean all) {
		this(index, all, null);
	}

	private Target(final int index, final boolean all, final String name) {
		this.index = index;
		this.all = all;
		this.name = name;
	}

	/** A class by its name, as the class-means file names it. */
	public static Target named(final String name) {
		return new Target(-1, false, name);
	}

	public static Target predicted() {
		return PREDICTED;
	}

	public static Target all() {
		return ALL;
	}

	public static Target index(final int k) {
		if (k < 0) throw new LayerTracerException("Target class index must be >= 0, got " + k);
		return new Target(k, false);
	}

	/** Parses {@code predicted}, {@code all}, a class index or a class name. */
	public static Target parse(final String s) {
		final String t = s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT);
		if (t.isEmpty() || t.equals("predicted")) return PREDICTED;
		if (t.equals("all")) return ALL;
		if (t.matches("[-+]?\\d+")) {
			try {
				return index(Integer.parseInt(t));
			}
			catch (final NumberFormatException e) {
				throw new LayerTracerException("Target class index '" + s + "' is too large", e);
			}
		}
		return named(s.trim());
	}

	/** The class index among {@code classNames} (logit order); for a named target, looked up. */
	public int index(final java.util.List<String> classNames) {
		if (name == null) return index;
		final int k = classNames.indexOf(name);
		if (k < 0) throw new LayerTracerException("Target '" + name + "' is not predicted, all, a " +
			"class index or one of the class names " + String.join(", ", classNames));
		return k;
	}

	public boolean isAll() {
		return all;
	}

	public boolean isPredicted() {
		return !all && index < 0 && name == null;
	}

	/** The class index, for a fixed target. */
	public int index() {
		return index;
	}

	@Override
	public String toString() {
		return name != null ? name : all ? "all" : index < 0 ? "predicted" : Integer.toString(index);
	}
}
