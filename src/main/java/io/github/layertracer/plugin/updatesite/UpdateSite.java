/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.updatesite;

import io.github.layertracer.api.AtomicFiles;
import io.github.layertracer.api.InputFiles;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Messages;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.scijava.util.FileUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Assembles a Fiji update site folder the ImageJ updater installs: every file stored as
 * {@code <path>-<yyyyMMddHHmmss>} and listed in {@code db.xml.gz} with the checksum the updater
 * verifies ({@link UpdaterChecksum}), its timestamp and size, the platforms it is for, and the
 * history the updater needs to tell an update from a local change.
 * <p>
 * Building over an existing site keeps what did not change (same checksum: same timestamp, same
 * stored file), records the replaced version of a changed file as a {@code previous-version}
 * (with its old file name where a version number in the name changed), and turns files that
 * are no longer part of the site into obsolete records (no current version, the last one
 * among the previous versions), as the updater itself does when a file is removed. Files are
 * matched by their name without version ({@code jars/layertracer.jar}), as the updater matches
 * them.
 * </p>
 */
public final class UpdateSite {

	private UpdateSite() {}

	/** What the updater shows about the project: on the plugin jar's record. */
	public static final String DESCRIPTION = "LayerTracer: what is my CNN looking at, layer by " +
		"layer? Layer-wise RISE saliency with E2CM class means for CNN classifiers exported as " +
		"TensorFlow SavedModels (Keras model.save folders as they are). Commands under Plugins > " +
		"LayerTracer.";
	public static final String LINK = "https://github.com/layertracer/layertracer";
	public static final String AUTHOR = "LayerTracer developers";

	/** A file to publish: where it lies, its path in Fiji and the platforms it is for. */
	public static final class Entry {

		public final Path file;
		public final String fijiPath;
		/** Updater platform names ({@code linux64}); empty: every platform. */
		public final List<String> platforms;
		/** Shown by the updater; null for none. */
		public final String description;

		public Entry(final Path file, final String fijiPath) {
			this(file, fijiPath, List.of(), null);
		}

		public Entry(final Path file, final String fijiPath, final List<String> platforms,
			final String description)
		{
			this.file = file;
			this.fijiPath = fijiPath;
			this.platforms = List.copyOf(platforms);
			this.description = description;
		}
	}

	/** One version of a file as {@code db.xml.gz} records it. */
	public static final class Version {

		public final String checksum;
		public final String timestamp;
		public final String timestampObsolete;
		public final String filename;

		Version(final String checksum, final String timestamp, final String timestampObsolete,
			final String filename)
		{
			this.checksum = checksum;
			this.timestamp = timestamp;
			this.timestampObsolete = timestampObsolete;
			this.filename = filename;
		}
	}

	/** A file's record in {@code db.xml.gz}. */
	public static final class Record {

		public final String filename;
		public final List<String> platforms;
		/** The current version; null for an obsolete file. */
		public final Version current;
		public final long filesize;
		public final String description;
		public final List<String> links;
		public final List<String> authors;
		public final List<Version> previous;

		Record(final String filename, final List<String> platforms, final Version current,
			final long filesize, final String description, final List<String> links,
			final List<String> authors, final List<Version> previous)
		{
			this.filename = filename;
			this.platforms = List.copyOf(platforms);
			this.current = current;
			this.filesize = filesize;
			this.description = description;
			this.links = List.copyOf(links);
			this.authors = List.copyOf(authors);
			this.previous = List.copyOf(previous);
		}

		/** The name the updater matches records by: without a version number. */
		public String key() {
			return FileUtils.stripFilenameVersion(filename);
		}
	}

	/** What a build did, for the log. */
	public static final class Report {

		public int added, updated, unchanged, obsoleted;

		@Override
		public String toString() {
			return added + " new, " + updated + " updated, " + unchanged + " unchanged, " +
				obsoleted + " made obsolete";
		}
	}

