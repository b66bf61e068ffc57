/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Writes files and folders so that readers never see half of them: everything goes to a
 * temporary sibling first and is moved into place when complete. On failure the temporary is
 * removed and any previous version is left untouched. Only files LayerTracer wrote are ever
 * replaced ({@link OwnedFiles}); temporaries are created with the user's umask.
 */
public final class AtomicFiles {

	/** Writes into the path it is given. */
	@FunctionalInterface
	public interface Writer {

		void write(Path target) throws IOException;
	}

	private AtomicFiles() {}

	/**
	 * Writes a file via a temporary sibling, then moves it over {@code target}; refuses to
	 * replace a file LayerTracer did not write, and names the file in its folder's marker
	 * ({@link OwnedFiles}).
	 *
	 * @throws LayerTracerException naming the file if the folder is not writable or writing fails
	 */
	public static void writeFile(final Path target, final Writer writer) {
		writeFile(target, null, writer);
	}

	/**
	 * As {@link #writeFile(Path, Writer)}; {@code recognised} tells LayerTracer's own files of
	 * versions that named none in a marker by their content (null: none).
	 */
	public static void writeFile(final Path target, final Predicate<Path> recognised,
		final Writer writer)
	{
		final Path parent = parentOf(target);
		ensureFolder(parent, target);
		OwnedFiles.checkReplaceable(target, recognised);
		removeStaleTemporaries(target);
		Path tmp = null;
		try {
			tmp = temporaryFile(parent, target.getFileName().toString());
			writer.write(tmp);
			move(tmp, target);
			OwnedFiles.record(parent, List.of(target));
		}
		catch (final IOException | UncheckedIOException e) {
			deleteQuietly(tmp);
			throw new LayerTracerException("Cannot write " + target + ": " + Messages.cause(e), e);
		}
		catch (final LayerTracerException | Error e) {
			deleteQuietly(tmp);
			throw e;
		}
		catch (final RuntimeException e) {
			// a library's own exception for a failed write (a full disk in jHDF, say)
			deleteQuietly(tmp);
			throw new LayerTracerException("Cannot write " + target + ": " + Messages.cause(e), e);
		}
	}

