/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which files LayerTracer wrote: each folder it writes into holds a marker,
 * {@value #MARKER}, that names them (paths relative to the folder, one per line). LayerTracer
 * replaces or removes only files named there (or recognised by their content as its own, for
 * results of versions that wrote no marker) and never touches any other file: a user's photo
 * or table beside its results stays as it is.
 * <p>
 * Markers are appended to under a file lock, so runs writing into one folder at once (shards of
 * a batch) never lose each other's entries. A marker of an earlier version (a sentence, no
 * names) means the folder was written as a whole: its files count as LayerTracer's.
 * </p>
 */
public final class OwnedFiles {

	/** The marker's file name. */
	public static final String MARKER = ".layertracer-output";

	private static final String HEADER = "# Written by LayerTracer: the files named below. " +
		"LayerTracer replaces only these and never touches other files here.";
	private static final String LEGACY = "Written by LayerTracer as a whole";

	private OwnedFiles() {}

	/** What a folder's marker says: nothing (no marker), everything (legacy) or these names. */
	static final class Listing {

		final boolean exists, everything;
		final Set<String> names;

		Listing(final boolean exists, final boolean everything, final Set<String> names) {
			this.exists = exists;
			this.everything = everything;
			this.names = names;
		}

		boolean lists(final String relative) {
			return everything || names.contains(relative);
		}
	}

	/** The marker of a folder, read. */
	static Listing listing(final Path folder) {
		final Path marker = folder.resolve(MARKER);
		if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) return new Listing(false, false,
			Set.of());
		try {
			final List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
			final Set<String> names = new LinkedHashSet<>();
			boolean legacy = false;
			for (final String l : lines) {
				if (l.startsWith(LEGACY)) legacy = true;
				else if (!l.isBlank() && !l.startsWith("#")) names.add(l.trim());
			}
			return new Listing(true, legacy, names);
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot read " + marker + ", which names the files " +
				"LayerTracer wrote there: " + Messages.cause(e), e);
		}
	}

	/**
	 * Whether LayerTracer wrote a file: named in the marker of its folder or of a folder above it
	 * (a folder written as a whole), or recognised by {@code recognised} (null: by the marker
	 * only).
	 */
	public static boolean isOurs(final Path file, final Predicate<Path> recognised) {
		final Path abs = file.toAbsolutePath().normalize();
		for (Path dir = abs.getParent(); dir != null; dir = dir.getParent()) {
			final Listing l = listing(dir);
			if (l.exists && l.lists(dir.relativize(abs).toString().replace('\\', '/'))) return true;
		}
		return recognised != null && Files.isRegularFile(file) && recognised.test(file);
	}

	/**
	 * Refuses, before any work, to write {@code target} when a file of that name exists that
	 * LayerTracer did not write, or when it is a symbolic link (LayerTracer never writes through
	 * a link).
	 *
	 * @param recognised recognises LayerTracer's own files by their content; null for none
	 */
	public static void checkReplaceable(final Path target, final Predicate<Path> recognised) {
		if (Files.isSymbolicLink(target)) throw new LayerTracerException("Output " + target +
			" is a symbolic link; LayerTracer does not write through links: name the file itself");
		if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return;
		if (Files.isDirectory(target)) throw new LayerTracerException("Output " + target +
			" is a folder; a file of that name is to be written there: name a file");
		if (!isOurs(target, recognised)) throw new LayerTracerException("Output " + target +
			" exists and was not written by LayerTracer, which never replaces a file it did not " +
			"write: choose another name, or move the file away");
	}

	/** Names files LayerTracer wrote into {@code folder} in its marker (appended, locked). */
	public static void record(final Path folder, final Collection<Path> files) {
		final Path dir = folder.toAbsolutePath().normalize();
		final StringBuilder add = new StringBuilder();
		for (final Path f : files)
			add.append(dir.relativize(f.toAbsolutePath().normalize()).toString().replace('\\', '/'))
				.append('\n');
		final Path marker = dir.resolve(MARKER);
		synchronized (OwnedFiles.class) { // one JVM's writers; the file lock keeps out the others'
			try (FileChannel ch = FileChannel.open(marker, StandardOpenOption.CREATE,
				StandardOpenOption.WRITE, StandardOpenOption.APPEND);
					FileLock lock = ch.lock())
			{
				final String text = (ch.size() == 0 ? HEADER + "\n" : "") + add;
				ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
			}
			catch (final IOException e) {
				throw new LayerTracerException("Cannot write " + marker + ", which names the files " +
					"LayerTracer wrote there: " + Messages.cause(e), e);
			}
		}
	}

	/** Writes a marker that names exactly {@code files} (for a folder written as a whole). */
	static void writeMarker(final Path folder, final Collection<String> relative) {
		final StringBuilder sb = new StringBuilder(HEADER).append('\n');
		for (final String r : relative)
			sb.append(r).append('\n');
		try {
			Files.writeString(folder.resolve(MARKER), sb.toString());
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
