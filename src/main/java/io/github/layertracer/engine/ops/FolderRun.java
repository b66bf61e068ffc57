/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.ops;

import io.github.layertracer.api.AtomicFiles;
import io.github.layertracer.api.Csv;
import io.github.layertracer.api.InputFiles;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Messages;
import io.github.layertracer.engine.data.FolderSource;
import io.github.layertracer.engine.trace.TraceWriter;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch run over a folder of images (or a list file) into an output folder: which images,
 * where each one's results go, which results may be reused, and the summary of the whole
 * folder. Symbolic links to folders are followed for the images, never inside the output.
 */
final class FolderRun {

	/** The summary table's header. */
	static final String SUMMARY_HEADER = "image,result,status,target,target_name,message";

	private final Path input, root, out;
	private final List<Path> images;
	private final Map<Path, String> bases;

	private FolderRun(final Path input, final Path root, final Path out, final List<Path> images) {
		this.input = input;
		this.root = root;
		this.out = out;
		this.images = Collections.unmodifiableList(images);
		this.bases = bases(root, images);
	}

	/**
	 * Lists the images of a folder (recursively, sorted; never anything under {@code out},
	 * hidden files or {@code *_saliency.tif} results) or of a list file.
	 *
	 * @param out the output folder, or null when there is none (images are only read)
	 * @throws LayerTracerException if the images cannot be listed, none are found, or the output
	 *           is the image folder or holds it
	 */
	static FolderRun open(final Path input, final Path out) {
		if (!Files.exists(input)) throw new LayerTracerException("Image folder or list " + input +
			" does not exist");
		final Path real = real(input);
		final Path outReal = out == null ? null : real(out);
		if (outReal != null && Files.isDirectory(real)) {
			if (outReal.equals(real)) throw new LayerTracerException("The output folder " + out +
				" is the image folder " + input + "; results are written into a folder of their own: " +
				"name another output folder");
			if (real.startsWith(outReal)) throw new LayerTracerException("The image folder " + input +
				" lies inside the output folder " + out + "; name an output folder outside the images");
		}
		final List<Path> images;
		final Path root;
		if (Files.isDirectory(real)) {
			root = real;
			images = walk(real, outReal);
			if (images.isEmpty()) throw new LayerTracerException("No images found in " + input +
				" (looked for TIFF, PNG and JPEG files in it and every folder below it, hidden files " +
				"and *_saliency.tif results left out)");
		}
		else {
			InputFiles.checkFile(input, "Image list", "a folder of images, or a text file that " +
				"lists one image per line");
			root = real.getParent();
			images = list(input, real);
			if (images.isEmpty()) throw new LayerTracerException("The list " + input +
				" names no image (one path per line; blank lines and lines starting with # are left out)");
		}
		return new FolderRun(input, root, out, images);
	}

	/** The real path of an existing path; else that of its nearest existing folder, plus the rest. */
	static Path real(final Path p) {
		final Path abs = p.toAbsolutePath().normalize();
		Path existing = abs;
		while (existing != null && !Files.exists(existing))
			existing = existing.getParent();
		if (existing == null) return abs;
		try {
			return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
		}
		catch (final IOException e) {
			return abs;
		}
	}

