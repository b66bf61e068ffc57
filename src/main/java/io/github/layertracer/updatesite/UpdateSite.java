package io.github.layertracer.updatesite;

import io.github.layertracer.LayerTracerException;
import io.github.layertracer.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.GZIPOutputStream;

/**
 * Assembles a Fiji update site folder: every file stored as {@code <path>-<yyyyMMddHHmmss>}
 * and listed in {@code db.xml.gz} with the checksum, timestamp and size the ImageJ updater
 * expects. Checksums are lower-case hex SHA-1: for a jar, over its entries sorted by name
 * (the name's bytes, then the content; in {@code *.properties} files lines starting with
 * {@code #} are blanked; {@code META-INF/MANIFEST.MF} contributes its name only); for any other
 * file, over its path bytes, then its bytes.
 */
public final class UpdateSite {

	private UpdateSite() {}

	/** A file to publish: where it lies and its path in Fiji ({@code jars/x.jar}). */
	public static final class Entry {

		public final Path file;
		public final String fijiPath;

		public Entry(final Path file, final String fijiPath) {
			this.file = file;
			this.fijiPath = fijiPath;
		}
	}

	/**
	 * Writes the site into {@code site} (created if needed): timestamped copies and db.xml.gz.
	 *
	 * @param timestamp {@code yyyyMMddHHmmss}, or null for now
	 */
	public static void build(final List<Entry> entries, final Path site, final String timestamp) {
		final String ts = timestamp != null ? timestamp : LocalDateTime.now().format(
			DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
		final StringBuilder xml = new StringBuilder(
			"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pluginRecords>\n");
		try {
			for (final Entry e : entries) {
				if (!Files.isRegularFile(e.file)) throw new LayerTracerException("File " + e.file +
					" for the update site does not exist (run mvn -B package first)");
				final Path target = site.resolve(e.fijiPath + "-" + ts);
				Files.createDirectories(target.getParent());
				AtomicFiles.writeFile(target, tmp -> Files.copy(e.file, tmp,
					java.nio.file.StandardCopyOption.REPLACE_EXISTING));
				xml.append("  <plugin filename=\"").append(escape(e.fijiPath)).append("\">\n")
					.append("    <version checksum=\"").append(checksum(e.file, e.fijiPath)).append(
						"\" timestamp=\"").append(ts).append("\" filesize=\"").append(Files.size(e.file))
					.append("\"/>\n  </plugin>\n");
			}
			xml.append("</pluginRecords>\n");
			final byte[] text = xml.toString().getBytes(StandardCharsets.UTF_8);
			AtomicFiles.writeFile(site.resolve("db.xml.gz"), tmp -> {
				try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
					out.write(text);
				}
			});
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot write the update site in " + site + ": " + e
				.getMessage(), e);
		}
	}

	/** The updater's checksum of a file published at {@code fijiPath}. */
	public static String checksum(final Path file, final String fijiPath) throws IOException {
		final MessageDigest sha1 = sha1();
		if (fijiPath.endsWith(".jar")) {
			try (JarFile jar = new JarFile(file.toFile())) {
				final List<JarEntry> list = Collections.list(jar.entries());
				list.sort((a, b) -> a.getName().compareTo(b.getName()));
				for (final JarEntry entry : list) {
					if (entry.isDirectory()) continue;
					sha1.update(entry.getName().getBytes(StandardCharsets.UTF_8));
					if (entry.getName().equals("META-INF/MANIFEST.MF")) continue;
					try (InputStream in = jar.getInputStream(entry)) {
						final byte[] bytes = in.readAllBytes();
						sha1.update(entry.getName().endsWith(".properties") ? blankComments(bytes) : bytes);
					}
				}
			}
		}
		else {
			sha1.update(fijiPath.getBytes(StandardCharsets.UTF_8));
			sha1.update(Files.readAllBytes(file));
		}
		final StringBuilder sb = new StringBuilder();
		for (final byte b : sha1.digest())
			sb.append(String.format("%02x", b));
		return sb.toString();
	}

	/** Lines starting with {@code #} emptied (the updater ignores the date Maven writes there). */
	private static byte[] blankComments(final byte[] bytes) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		boolean lineStart = true, comment = false;
		for (final byte b : bytes) {
			if (lineStart) comment = b == '#';
			if (!comment || b == '\n') out.write(b);
			lineStart = b == '\n';
			if (lineStart) comment = false;
		}
		return out.toByteArray();
	}

	private static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-1 is part of every JDK", e);
		}
	}

	private static String escape(final String s) {
		return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
	}

	/**
	 * Fiji's name for a TensorFlow native classifier's platform folder ({@code lib/linux64}),
	 * where the updater installs a file only on that platform.
	 */
	public static String fijiPlatform(final String classifier) {
		switch (classifier) {
			case "linux-x86_64":
				return "linux64";
			case "windows-x86_64":
				return "win64";
			case "macosx-x86_64":
				return "macosx";
			default:
				return classifier; // macosx-arm64, linux-arm64
		}
	}

	private static final java.util.regex.Pattern NATIVE_JAR = java.util.regex.Pattern.compile(
		"tensorflow-core-native-[0-9.]+-(.+)\\.jar");

	/**
	 * Where an engine jar goes in Fiji: {@code lib/layertracer-engine/}, and a native TensorFlow
	 * jar in {@code lib/<platform>/layertracer-engine/}; never {@code jars/}, whose jars Fiji puts
	 * on its class path (see {@link io.github.layertracer.bridge.EngineLoader}).
	 */
	public static String enginePath(final String jarName) {
		final java.util.regex.Matcher m = NATIVE_JAR.matcher(jarName);
		final String folder = io.github.layertracer.bridge.EngineLoader.FIJI_FOLDER + "/";
		return m.matches() ? "lib/" + fijiPlatform(m.group(1)) + "/" + folder + jarName : "lib/" +
			folder + jarName;
	}

	/**
	 * Command line: {@code UpdateSite SITE_DIR PLUGIN_JAR ENGINE_DIR [SCRIPT...]}: the plugin's
	 * jar goes to {@code jars/}, every jar of {@code ENGINE_DIR} to {@link #enginePath}, scripts
	 * to {@code scripts/Plugins/LayerTracer/}.
	 */
	public static void main(final String[] args) throws IOException {
		if (args.length < 3) {
			System.err.println("usage: UpdateSite SITE_DIR PLUGIN_JAR ENGINE_DIR [SCRIPT...]");
			System.exit(2);
		}
		final List<Entry> entries = new ArrayList<>();
		final Path plugin = Paths.get(args[1]);
		entries.add(new Entry(plugin, "jars/" + plugin.getFileName()));
		try (java.util.stream.Stream<Path> engine = Files.list(Paths.get(args[2]))) {
			for (final Path jar : engine.filter(p -> p.toString().endsWith(".jar")).sorted().collect(
				java.util.stream.Collectors.toList()))
				entries.add(new Entry(jar, enginePath(jar.getFileName().toString())));
		}
		for (int i = 3; i < args.length; i++) {
			final Path file = Paths.get(args[i]);
			entries.add(new Entry(file, "scripts/Plugins/LayerTracer/" + file.getFileName()));
		}
		build(entries, Paths.get(args[0]), null);
		System.out.println("Update site with " + entries.size() + " files written to " + args[0]);
	}
}