	/**
	 * A new empty file {@code .<name>.<random>.tmp} in {@code folder}, created with the
	 * permissions the user's umask gives (Java's own temporary files are private).
	 */
	public static Path temporaryFile(final Path folder, final String name) throws IOException {
		for (int i = 0;; i++) {
			final Path p = folder.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong(),
				36) + ".tmp");
			try {
				return Files.createFile(p);
			}
			catch (final FileAlreadyExistsException e) {
				if (i > 100) throw e;
			}
		}
	}

	/** As {@link #temporaryFile}, a folder. */
	private static Path temporaryFolder(final Path folder, final String name) throws IOException {
		for (int i = 0;; i++) {
			final Path p = folder.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong(),
				36));
			try {
				return Files.createDirectory(p);
			}
			catch (final FileAlreadyExistsException e) {
				if (i > 100) throw e;
			}
		}
	}

	private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

	/**
	 * The marker of folders LayerTracer writes ({@link OwnedFiles#MARKER}): it names the files
	 * LayerTracer wrote there, the only ones it ever replaces or removes.
	 */
	public static final String MARKER = OwnedFiles.MARKER;

	/**
	 * Checks, before any work, that {@code target} may be written as a folder by
	 * {@link #writeFolder}: it does not exist, is empty, or LayerTracer wrote into it (it holds
	 * the marker; then only the files it names are replaced).
	 *
	 * @param what what is written, for the message ("model", "data set")
	 */
	public static void checkFolderTarget(final Path target, final String what) {
		if (Files.isSymbolicLink(target)) throw new LayerTracerException("Output " + target +
			" is a symbolic link; LayerTracer does not write through links: name a folder");
		if (!Files.exists(target)) {
			ensureFolder(parentOf(target), target);
			return;
		}
		if (!Files.isDirectory(target)) throw new LayerTracerException("Output " + target +
			" is a file; the " + what + " is written as a folder: choose a new or empty folder");
		if (!isEmpty(target) && !Files.exists(target.resolve(MARKER))) throw new LayerTracerException(
			"Output folder " + target + " is not empty and was not written by LayerTracer; the " +
				what + " would be mixed with what is in it: choose a new or empty folder");
		ensureFolder(parentOf(target), target);
	}

	/**
	 * Writes a folder via a temporary sibling, then puts its files at {@code target}. An
	 * existing target must be empty or written by LayerTracer (it holds the marker); there, the
	 * files LayerTracer wrote before are replaced by the new ones and every other file stays as
	 * it is; a new file whose name a user's file has is refused before anything changes.
	 *
	 * @param what what is written, for messages ("model", "data set")
	 */
	public static void writeFolder(final Path target, final String what, final Writer writer) {
		final Path parent = parentOf(target);
		checkFolderTarget(target, what);
		removeStaleTemporaries(target);
		Path tmp = null;
		try {
			tmp = temporaryFolder(parent, target.getFileName().toString());
			// exporters often insist on creating the folder themselves
			final Path inner = tmp.resolve("out");
			writer.write(inner);
			final List<String> files = relativeFiles(inner);
			if (!Files.exists(target)) {
				OwnedFiles.writeMarker(inner, files);
				Files.move(inner, target);
			}
			else replaceOwn(target, inner, files, what);
			deleteRecursively(tmp);
		}
		catch (final IOException | UncheckedIOException e) {
			deleteQuietly(tmp);
			throw new LayerTracerException("Cannot write " + target + ": " + Messages.cause(e), e);
		}
		catch (final RuntimeException | Error e) {
			deleteQuietly(tmp);
			throw e;
		}
	}

	/** Every regular file under a folder, relative, {@code /}-separated, sorted. */
	private static List<String> relativeFiles(final Path folder) throws IOException {
		try (java.util.stream.Stream<Path> s = Files.walk(folder)) {
			return s.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString().replace('\\',
				'/')).filter(n -> !n.equals(MARKER)).sorted().collect(Collectors.toList());
		}
	}

	/**
	 * Puts the new files of {@code fresh} into an existing {@code target}: the files the
	 * target's marker names are moved aside, the new ones moved in, the marker rewritten; on a
	 * failure the old files come back. Other files are never touched.
	 */
	private static void replaceOwn(final Path target, final Path fresh, final List<String> files,
		final String what) throws IOException
	{
		final OwnedFiles.Listing old = OwnedFiles.listing(target);
		for (final String f : files) {
			final Path existing = target.resolve(f);
			if (Files.exists(existing, LinkOption.NOFOLLOW_LINKS) && (!Files.isRegularFile(existing,
				LinkOption.NOFOLLOW_LINKS) || !old.lists(f))) throw new LayerTracerException("Output folder " +
					target + " holds " + f + ", which LayerTracer did not write; the " + what +
					" would replace it: move it away or choose a new or empty folder");
		}
		// a legacy marker names nothing: only what the new files replace counts as ours
		final Set<String> ours = new LinkedHashSet<>(old.everything ? files : old.names);
		final Path backup = temporaryFolder(parentOf(target), target.getFileName() + ".old");
		final List<String> moved = new ArrayList<>(), placed = new ArrayList<>();
		try {
			for (final String f : ours) {
				final Path p = target.resolve(f);
				if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
				Files.createDirectories(backup.resolve(f).getParent());
				Files.move(p, backup.resolve(f));
				moved.add(f);
			}
			for (final String f : files) {
				Files.createDirectories(target.resolve(f).getParent());
				Files.move(fresh.resolve(f), target.resolve(f));
				placed.add(f);
			}
			OwnedFiles.writeMarker(target, files);
		}
		catch (final IOException | RuntimeException e) {
			for (final String f : placed)
				deleteQuietly(target.resolve(f));
			for (final String f : moved)
				try {
					Files.move(backup.resolve(f), target.resolve(f));
				}
				catch (final IOException again) {
					e.addSuppressed(again);
				}
			throw e;
		}
		finally {
			deleteQuietly(backup);
		}
	}

	/** How old a temporary file of a killed run must be before the next run removes it. */
	static final long STALE_MILLIS = 10 * 60 * 1000L;

	/**
	 * Removes what killed runs left beside {@code target}: its hidden temporary siblings
	 * ({@code .<name>.*}) older than ten minutes (younger ones may belong to a run going on).
	 */
	public static void removeStaleTemporaries(final Path target) {
		final Path parent = parentOf(target);
		final String prefix = "." + target.getFileName() + ".";
		if (!Files.isDirectory(parent)) return;
		final long now = System.currentTimeMillis();
		try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, p -> p.getFileName()
			.toString().startsWith(prefix)))
		{
			for (final Path p : s)
				if (now - Files.getLastModifiedTime(p).toMillis() > STALE_MILLIS) deleteQuietly(p);
		}
		catch (final IOException e) {
			// best effort
		}
	}

	/** Removes every stale temporary file in a folder (see {@link #removeStaleTemporaries}). */
	public static void removeStaleTemporariesIn(final Path folder) {
		if (!Files.isDirectory(folder)) return;
		final long now = System.currentTimeMillis();
		try (java.util.stream.Stream<Path> s = Files.walk(folder)) {
			for (final Path p : (Iterable<Path>) s.filter(p -> p.getFileName().toString().startsWith(
				".") && p.getFileName().toString().endsWith(".tmp"))::iterator)
				if (now - Files.getLastModifiedTime(p).toMillis() > STALE_MILLIS) deleteQuietly(p);
		}
		catch (final IOException | UncheckedIOException e) {
			// best effort
		}
	}

	/** {@code name.ext} beside {@code name.other}: the same name with another extension. */
	public static Path beside(final Path file, final String ext) {
		final String name = file.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ext);
	}

	private static Path parentOf(final Path target) {
		final Path abs = target.toAbsolutePath();
		return abs.getParent() == null ? abs : abs.getParent();
	}

	private static void ensureFolder(final Path folder, final Path target) {
		try {
			Files.createDirectories(folder);
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot create folder " + folder + " for " + target +
				": " + Messages.cause(e), e);
		}
		if (!Files.isWritable(folder)) throw new LayerTracerException("Folder " + folder +
			" is not writable; cannot write " + target.getFileName());
	}

	private static void move(final Path from, final Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (final AtomicMoveNotSupportedException e) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static boolean isEmpty(final Path dir) {
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
			return !s.iterator().hasNext();
		}
		catch (final IOException e) {
			return false;
		}
	}

	private static void deleteQuietly(final Path p) {
		if (p == null) return;
		try {
			deleteRecursively(p);
		}
		catch (final IOException e) {
			// best effort: the temporary name starts with '.', so it is never taken for a result
		}
	}

	/** Deletes a file or a folder with everything in it. */
	public static void deleteRecursively(final Path p) throws IOException {
		if (!Files.exists(p)) return;
		Files.walkFileTree(p, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs)
				throws IOException
			{
				Files.delete(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(final Path dir, final IOException exc)
				throws IOException
			{
				Files.delete(dir);
				return FileVisitResult.CONTINUE;
			}
		});
	}
}