	private static List<Path> walk(final Path root, final Path skip) {
		final List<Path> found = new ArrayList<>();
		try {
			Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
				new SimpleFileVisitor<Path>()
				{

					@Override
					public FileVisitResult preVisitDirectory(final Path dir,
						final BasicFileAttributes attrs)
					{
						if (skip != null && real(dir).startsWith(skip)) return FileVisitResult.SKIP_SUBTREE;
						return !dir.equals(root) && dir.getFileName().toString().startsWith(".")
							? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
					}

					@Override
					public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) {
						final String name = file.getFileName().toString();
						if (attrs.isRegularFile() && FolderSource.isImage(file) && !name.endsWith(
							"_saliency.tif")) found.add(file);
						return FileVisitResult.CONTINUE;
					}

					@Override
					public FileVisitResult visitFileFailed(final Path file, final IOException e)
						throws IOException
					{
						if (e instanceof FileSystemLoopException) return FileVisitResult.CONTINUE;
						throw e;
					}
				});
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot list the images of " + root + ": " + Messages.cause(
				e), e);
		}
		Collections.sort(found);
		return found;
	}

	private static List<Path> list(final Path given, final Path file) {
		final List<Path> list = new ArrayList<>();
		try {
			for (final String line : Files.readAllLines(file)) {
				if (line.isBlank() || line.startsWith("#")) continue;
				final Path p = file.getParent().resolve(line.trim());
				if (!Files.isRegularFile(p)) try {
					InputFiles.checkFile(p, "Image", "an image file (TIFF, PNG, JPEG)");
				}
				catch (final LayerTracerException e) {
					throw new LayerTracerException(e.getMessage() + " (listed in " + given + ")", e);
				}
				list.add(p);
			}
			return list;
		}
		catch (final IOException | java.io.UncheckedIOException e) {
			throw new LayerTracerException("Cannot read the list " + given + ": " + Messages.cause(e),
				e);
		}
	}

	/** Every image, in order. */
	List<Path> images() {
		return images;
	}

	/** An image's path relative to the folder (or list) it came from, for messages and tables. */
	String relative(final Path image) {
		final Path abs = image.toAbsolutePath().normalize();
		return (abs.startsWith(root) ? root.relativize(abs) : abs).toString().replace('\\', '/');
	}

	/**
	 * Where an image's results go, relative to the output folder and without extension: its path
	 * relative to the image folder (subfolders mirrored), the extension dropped and
	 * {@code _saliency} appended, as every earlier version named them; where two images would get
	 * one name ({@code a.png} and {@code a.tif}), each keeps its extension
	 * ({@code a.png_saliency}). Images of a list that lie outside its folder are named by their
	 * absolute path under {@code _absolute}.
	 */
	String base(final Path image) {
		return bases.get(image);
	}

	private static Map<Path, String> bases(final Path root, final List<Path> images) {
		final Map<Path, String> rel = new LinkedHashMap<>();
		final Map<String, Integer> count = new HashMap<>();
		for (final Path image : images) {
			final Path abs = image.toAbsolutePath().normalize();
			final Path r = abs.startsWith(root) ? root.relativize(abs) : Paths.get("_absolute").resolve(
				abs.getRoot() == null ? abs : abs.getRoot().relativize(abs));
			final String s = r.toString().replace('\\', '/');
			rel.put(image, s);
			count.merge(withoutExtension(s), 1, Integer::sum);
		}
		final Map<Path, String> out = new HashMap<>();
		for (final Map.Entry<Path, String> e : rel.entrySet()) {
			final String plain = withoutExtension(e.getValue());
			out.put(e.getKey(), (count.get(plain) > 1 ? e.getValue() : plain) + "_saliency");
		}
		return out;
	}

	private static String withoutExtension(final String relative) {
		final int slash = relative.lastIndexOf('/'), dot = relative.lastIndexOf('.');
		return dot > slash + 1 ? relative.substring(0, dot) : relative;
	}

	/**
	 * The folder an image's results go into: under the output folder, through no symbolic link
	 * (LayerTracer never writes through one).
	 */
	Path folder(final Path image) {
		final Path target = out.resolve(base(image)).getParent();
		for (Path p = target; p != null && p.startsWith(out) && !p.equals(out); p = p.getParent())
			if (Files.isSymbolicLink(p)) throw new LayerTracerException("Output folder " + p +
				" is a symbolic link; LayerTracer does not write through links inside " + out);
		return target;
	}

	/** Whether an image's results folder is reached through no symbolic link. */
	boolean throughNoLink(final Path image) {
		try {
			folder(image);
			return true;
		}
		catch (final LayerTracerException e) {
			return false;
		}
	}

	/** The result file of an image with an extension ({@code .json}, {@code .tif}, …). */
	Path result(final Path image, final String ext) {
		return out.resolve(base(image) + ext);
	}

	/** The run key recorded with an image's results; null if there are none. */
	String recordedKey(final Path image) {
		final Path json = result(image, ".json");
		if (!Files.isRegularFile(json)) return null;
		final com.google.gson.JsonObject o = TraceWriter.readJson(json);
		if (o == null || !o.has("run_key")) return "(unreadable or from an older version)";
		return o.get("run_key").getAsString();
	}

	/** Whether an image's results exist and were made with this run's key. */
	boolean done(final Path image, final RunKey key) {
		return Files.isRegularFile(result(image, ".tif")) && key.matches(recordedKey(image));
	}

	/** A failure note beside an image's results, recognised by its name when no marker names it. */
	static boolean isFailureNote(final Path p) {
		return p.getFileName().toString().endsWith("_saliency.failed.txt");
	}

	/**
	 * One row per image of the whole folder, whichever shard writes it: {@code done} (with its
	 * target, read back from the JSON sidecar), {@code failed} (with the reason) or
	 * {@code pending}; text cells as {@link Csv#cell} writes them.
	 *
	 * @return counts of done, failed and pending images
	 */
	int[] writeSummary(final RunKey key, final Path file) {
		final StringBuilder sb = new StringBuilder(SUMMARY_HEADER).append('\n');
		final int[] counts = new int[3];
		for (final Path image : images) {
			final Path failure = result(image, ".failed.txt");
			String status = "pending", target = "", name = "", message = "";
			final com.google.gson.JsonObject o = Files.isRegularFile(result(image, ".tif"))
				? TraceWriter.readJson(result(image, ".json")) : null;
			if (o != null && o.has("run_key") && key.matches(o.get("run_key").getAsString())) {
				status = "done";
				final com.google.gson.JsonObject t = o.getAsJsonArray("targets").get(0)
					.getAsJsonObject();
				target = t.get("index").getAsString();
				name = t.get("name").getAsString();
				counts[0]++;
			}
			else if (Files.isRegularFile(failure)) {
				status = "failed";
				try {
					message = Files.readString(failure).trim();
				}
				catch (final IOException e) {
					message = "(reason unreadable: " + Messages.cause(e) + ")";
				}
				counts[1]++;
			}
			else counts[2]++;
			sb.append(Csv.cell(relative(image))).append(',').append(Csv.cell(status.equals("done")
				? base(image) + ".tif" : "")).append(',').append(status).append(',').append(target)
				.append(',').append(Csv.cell(name)).append(',').append(Csv.cell(message)).append('\n');
		}
		final String text = sb.toString();
		AtomicFiles.writeFile(file, Csv.header(SUMMARY_HEADER), tmp -> Files.writeString(tmp,
			text));
		return counts;
	}

	/** The folder or list the images came from. */
	Path input() {
		return input;
	}

	/**
	 * What results must have been made with to be reused: this run's key, or, for results of
	 * versions whose keys named no graph, that key without it (only where the model has
	 * weights, which then tell models apart).
	 */
	static final class RunKey {

		final String key;
		private final String legacy;

		RunKey(final String key, final String legacy) {
			this.key = key;
			this.legacy = legacy;
		}

		boolean matches(final String recorded) {
			return recorded != null && (recorded.equals(key) || recorded.equals(legacy));
		}
	}
}
