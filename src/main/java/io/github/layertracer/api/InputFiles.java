/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one check every reader makes before it opens a file or a folder the user named (images,
 * class means, IDX images and labels, list files, the update site's index). A named pipe, a
 * device or a socket is refused by its kind before anything opens it: opening a pipe waits for
 * a writer forever, and a device such as {@code /dev/zero} never ends. Why a read failed
 * afterwards is {@link Messages#cause}'s to say.
 */
public final class InputFiles {

	private InputFiles() {}

	/**
	 * Refuses anything but a readable regular file (a link to one is fine).
	 *
	 * @param what how the message names the file, e.g. {@code "Image file"}
	 * @param expected what was expected instead, e.g. {@code "an image file (TIFF, PNG, JPEG)"}
	 * @throws LayerTracerException naming the file and what is wrong: it does not exist, is a
	 *           folder, is a named pipe, a device or a socket, or cannot be read
	 */
	public static void checkFile(final Path file, final String what, final String expected) {
		final BasicFileAttributes a = attributes(file, what);
		if (a.isDirectory()) throw new LayerTracerException(what + " " + file +
			" is a folder; expected " + expected);
		if (!a.isRegularFile()) throw new LayerTracerException(what + " " + file + " is " +
			specialKind(file) + ", not a regular file; expected " + expected);
		if (!Files.isReadable(file)) throw new LayerTracerException(what + " " + file +
			" cannot be read: permission denied (give yourself read permission, e.g. chmod u+r)");
	}

	/**
	 * Refuses anything but a folder whose contents can be listed.
	 *
	 * @param what how the message names the folder, e.g. {@code "Image folder"}
	 * @param expected what was expected, e.g. {@code "a folder with one subfolder per class"}
	 */
	public static void checkFolder(final Path folder, final String what, final String expected) {
		final BasicFileAttributes a = attributes(folder, what);
		if (a.isRegularFile()) throw new LayerTracerException(what + " " + folder +
			" is a file; expected " + expected);
		if (!a.isDirectory()) throw new LayerTracerException(what + " " + folder + " is " +
			specialKind(folder) + ", not a folder; expected " + expected);
		if (!Files.isReadable(folder) || !Files.isExecutable(folder)) throw new LayerTracerException(
			what + " " + folder + " cannot be listed: permission denied (give yourself read " +
				"permission, e.g. chmod u+rx)");
	}

	/**
	 * The file's attributes, links followed; refuses a path that does not exist (or that cannot
	 * be looked at) with a message naming it.
	 */
	private static BasicFileAttributes attributes(final Path path, final String what) {
		try {
			return Files.readAttributes(path, BasicFileAttributes.class);
		}
		catch (final NoSuchFileException e) {
			if (Files.isSymbolicLink(path)) {
				String to;
				try {
					to = Files.readSymbolicLink(path).toString();
				}
				catch (final IOException | UnsupportedOperationException x) {
					to = "a file";
				}
				throw new LayerTracerException(what + " " + path + " is a link to " + to +
					", which does not exist", e);
			}
			throw new LayerTracerException(what + " " + path + " does not exist", e);
		}
		catch (final IOException e) {
			for (Path up = path.toAbsolutePath().getParent(); up != null; up = up.getParent())
				if (Files.isRegularFile(up)) throw new LayerTracerException(what + " " + path +
					" does not exist: " + up + " is a file, not a folder", e);
			throw new LayerTracerException(what + " " + path + " cannot be looked at: " + Messages
				.cause(e), e);
		}
	}

	/**
	 * What a path that is neither a regular file nor a folder is, for messages: "a named pipe",
	 * "a device", "a socket" (from the Unix file mode where the platform tells it), or "a special
	 * file".
	 */
	public static String specialKind(final Path path) {
		try {
			final Object mode = Files.getAttribute(path, "unix:mode");
			if (mode instanceof Integer) {
				switch ((Integer) mode & 0170000) {
					case 0010000:
						return "a named pipe";
					case 0020000:
					case 0060000:
						return "a device";
					case 0140000:
						return "a socket";
					default:
						break;
				}
			}
		}
		catch (final IOException | UnsupportedOperationException | IllegalArgumentException e) {
			// no Unix file modes here (Windows): the generic name below
		}
		try {
			if (Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
				.isOther()) return "a special file (a named pipe, a device or a socket)";
		}
		catch (final IOException e) {
			// the generic name below
		}
		return "a special file";
	}
}
