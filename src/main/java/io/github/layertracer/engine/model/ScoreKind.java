/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

/** What the model's final class-score output holds. */
public enum ScoreKind {
	/** Unnormalised scores: softmax is applied to turn them into probabilities. */
	LOGITS,
	/** Already probabilities (e.g. a Keras model ending in a softmax): used as they are. */
	PROBABILITIES;

	/**
	 * Parses a user's choice: {@code auto} (returns null), {@code logits} or
	 * {@code probabilities}.
	 */
	public static ScoreKind parse(final String s) {
		if (s == null || s.isBlank() || s.trim().equalsIgnoreCase("auto")) return null;
		switch (s.trim().toLowerCase()) {
			case "logits":
				return LOGITS;
			case "probabilities":
			case "probs":
			case "softmax":
				return PROBABILITIES;
			default:
				throw new io.github.layertracer.api.LayerTracerException("Unknown score kind '" + s +
					"': expected auto, logits or probabilities");
		}
	}
}