	/**
	 * Writes the site into {@code site} (created if needed): timestamped copies and
	 * {@code db.xml.gz}, keeping the history of the site already there.
	 *
	 * @param timestamp {@code yyyyMMddHHmmss} of the new versions, or null for now
	 */
	public static Report build(final List<Entry> entries, final Path site,
		final String timestamp)
	{
		final String ts = timestamp != null ? timestamp : LocalDateTime.now().format(
			DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
		// everything is read and checked before anything is written: a refused build leaves the
		// site as it was
		if (Files.exists(site)) InputFiles.checkFolder(site, "Update site folder", "a folder " +
			"(a new one, or the site built before)");
		else for (Path up = site.toAbsolutePath().getParent(); up != null; up = up.getParent())
			if (Files.exists(up)) {
				if (!Files.isDirectory(up)) throw new LayerTracerException("Update site folder " +
					site + " cannot be made: " + up + " is a file, not a folder");
				break;
			}
		final Path db = site.resolve("db.xml.gz");
		final Map<String, Record> old = new LinkedHashMap<>();
		if (Files.exists(db, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			InputFiles.checkFile(db, "Update site index", "the db.xml.gz the site was built with");
			for (final Record r : read(db))
				old.put(r.key(), r);
		}
		final Map<Entry, String> checksums = new LinkedHashMap<>();
		for (final Entry e : entries) {
			if (!Files.exists(e.file)) throw new LayerTracerException("File " + e.file +
				" for the update site does not exist (run mvn -B package first)");
			InputFiles.checkFile(e.file, "File for the update site", "a jar or script to publish");
			checksums.put(e, checksum(e));
		}
		final Report report = new Report();
		final List<Record> records = new ArrayList<>();
		try {
			for (final Entry e : entries) {
				final String checksum = checksums.get(e);
				final Record before = old.remove(FileUtils.stripFilenameVersion(e.fijiPath));
				final List<Version> previous = new ArrayList<>();
				String stamp = ts;
				if (before != null && before.current != null && before.current.checksum.equals(
					checksum) && before.filename.equals(e.fijiPath))
				{
					stamp = before.current.timestamp; // unchanged: the installed copy stays current
					previous.addAll(before.previous);
					report.unchanged++;
				}
				else if (before != null) {
					if (before.current != null) previous.add(new Version(before.current.checksum,
						before.current.timestamp, ts, before.filename.equals(e.fijiPath) ? null
							: before.filename));
					previous.addAll(before.previous);
					report.updated++;
				}
				else report.added++;
				final Path stored = site.resolve(e.fijiPath + "-" + stamp);
				if (!Files.isRegularFile(stored) || Files.size(stored) != Files.size(e.file)) {
					Files.createDirectories(stored.getParent());
					// an update site's files are the site's: its builder may replace them
					AtomicFiles.writeFile(stored, p -> true, tmp -> Files.copy(e.file, tmp,
						StandardCopyOption.REPLACE_EXISTING));
				}
				final boolean main = e.fijiPath.startsWith("jars/");
				records.add(new Record(e.fijiPath, e.platforms, new Version(checksum, stamp, null,
					null), Files.size(e.file), e.description, main ? List.of(LINK) : List.of(), main
						? List.of(AUTHOR) : List.of(), previous));
			}
			// what the site had and has no more: obsolete, as the updater marks a removed file
			for (final Record gone : old.values()) {
				final List<Version> previous = new ArrayList<>();
				if (gone.current != null) {
					previous.add(new Version(gone.current.checksum, gone.current.timestamp, ts, null));
					report.obsoleted++;
				}
				previous.addAll(gone.previous);
				records.add(new Record(gone.filename, gone.platforms, null, 0, null, List.of(), List
					.of(), previous));
			}
			final byte[] xml = write(records);
			AtomicFiles.writeFile(db, p -> true, tmp -> {
				try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
					out.write(xml);
				}
			});
			return report;
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot write the update site in " + site + ": " +
				Messages.cause(e), e);
		}
	}

