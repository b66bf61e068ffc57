package io.github.layertracer.io;

import io.github.layertracer.LayerTracerException;

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
		catch (final RuntimeException | Error e) {
			deleteQuietly(tmp);
			throw e;
		}
	}

	/**
	 * Writes a folder via a temporary sibling, then puts it at {@code target}. An existing
	 * target is replaced only if it is empty or was itself written as a whole (it contains
	 * {@code marker}); anything else is refused so that no user data is lost.
	 *
	 * @param marker a file name that identifies a folder this code wrote, e.g. saved_model.pb
	 */
	public static void writeFolder(final Path target, final String marker, final Writer writer) {
		final Path parent = parentOf(target);
		ensureFolder(parent, target);
		if (Files.exists(target) && !(Files.isDirectory(target) && (isEmpty(target) || Files
			.exists(target.resolve(marker))))) throw new LayerTracerException("Output " + target +
				" exists and is not an earlier result (no " + marker +
				" in it); choose a new or empty folder");
		Path tmp = null;
		try {
			tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
			// exporters often insist on creating the folder themselves
			final Path inner = tmp.resolve("out");
			writer.write(inner);
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

	/** Same as {@link #writeFolder(Path, String, Writer)} with marker {@code saved_model.pb}. */
	public static void writeFolder(final Path target, final Writer writer) {
		writeFolder(target, "saved_model.pb", writer);
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
