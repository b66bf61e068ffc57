/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import io.github.layertracer.api.LayerTracerException;

/** Which class a trace explains: the network's prediction, a given class, or all classes. */
public final class Target {

	private static final Target PREDICTED = new Target(-1, false);
	private static final Target ALL = new Target(-1, true);

	private final int index;
	private final boolean all;

	private Target(final int index, final boolean all) {
		this.index = index;
		this.all = all;
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

	/** Parses {@code predicted}, {@code all} or a class index. */
	public static Target parse(final String s) {
		final String t = s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT);
		if (t.isEmpty() || t.equals("predicted")) return PREDICTED;
		if (t.equals("all")) return ALL;
		try {
			return index(Integer.parseInt(t));
		}
		catch (final NumberFormatException e) {
			throw new LayerTracerException("Target '" + s +
				"' is not predicted, all or a class index", e);
		}
	}

	public boolean isAll() {
		return all;
	}

	public boolean isPredicted() {
		return !all && index < 0;
	}

	/** The class index, for a fixed target. */
	public int index() {
		return index;
	}

	@Override
	public String toString() {
		return all ? "all" : index < 0 ? "predicted" : Integer.toString(index);
	}
}
