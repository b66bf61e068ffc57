/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.updatesite;

import static io.github.layertracer.HostileFiles.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.Refusals;
import io.github.layertracer.TestModels;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The update site builder given a damaged site (its {@code db.xml.gz} not gzip, cut short, not
 * XML, not the updater's index), a site path that is a file, and files to publish that are
 * missing or not jars: one line {@code Error: …} that says what is wrong and what to do, exit
 * 1, and the site exactly as it was.
 */
public class UpdateSiteHostileTest {

	private static Path dir, plugin, engine, script;

	@BeforeAll
	public static void prepare() throws Exception {
		dir = TestModels.newFolder("site-hostile");
		engine = Files.createDirectories(dir.resolve("engine"));
		plugin = jar(dir.resolve("layertracer-1.0.jar"));
		jar(engine.resolve("tensorflow-core-api-1.1.0.jar"));
		script = dir.resolve("Trace_Folder_Batch.ijm");
		Files.writeString(script, "// script\n");
	}

	private static Path jar(final Path file) throws Exception {
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
			out.putNextEntry(new ZipEntry("x.txt"));
			out.write(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
			out.closeEntry();
		}
		return file;
	}

	/** A site built once, whose index is then replaced by {@code db}. */
	private static Path siteWithIndex(final String name, final byte[] db) throws Exception {
		final Path site = dir.resolve(name);
		assertEquals(0, run(site).code);
		Files.write(site.resolve("db.xml.gz"), db);
		return site;
	}

	private static byte[] gzip(final String text) throws Exception {
		final ByteArrayOutputStream b = new ByteArrayOutputStream();
		try (OutputStream o = new GZIPOutputStream(b)) {
			o.write(text.getBytes(StandardCharsets.UTF_8));
		}
		return b.toByteArray();
	}

	private static final class Result {

		int code;
		String out, err;
	}

	private static Result run(final Path site, final String... more) {
		final ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		final String[] args = new String[3 + more.length];
		args[0] = site.toString();
		args[1] = plugin.toString();
		args[2] = engine.toString();
		System.arraycopy(more, 0, args, 3, more.length);
		final Result r = new Result();
		r.code = UpdateSite.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
			new PrintStream(e, true, StandardCharsets.UTF_8));
		r.out = o.toString(StandardCharsets.UTF_8);
		r.err = e.toString(StandardCharsets.UTF_8);
		return r;
	}

	/** Builds into {@code site}: refused with every part, nothing there written or changed. */
	private static void refused(final Path site, final Path watched, final List<String> says,
		final String... more) throws Exception
	{
		final Map<String, String> before = snapshot(watched);
		final Result r = run(site, more);
		final String all = "exit " + r.code + "\n" + r.err;
		assertEquals(1, r.code, all);
		assertEquals(1, r.err.lines().count(), "one line\n" + all);
		assertTrue(r.err.startsWith("Error: "), all);
		for (final String s : says)
			assertTrue(r.err.contains(s), "names '" + s + "'\n" + all);
		assertFalse(r.err.contains("Exception") || r.err.contains("\tat "), all);
		assertEquals(before, snapshot(watched), "the site as it was");
	}

	@Test
	public void aDamagedIndexIsRefusedAndTheSiteKept() throws Exception {
		final String restore = "restore it from the site as it was uploaded";
		final Path notGzip = siteWithIndex("not-gzip", "<pluginRecords/>".getBytes(
			StandardCharsets.UTF_8));
		refused(notGzip, notGzip, List.of(notGzip.resolve("db.xml.gz").toString(), "is damaged",
			"not gzip-compressed", restore), script.toString());
		final byte[] good = gzip("<pluginRecords><plugin filename=\"a.jar\"/></pluginRecords>");
		final Path cut = siteWithIndex("cut", java.util.Arrays.copyOf(good, good.length / 2));
		refused(cut, cut, List.of("is damaged", "ends early", restore), script.toString());
		final Path notXml = siteWithIndex("not-xml", gzip("pluginRecords, as a CSV\n"));
		refused(notXml, notXml, List.of("is damaged", "not well-formed at line 1", restore), script
			.toString());
		final Path other = siteWithIndex("other-xml", gzip("<project/>"));
		refused(other, other, List.of("not an update site index", "<project>"), script.toString());
		final Path size = siteWithIndex("bad-size", gzip("<pluginRecords><plugin filename=" +
			"\"jars/a.jar\"><version checksum=\"x\" timestamp=\"1\" filesize=\"big\"/></plugin>" +
			"</pluginRecords>"));
		refused(size, size, List.of("jars/a.jar", "file size 'big'", "whole number"), script
			.toString());
		// the library's own way in says the same
		Refusals.assertMessage(() -> UpdateSite.read(notGzip.resolve("db.xml.gz")), "is damaged");
	}

	@Test
	public void aSitePathThatIsAFileIsRefused() throws Exception {
		final Path file = dir.resolve("site.txt");
		Files.writeString(file, "mine\n");
		refused(file, dir, List.of(file.toString(), "is a file", "expected a folder"));
		assertEquals("mine\n", Files.readString(file));
		refused(file.resolve("site"), dir, List.of(file.resolve("site").toString(),
			"cannot be made", file + " is a file"));
	}

	@Test
	public void filesToPublishThatCannotBeAreRefusedBeforeAnyIsCopied() throws Exception {
		final Path site = dir.resolve("partial");
		refused(site, dir, List.of("/no/such.ijm", "does not exist"), script.toString(),
			"/no/such.ijm");
		assertFalse(Files.exists(site), "no half-built site");
		final Path fake = dir.resolve("Fake_Script.jar");
		Files.writeString(fake, "not a jar\n");
		final Path engine2 = Files.createDirectories(dir.resolve("engine2"));
		Files.copy(fake, engine2.resolve("fake-1.0.jar"));
		final Map<String, String> before = snapshot(dir);
		final ByteArrayOutputStream e = new ByteArrayOutputStream();
		assertEquals(1, UpdateSite.run(new String[] { site.toString(), plugin.toString(), engine2
			.toString() }, new PrintStream(new ByteArrayOutputStream()), new PrintStream(e, true,
				StandardCharsets.UTF_8)));
		final String err = e.toString(StandardCharsets.UTF_8);
		assertTrue(err.contains("fake-1.0.jar") && err.contains("not a valid jar"), err);
		assertEquals(before, snapshot(dir));
		final ByteArrayOutputStream noEngine = new ByteArrayOutputStream();
		assertEquals(1, UpdateSite.run(new String[] { site.toString(), plugin.toString(),
			"/no/engine" }, new PrintStream(new ByteArrayOutputStream()), new PrintStream(noEngine,
				true, StandardCharsets.UTF_8)));
		assertTrue(noEngine.toString(StandardCharsets.UTF_8).contains(
			"Engine folder /no/engine does not exist"), noEngine.toString(StandardCharsets.UTF_8));
		assertEquals(before, snapshot(dir));
	}
}
