/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * CSV as every table LayerTracer writes has it: RFC 4180 quoting, and text that a spreadsheet
 * would take for a formula ({@code =}, {@code +}, {@code -}, {@code @} first) made inert with a
 * leading {@code '}, as OWASP advises for CSV injection.
 */
public final class Csv {

	private static final Pattern NUMBER = Pattern.compile(
		"[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

	private Csv() {}

	/**
	 * A text cell (a name, a path, a message): quoted where it holds a comma, a quote or a line
	 * break; a leading {@code = + - @}, tab or carriage return, unless the cell is a number,
	 * prefixed with {@code '}.
	 */
	public static String cell(final String text) {
		String s = text == null ? "" : text;
		if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !NUMBER.matcher(s).matches())
			s = "'" + s;
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0)
			return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}

	/** Whether a file's first line is {@code header} (a table LayerTracer wrote). */
	public static boolean hasHeader(final Path file, final String header) {
		try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			final String first = r.readLine();
			return header.equals(first);
		}
		catch (final IOException | RuntimeException e) {
			return false;
		}
	}

	/** A recogniser of LayerTracer's own tables by their header, for {@link AtomicFiles}. */
	public static Predicate<Path> header(final String header) {
		return file -> hasHeader(file, header);
	}
}