	/** The updater's checksum of a file to publish; a jar that is not one is refused by name. */
	private static String checksum(final Entry e) {
		try {
			return UpdaterChecksum.of(e.file, e.fijiPath);
		}
		catch (final java.util.zip.ZipException x) {
			throw new LayerTracerException("File " + e.file + " for the update site is not a valid " +
				"jar (its zip structure is damaged); build it again (mvn -B package)", x);
		}
		catch (final IOException x) {
			throw new LayerTracerException("Cannot read " + e.file + " for the update site: " +
				Messages.cause(x), x);
		}
	}

	/** What to do about a damaged index, for messages. */
	private static final String RESTORE = "restore it from the site as it was uploaded, or " +
		"move it away to start the site's history anew (installed copies then update as new files)";

	/** The records of a {@code db.xml.gz}. */
	public static List<Record> read(final Path dbXmlGz) {
		final byte[] xml;
		try (InputStream in = new GZIPInputStream(Files.newInputStream(dbXmlGz))) {
			xml = in.readAllBytes(); // unpacked first: a damaged gzip is told apart from bad XML
		}
		catch (final java.util.zip.ZipException | EOFException e) {
			throw new LayerTracerException("Update site index " + dbXmlGz + " is damaged: " + (e
				instanceof EOFException ? "its compressed data ends early (cut short)"
					: "it is not gzip-compressed data, or that data is damaged") + "; " + RESTORE, e);
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot read the update site index " + dbXmlGz + ": " +
				Messages.cause(e), e);
		}
		final Document doc;
		try (InputStream in = new java.io.ByteArrayInputStream(xml)) {
			final DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
			final javax.xml.parsers.DocumentBuilder b = f.newDocumentBuilder();
			b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {

				@Override
				public void fatalError(final org.xml.sax.SAXParseException e)
					throws org.xml.sax.SAXParseException
				{
					throw e; // told below, not printed as well
				}
			});
			doc = b.parse(in);
		}
		catch (final org.xml.sax.SAXParseException e) {
			throw new LayerTracerException("Update site index " + dbXmlGz + " is damaged: its XML " +
				"is not well-formed at line " + e.getLineNumber() + "; " + RESTORE, e);
		}
		catch (final SAXException e) {
			throw new LayerTracerException("Update site index " + dbXmlGz + " is damaged: its XML " +
				"cannot be read; " + RESTORE, e);
		}
		catch (final IOException | ParserConfigurationException e) {
			throw new IllegalStateException("The JDK's XML support failed", e);
		}
		if (!"pluginRecords".equals(doc.getDocumentElement().getTagName()))
			throw new LayerTracerException("Update site index " + dbXmlGz + " is not an update " +
				"site index (its XML is <" + doc.getDocumentElement().getTagName() + ">, expected " +
				"<pluginRecords>); " + RESTORE);
		final List<Record> records = new ArrayList<>();
		final NodeList plugins = doc.getElementsByTagName("plugin");
		for (int i = 0; i < plugins.getLength(); i++) {
			final Element p = (Element) plugins.item(i);
			final List<String> platforms = texts(p, "platform");
			Version current = null;
			long size = 0;
			String description = null;
			List<String> links = List.of(), authors = List.of();
			final List<Version> previous = new ArrayList<>();
			for (Node n = p.getFirstChild(); n != null; n = n.getNextSibling()) {
				if (!(n instanceof Element)) continue;
				final Element c = (Element) n;
				if (c.getTagName().equals("version")) {
					current = new Version(c.getAttribute("checksum"), c.getAttribute("timestamp"), null,
						null);
					try {
						size = Long.parseLong(c.getAttribute("filesize"));
					}
					catch (final NumberFormatException e) {
						throw new LayerTracerException("Update site index " + dbXmlGz + " is damaged: " +
							"the record of " + p.getAttribute("filename") + " has the file size '" + c
								.getAttribute("filesize") + "', expected a whole number; " + RESTORE, e);
					}
					final List<String> d = texts(c, "description");
					description = d.isEmpty() ? null : d.get(0);
					links = texts(c, "link");
					authors = texts(c, "author");
				}
				else if (c.getTagName().equals("previous-version")) previous.add(new Version(c
					.getAttribute("checksum"), c.getAttribute("timestamp"), emptyToNull(c.getAttribute(
						"timestamp-obsolete")), emptyToNull(c.getAttribute("filename"))));
			}
			records.add(new Record(p.getAttribute("filename"), platforms, current, size,
				description, links, authors, previous));
		}
		return records;
	}

	private static List<String> texts(final Element parent, final String tag) {
		final List<String> out = new ArrayList<>();
		for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling())
			if (n instanceof Element && ((Element) n).getTagName().equals(tag)) out.add(n
				.getTextContent());
		return out;
	}

	private static String emptyToNull(final String s) {
		return s == null || s.isEmpty() ? null : s;
	}

	/** The index as the updater reads it: {@code pluginRecords}, one {@code plugin} per file. */
	private static byte[] write(final List<Record> records) {
		try {
			final Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
				.newDocument();
			final Element root = doc.createElement("pluginRecords");
			doc.appendChild(root);
			for (final Record r : records) {
				final Element p = doc.createElement("plugin");
				p.setAttribute("filename", r.filename);
				for (final String platform : r.platforms)
					text(doc, p, "platform", platform);
				if (r.current != null) {
					final Element v = doc.createElement("version");
					v.setAttribute("checksum", r.current.checksum);
					v.setAttribute("timestamp", r.current.timestamp);
					v.setAttribute("filesize", Long.toString(r.filesize));
					if (r.description != null) text(doc, v, "description", r.description);
					for (final String l : r.links)
						text(doc, v, "link", l);
					for (final String a : r.authors)
						text(doc, v, "author", a);
					p.appendChild(v);
				}
				for (final Version prev : r.previous) {
					final Element v = doc.createElement("previous-version");
					v.setAttribute("timestamp", prev.timestamp);
					if (prev.timestampObsolete != null) v.setAttribute("timestamp-obsolete",
						prev.timestampObsolete);
					v.setAttribute("checksum", prev.checksum);
					if (prev.filename != null) v.setAttribute("filename", prev.filename);
					p.appendChild(v);
				}
				root.appendChild(p);
			}
			final Transformer t = TransformerFactory.newInstance().newTransformer();
			t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
			t.setOutputProperty(OutputKeys.INDENT, "yes");
			final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			t.transform(new DOMSource(doc), new StreamResult(out));
			return out.toByteArray();
		}
		catch (final ParserConfigurationException | TransformerException e) {
			throw new IllegalStateException("The JDK's XML support failed", e);
		}
	}

	private static void text(final Document doc, final Element parent, final String tag,
		final String value)
	{
		final Element e = doc.createElement(tag);
		e.setTextContent(value);
		parent.appendChild(e);
	}

	/** The updater's platform name for a TensorFlow Java native classifier, or null. */
	public static String fijiPlatform(final String classifier) {
		switch (classifier) {
			case "linux-x86_64":
				return "linux64";
			case "linux-arm64":
				return "linux-arm64";
			case "macosx-arm64":
				return "macos-arm64";
			case "macosx-x86_64":
				return "macos64";
			case "windows-x86_64":
				return "win64";
			default:
				return null; // e.g. linux-x86_64-gpu: not shipped
		}
	}

	private static final Pattern NATIVE_JAR = Pattern.compile(
		"tensorflow-core-native-[0-9.]+-(.+)\\.jar");

	/**
	 * The updater platform a jar is for ({@code linux64} for the linux-x86_64 native TensorFlow
	 * jar), or null for a jar for every platform.
	 */
	public static String platformOf(final String jarName) {
		final Matcher m = NATIVE_JAR.matcher(jarName);
		return m.matches() ? fijiPlatform(m.group(1)) : null;
	}

	/**
	 * Where an engine jar goes in Fiji: {@code lib/layertracer-engine/}, and a native TensorFlow
	 * jar in {@code lib/<platform>/layertracer-engine/}; never {@code jars/}, whose jars Fiji puts
	 * on its class path (see {@link io.github.layertracer.plugin.bridge.EngineLoader}).
	 */
	public static String enginePath(final String jarName) {
		final String folder = io.github.layertracer.plugin.bridge.EngineLoader.FIJI_FOLDER + "/";
		final String platform = platformOf(jarName);
		return platform != null ? "lib/" + platform + "/" + folder + jarName : "lib/" + folder +
			jarName;
	}

	/**
	 * Command line: {@code UpdateSite SITE_DIR PLUGIN_JAR ENGINE_DIR [SCRIPT...]}: the plugin's
	 * jar goes to {@code jars/}, every jar of {@code ENGINE_DIR} to {@link #enginePath} (native
	 * jars tagged with their platform; natives of platforms the updater does not know are left
	 * out), scripts to {@code scripts/Plugins/LayerTracer/}. An existing site in SITE_DIR keeps
	 * its history.
	 */
	public static void main(final String[] args) {
		final int code = run(args, System.out, System.err);
		if (code != 0) System.exit(code);
	}

	/**
	 * {@link #main} without leaving the JVM: a problem the user can fix is one line
	 * {@code Error: …} on {@code err}.
	 *
	 * @return 0 done, 1 refused (nothing written), 2 usage
	 */
	public static int run(final String[] args, final java.io.PrintStream out,
		final java.io.PrintStream err)
	{
		if (args.length < 3) {
			err.println("usage: UpdateSite SITE_DIR PLUGIN_JAR ENGINE_DIR [SCRIPT...]");
			return 2;
		}
		try {
			final List<Entry> entries = entries(args);
			final Report r = build(entries, Paths.get(args[0]), null);
			out.println("Update site with " + entries.size() + " files written to " + args[0] +
				": " + r);
			return 0;
		}
		catch (final LayerTracerException e) {
			err.println("Error: " + e.getMessage());
			return 1;
		}
	}

	/** The files {@link #main} publishes. */
	private static List<Entry> entries(final String[] args) {
		final List<Entry> entries = new ArrayList<>();
		final Path plugin = Paths.get(args[1]);
		entries.add(new Entry(plugin, "jars/" + plugin.getFileName(), List.of(), DESCRIPTION));
		final Path engineDir = Paths.get(args[2]);
		InputFiles.checkFolder(engineDir, "Engine folder", "the folder of the engine's jars " +
			"(target/engine after mvn -B package)");
		try (java.util.stream.Stream<Path> engine = Files.list(engineDir)) {
			for (final Path jar : engine.filter(p -> p.toString().endsWith(".jar")).sorted().collect(
				java.util.stream.Collectors.toList()))
			{
				final String name = jar.getFileName().toString();
				if (NATIVE_JAR.matcher(name).matches() && platformOf(name) == null) continue;
				final String platform = platformOf(name);
				entries.add(new Entry(jar, enginePath(name), platform == null ? List.of() : List.of(
					platform), "LayerTracer's TensorFlow engine" + (platform == null ? ""
						: " (native library for " + platform + ")") + ": loaded by LayerTracer in a " +
						"class loader of its own, off Fiji's class path."));
			}
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot list the engine folder " + engineDir + ": " +
				Messages.cause(e), e);
		}
		for (int i = 3; i < args.length; i++) {
			final Path file = Paths.get(args[i]);
			entries.add(new Entry(file, "scripts/Plugins/LayerTracer/" + file.getFileName(), List
				.of(), null));
		}
		return entries;
	}
}
