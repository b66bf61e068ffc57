/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Files a hostile user hands over, made by the tests themselves (a named pipe, a file without
 * read permission), and a snapshot of a folder to show that nothing was written or destroyed.
 * A test that cannot make its file here is skipped with the reason printed.
 */
public final class HostileFiles {

	private HostileFiles() {}

	/** A named pipe made with {@code mkfifo}; skips the test where there is none. */
	public static Path fifo(final Path path) throws Exception {
		boolean made;
		try {
			made = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor() == 0;
		}
		catch (final IOException e) {
			made = false;
		}
		skipUnless(made && Files.exists(path), "mkfifo is missing or failed: cannot make a named " +
			"pipe to give LayerTracer");
		return path;
	}

	/**
	 * {@code file} with no permissions at all (chmod 000); skips the test where permissions do
	 * not stop this process reading it (it runs as root, or the file system has no permissions).
	 */
	public static Path unreadable(final Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
		}
		catch (final UnsupportedOperationException e) {
			skipUnless(false, "no POSIX permissions on this file system");
		}
		final boolean readable = Files.isReadable(file);
		if (readable) System.out.println("Skipped: " + file + " is chmod 000 and still readable " +
			"(the tests run as " + System.getProperty("user.name") + ", whom permissions do not " +
			"stop): a permission-denied file cannot be made here");
		assumeFalse(readable, "permissions do not stop this user (root?) from reading");
		return file;
	}

	/** Skips the test, printing why, unless {@code condition} holds. */
	public static void skipUnless(final boolean condition, final String why) {
		if (!condition) System.out.println("Skipped: " + why);
		assumeTrue(condition, why);
	}

	/** Names, sizes and modification times of everything under a folder (empty if none). */
	public static Map<String, String> snapshot(final Path folder) throws IOException {
		final Map<String, String> m = new TreeMap<>();
		if (!Files.exists(folder)) return m;
		try (Stream<Path> s = Files.walk(folder)) {
			for (final Path p : (Iterable<Path>) s::iterator)
				m.put(folder.relativize(p).toString(), Files.isDirectory(p) ? "dir" : Files
					.isRegularFile(p) ? Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis()
						: "special");
		}
		return m;
	}
}
