/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/** Suggestions for a name that was not found: the known names closest to it. */
final class Names {

	private Names() {}

	/**
	 * Up to {@code n} distinct names, closest first: names that contain the wanted one (or are
	 * contained in it) first, then by edit distance of the lower-case names.
	 */
	static List<String> closest(final String wanted, final List<String> known, final int n) {
		final String w = wanted.toLowerCase();
		final List<String> sorted = new ArrayList<>(new LinkedHashSet<>(known));
		sorted.sort(Comparator.comparingInt((String k) -> {
			final String l = k.toLowerCase();
			return l.contains(w) || w.contains(l) ? 0 : 1;
		}).thenComparingInt(k -> distance(w, k.toLowerCase())));
		return sorted.subList(0, Math.min(n, sorted.size()));
	}

	/** Levenshtein distance. */
	static int distance(final String a, final String b) {
		int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++)
			prev[j] = j;
		for (int i = 1; i <= a.length(); i++) {
			cur[0] = i;
			for (int j = 1; j <= b.length(); j++)
				cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(
					i - 1) == b.charAt(j - 1) ? 0 : 1));
			final int[] t = prev;
			prev = cur;
			cur = t;
		}
		return prev[b.length()];
	}
}
