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

/**
 * Writes files and folders so that readers never see half of them: everything goes to a
 * temporary sibling first and is moved into place when complete. On failure the temporary is
 * removed and any previous version is left untouched.
 */
public final class AtomicFiles {

	/** Writes into the path it is given. */
	@FunctionalInterface
	public interface Writer {

		void write(Path target) throws IOException;
	}

	private AtomicFiles() {}

	/**
	 * Writes a file via a temporary sibling, then moves it over {@code target}.
	 *
	 * @throws LayerTracerException naming the file if the folder is not writable or writing fails
	 */
	public static void writeFile(final Path target, final Writer writer) {
		final Path parent = parentOf(target);
		ensureFolder(parent, target);
		if (Files.isDirectory(target)) throw new LayerTracerException("Output " + target +
			" is a folder; a file of that name is to be written there: name a file");
		removeStaleTemporaries(target);
		Path tmp = null;
		try {
			tmp = Files.createTempFile(parent, "." + target.getFileName() + ".", ".tmp");
			writer.write(tmp);
			readable(tmp);
			move(tmp, target);
		}
		catch (final IOException | UncheckedIOException e) {
			deleteQuietly(tmp);
			throw new LayerTracerException("Cannot write " + target + ": " + e.getMessage(), e);
		}
		catch (final LayerTracerException | Error e) {
			deleteQuietly(tmp);
			throw e;
		}
		catch (final RuntimeException e) {
			// a library's own exception for a failed write (a full disk in jHDF, say)
			deleteQuietly(tmp);
			throw new LayerTracerException("Cannot write " + target + ": " + e.getMessage() + (e
				.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""), e);
		}
	}

	/**
	 * The file that marks a folder LayerTracer wrote as a whole (a built model, a data set):
	 * only such a folder, or an empty one, is ever replaced.
	 */
	public static final String MARKER = ".layertracer-output";

	/**
	 * Checks, before any work, that {@code target} may be written as a folder by
	 * {@link #writeFolder}: it does not exist, is empty, or was written by LayerTracer.
	 *
	 * @param what what is written, for the message ("model", "data set")
	 */
	public static void checkFolderTarget(final Path target, final String what) {
		if (!Files.exists(target)) {
			ensureFolder(parentOf(target), target);
			return;
		}
		if (!Files.isDirectory(target)) throw new LayerTracerException("Output " + target +
			" is a file; the " + what + " is written as a folder: choose a new or empty folder");
		if (!isEmpty(target) && !Files.exists(target.resolve(MARKER))) throw new LayerTracerException(
			"Output folder " + target + " is not empty and was not written by LayerTracer; the " +
				what + " would replace what is in it: choose a new or empty folder");
		ensureFolder(parentOf(target), target);
	}

	/**
	 * Writes a folder via a temporary sibling, then puts it at {@code target}. An existing
	 * target is replaced only if it is empty or was itself written by LayerTracer (it holds
	 * {@link #MARKER}); anything else is refused so that no user data is lost.
	 *
	 * @param what what is written, for messages ("model", "data set")
	 */
	public static void writeFolder(final Path target, final String what, final Writer writer) {
		final Path parent = parentOf(target);
		checkFolderTarget(target, what);
		removeStaleTemporaries(target);
		Path tmp = null;
		try {
			tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
			// exporters often insist on creating the folder themselves
			final Path inner = tmp.resolve("out");
			writer.write(inner);
			Files.writeString(inner.resolve(MARKER), "Written by LayerTracer as a whole; " +
				"LayerTracer may replace this folder when asked to write the same output again.\n");
			Path old = null;
			if (Files.exists(target)) {
				old = Files.createTempDirectory(parent, "." + target.getFileName() + ".old.");
				Files.delete(old);
				Files.move(target, old);
			}
			Files.move(inner, target);
			deleteRecursively(tmp);
			if (old != null) deleteRecursively(old);
		}
		catch (final IOException | UncheckedIOException e) {
			deleteQuietly(tmp);
			throw new LayerTracerException("Cannot write " + target + ": " + e.getMessage(), e);
		}
		catch (final RuntimeException | Error e) {
			deleteQuietly(tmp);
			throw e;
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

	/**
	 * Gives a finished temporary file the usual permissions ({@code rw-r--r--}): temporary files
	 * are created private, and results are meant to be shared.
	 */
	public static void readable(final Path file) throws IOException {
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) Files
			.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString(
				"rw-r--r--"));
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
				": " + e.getMessage(), e);
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
