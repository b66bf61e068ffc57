/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import io.github.layertracer.api.LayerTracerException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The number format the network runs in. {@code bfloat16} lets TensorFlow's oneDNN rewrite run
 * the network's convolutions and matrix products in bfloat16 (automatic mixed precision, with
 * float32 accumulation); what LayerTracer adds to the graph — class-mean distances, the sums of
 * the maps — and every number it keeps stay float32 and double. {@code auto} takes bfloat16
 * where the processor computes it natively (AVX-512 BF16 or AMX) and float32 elsewhere.
 */
public enum Precision {
	AUTO, FLOAT32, BFLOAT16;

	/** What users type: {@code auto}, {@code float32}, {@code bfloat16}. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The precision of a label. */
	public static Precision parse(final String s) {
		final String t = s == null || s.isBlank() ? "auto" : s.trim().toLowerCase(Locale.ROOT);
		for (final Precision p : values())
			if (p.label().equals(t)) return p;
		throw new LayerTracerException("Precision '" + s + "' is not one of auto, float32, bfloat16");
	}

	/** The processor's native bfloat16 instructions, or null when it has none. */
	static String nativeBfloat16() {
		final Path info = Paths.get("/proc/cpuinfo");
		try {
			if (!Files.isReadable(info)) return null;
			for (final String line : Files.readAllLines(info)) {
				if (!line.startsWith("flags")) continue;
				final String flags = " " + line.substring(line.indexOf(':') + 1) + " ";
				if (flags.contains(" amx_bf16 ")) return "amx_bf16";
				if (flags.contains(" avx512_bf16 ")) return "avx512_bf16";
				return null;
			}
			return null;
		}
		catch (final IOException | RuntimeException e) {
			return null;
		}
	}

	/** A precision chosen, with the reason for reports. */
	public static final class Choice {

		public final Precision precision;
		public final String reason;

		Choice(final Precision precision, final String reason) {
			this.precision = precision;
			this.reason = reason;
		}

		@Override
		public String toString() {
			return precision.label() + " (" + reason + ")";
		}
	}

	/** {@code auto} made concrete on this machine; the others as they are. */
	public Choice resolve() {
		if (this != AUTO) return new Choice(this, "set by the user");
		final String bf16 = nativeBfloat16();
		return bf16 != null ? new Choice(BFLOAT16, "auto: the processor has " + bf16)
			: new Choice(FLOAT32, "auto: the processor has no native bfloat16");
	}
}
