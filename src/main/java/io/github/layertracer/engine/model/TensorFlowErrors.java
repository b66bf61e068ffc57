/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import java.util.List;
import java.util.Locale;

import org.tensorflow.exceptions.TFResourceExhaustedException;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * The cause of a failed TensorFlow call in words, for messages. TensorFlow reports a file it
 * cannot write with the operating system's reason inside its own text (a full disk as
 * "resource exhausted"), and memory it cannot have in the same class; these become what they
 * are. Anything else keeps TensorFlow's first line, named as TensorFlow's.
 */
public final class TensorFlowErrors {

	/** Operating system reasons TensorFlow repeats, and how messages say them. */
	private static final List<String[]> FILE_REASONS = List.of(new String[] {
		"no space left on device", "no space left on device" }, new String[] {
			"disk quota exceeded", "disk quota exceeded" }, new String[] { "read-only file system",
				"the file system is read-only" }, new String[] { "permission denied",
					"permission denied" });

	private TensorFlowErrors() {}

	/** What went wrong, e.g. "no space left on device" or "TensorFlow ran out of memory (…)". */
	public static String reason(final TensorFlowException e) {
		final String text = e.getMessage() == null ? "" : e.getMessage();
		final String lower = text.toLowerCase(Locale.ROOT);
		for (final String[] r : FILE_REASONS)
			if (lower.contains(r[0])) return r[1];
		if (e instanceof TFResourceExhaustedException) return "TensorFlow ran out of memory " +
			"(use a smaller batch size, or close other programs)";
		final String first = text.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst()
			.orElse("no details");
		return "TensorFlow reports: " + first;
	}
}
