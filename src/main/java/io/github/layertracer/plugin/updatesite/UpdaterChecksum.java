/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.updatesite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The checksum the ImageJ updater computes for a file it downloads and verifies (it refuses a
 * mismatch with "Incorrect checksum"): lower-case hex SHA-1.
 * <ul>
 * <li>A jar: every entry, directories included, sorted by name; for each, its name's bytes
 * (ASCII, anything else as {@code ?}), then its content, where a {@code .properties} entry goes
 * through {@link #skipHashedLines} (Maven writes the build date in a comment) and
 * {@code META-INF/MANIFEST.MF} contributes nothing (the updater's manifest filter keeps no
 * line).</li>
 * <li>Any other file: its path in Fiji (ASCII), then its bytes.</li>
 * </ul>
 */
public final class UpdaterChecksum {

	private UpdaterChecksum() {}

	/** The checksum of a file published at {@code fijiPath} ({@code jars/x.jar}). */
	public static String of(final Path file, final String fijiPath) throws IOException {
		final MessageDigest sha1 = sha1();
		if (fijiPath.endsWith(".jar")) {
			try (JarFile jar = new JarFile(file.toFile())) {
				final List<JarEntry> entries = Collections.list(jar.entries());
				entries.sort(Comparator.comparing(JarEntry::getName));
				for (final JarEntry entry : entries) {
					sha1.update(entry.getName().getBytes(StandardCharsets.US_ASCII));
					if (entry.getName().equals("META-INF/MANIFEST.MF")) continue;
					try (InputStream in = jar.getInputStream(entry)) {
						if (entry.getName().endsWith(".properties")) sha1.update(skipHashedLines(in
							.readAllBytes()));
						else update(sha1, in); // streamed: native libraries are hundreds of MB
					}
				}
			}
		}
		else {
			sha1.update(fijiPath.getBytes(StandardCharsets.US_ASCII));
			try (InputStream in = Files.newInputStream(file)) {
				update(sha1, in);
			}
		}
		final StringBuilder hex = new StringBuilder(40);
		for (final byte b : sha1.digest())
			hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf,
				16));
		return hex.toString();
	}

	/**
	 * What the updater reads of a {@code .properties} file: comment lines are dropped, their
	 * line feed kept. "At line start" is a state: it holds at the beginning and after a line feed
	 * read in the middle of a line; a {@code #} read there starts a comment that runs to the next
	 * line feed. The state machine has two quirks that change checksums and are kept: a line feed
	 * read at line start (an empty line, or a comment line of nothing but {@code #}s) leaves the
	 * state <em>off</em>, so the next line is read as text even if it starts with {@code #}.
	 */
	public static byte[] skipHashedLines(final byte[] in) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
		boolean atLineStart = true, inComment = false;
		for (final byte b : in) {
			if (inComment) {
				if (atLineStart) {
					if (b == '#') continue; // more hashes at the start of the comment
					atLineStart = false;
					if (b == '\n') { // "#\n": the comment ends, line start is lost
						inComment = false;
						out.write(b);
					}
				}
				else if (b == '\n') {
					inComment = false;
					atLineStart = true;
					out.write(b);
				}
				continue;
			}
			if (atLineStart) {
				if (b == '#') {
					inComment = true;
					continue;
				}
				atLineStart = false; // even for '\n': an empty line loses line start
			}
			else if (b == '\n') atLineStart = true;
			out.write(b);
		}
		return out.toByteArray();
	}

	private static void update(final MessageDigest sha1, final InputStream in)
		throws IOException
	{
		final byte[] buffer = new byte[1 << 16];
		for (int n; (n = in.read(buffer)) > 0;)
			sha1.update(buffer, 0, n);
	}

	private static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-1 is part of every JDK", e);
		}
	}
}
