/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.api;

import java.io.EOFException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/** The cause of a failure in words a user reads, never a library's class name. */
public final class Messages {

	private Messages() {}

	/**
	 * What went wrong, for the end of a message: {@code permission denied}, {@code no space left
	 * on device}, {@code it does not exist}, or the system's own reason.
	 */
	public static String cause(final Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof AccessDeniedException) return "permission denied";
			if (t instanceof NoSuchFileException) return "it does not exist";
			if (t instanceof NotDirectoryException) return "a part of the path is a file, not a folder";
			if (t instanceof FileAlreadyExistsException) return "a file of that name exists";
			if (t instanceof DirectoryNotEmptyException) return "the folder is not empty";
			if (t instanceof EOFException) return "the file ends early (cut short?)";
			if (t instanceof CharacterCodingException) return "it is not text in UTF-8 (or ASCII)";
			if (t instanceof FileSystemException && "not a directory".equalsIgnoreCase(
				((FileSystemException) t).getReason())) return "a part of the path is a file, not a " +
					"folder";
			if (t instanceof FileSystemException && ((FileSystemException) t).getReason() != null)
				return ((FileSystemException) t).getReason().toLowerCase(Locale.ROOT);
			final String m = t.getMessage();
			if (m != null && m.toLowerCase(Locale.ROOT).contains("no space left")) return
				"no space left on device";
			if (m != null && m.toLowerCase(Locale.ROOT).contains("permission denied")) return
				"permission denied";
		}
		final String m = e.getMessage();
		return m == null || m.isBlank() ? "an unexpected " + e.getClass().getSimpleName() : m;
	}
}
