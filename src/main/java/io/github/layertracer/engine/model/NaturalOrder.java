/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import java.util.Comparator;

/**
 * Compares names so that embedded numbers count as numbers: {@code block2} before
 * {@code block10}, {@code conv2d} before {@code conv2d_1}.
 */
public final class NaturalOrder implements Comparator<String> {

	public static final NaturalOrder INSTANCE = new NaturalOrder();

	private NaturalOrder() {}

	@Override
	public int compare(final String a, final String b) {
		int i = 0, j = 0;
		while (i < a.length() && j < b.length()) {
			final char ca = a.charAt(i), cb = b.charAt(j);
			if (Character.isDigit(ca) && Character.isDigit(cb)) {
				int ei = i, ej = j;
				while (ei < a.length() && Character.isDigit(a.charAt(ei))) ei++;
				while (ej < b.length() && Character.isDigit(b.charAt(ej))) ej++;
				final String na = strip(a.substring(i, ei)), nb = strip(b.substring(j, ej));
				if (na.length() != nb.length()) return na.length() - nb.length();
				final int c = na.compareTo(nb);
				if (c != 0) return c;
				i = ei;
				j = ej;
			}
			else {
				if (ca != cb) return Character.compare(ca, cb);
				i++;
				j++;
			}
		}
		return (a.length() - i) - (b.length() - j);
	}

	private static String strip(final String digits) {
		int k = 0;
		while (k < digits.length() - 1 && digits.charAt(k) == '0') k++;
		return digits.substring(k);
	}
}
