/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.api;

import static io.github.layertracer.Refusals.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.layertracer.HostileFiles;
import io.github.layertracer.TestModels;

import java.io.EOFException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The one check of every input file, and the I/O errors it and the readers tell in words. */
public class InputFilesTest {

	private static final String WHAT = "Image file", EXPECTED = "an image file";

	@Test
	public void eachKindOfPathGetsItsOwnAnswer() throws Exception {
		final Path dir = TestModels.newFolder("input-files");
		final Path file = Files.writeString(dir.resolve("a.txt"), "x");
		InputFiles.checkFile(file, WHAT, EXPECTED);
		InputFiles.checkFolder(dir, "Image folder", "a folder");
		assertMessage(() -> InputFiles.checkFile(dir.resolve("none.png"), WHAT, EXPECTED),
			"Image file " + dir.resolve("none.png") + " does not exist");
		assertMessage(() -> InputFiles.checkFile(dir, WHAT, EXPECTED), dir + " is a folder; " +
			"expected an image file");
		assertMessage(() -> InputFiles.checkFolder(file, "Image folder", "a folder"), file +
			" is a file; expected a folder");
		assertMessage(() -> InputFiles.checkFile(Path.of("/dev/null"), WHAT, EXPECTED),
			"/dev/null is a device, not a regular file; expected an image file");
		final Path link = dir.resolve("link.png");
		Files.createSymbolicLink(link, dir.resolve("gone.png"));
		assertMessage(() -> InputFiles.checkFile(link, WHAT, EXPECTED), link + " is a link to " +
			dir.resolve("gone.png") + ", which does not exist");
		final Path good = dir.resolve("good.png");
		Files.createSymbolicLink(good, file);
		InputFiles.checkFile(good, WHAT, EXPECTED); // a link to a file is that file
		assertMessage(() -> InputFiles.checkFile(file.resolve("x.png"), WHAT, EXPECTED),
			file.resolve("x.png") + " does not exist: " + file + " is a file, not a folder");
		final Path pipe = HostileFiles.fifo(dir.resolve("pipe.png"));
		assertMessage(() -> InputFiles.checkFile(pipe, WHAT, EXPECTED), pipe +
			" is a named pipe, not a regular file");
		assertMessage(() -> InputFiles.checkFolder(pipe, "Image folder", "a folder"), pipe +
			" is a named pipe, not a folder");
	}

	@Test
	public void aSocketIsNamedAsOne() throws Exception {
		final Path socket = TestModels.newFolder("socket").resolve("s.png");
		boolean made;
		try {
			made = new ProcessBuilder("/usr/bin/python3", "-c", "import socket, sys; socket.socket(" +
				"socket.AF_UNIX).bind(sys.argv[1])", socket.toString()).start().waitFor() == 0;
		}
		catch (final java.io.IOException e) {
			made = false;
		}
		HostileFiles.skipUnless(made, "python3 is needed to make a Unix socket");
		assertMessage(() -> InputFiles.checkFile(socket, WHAT, EXPECTED), socket +
			" is a socket, not a regular file");
	}

	@Test
	public void unreadableFilesSayPermissionDenied() throws Exception {
		final Path file = HostileFiles.unreadable(Files.writeString(TestModels.newFolder("locked")
			.resolve("a.png"), "x"));
		assertMessage(() -> InputFiles.checkFile(file, WHAT, EXPECTED), file +
			" cannot be read: permission denied");
	}

	@Test
	public void ioErrorsInWords() {
		assertEquals("permission denied", Messages.cause(new AccessDeniedException("/x")));
		assertEquals("it does not exist", Messages.cause(new NoSuchFileException("/x")));
		assertEquals("no space left on device", Messages.cause(new FileSystemException("/x", null,
			"No space left on device")));
		assertEquals("no space left on device", Messages.cause(new java.io.IOException(
			"No space left on device")));
		assertEquals("a part of the path is a file, not a folder", Messages.cause(
			new FileSystemException("/x/y", null, "Not a directory")));
		assertEquals("the file ends early (cut short?)", Messages.cause(new EOFException()));
		assertEquals("it is not text in UTF-8 (or ASCII)", Messages.cause(
			new MalformedInputException(1)));
	}
}
