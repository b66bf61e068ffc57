/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.data;

import io.github.layertracer.api.InputFiles;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Messages;
import io.github.layertracer.engine.image.InputConverter;

import ij.IJ;
import ij.ImagePlus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A folder with one subfolder per class (subfolder names are the class names, sorted); images
 * are TIFF, PNG or JPEG files read with ImageJ 1.x, one at a time.
 */
public final class FolderSource implements LabelledSource {

	private static final List<String> EXTENSIONS = List.of(".tif", ".tiff", ".png", ".jpg",
		".jpeg");

	private final Path folder;
	private final List<String> classes;
	private final List<Path> files;
	private final int[] labels;
	private int position;

	private FolderSource(final Path folder, final List<String> classes, final List<Path> files,
		final int[] labels)
	{
		this.folder = folder;
		this.classes = classes;
		this.files = files;
		this.labels = labels;
	}

	/**
	 * Lists the folder.
	 *
	 * @throws LayerTracerException if it is missing, has no class subfolders, or a class
	 *           subfolder has no images
	 */
	public static FolderSource open(final Path folder) {
		InputFiles.checkFolder(folder, "Image folder", "a folder with one subfolder of images " +
			"per class");
		final List<Path> classDirs;
		try (Stream<Path> s = Files.list(folder)) {
			classDirs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString()
				.startsWith(".")).sorted().collect(Collectors.toList());
		}
		catch (final IOException | java.io.UncheckedIOException e) {
			throw new LayerTracerException("Cannot list " + folder + ": " + Messages.cause(
				e instanceof IOException ? (IOException) e : ((java.io.UncheckedIOException) e)
					.getCause()), e);
		}
		if (classDirs.isEmpty()) throw new LayerTracerException("Folder " + folder +
			" has no class subfolders; expected one subfolder of images per class");
		final List<String> classes = new ArrayList<>();
		final List<Path> files = new ArrayList<>();
		final List<Integer> labels = new ArrayList<>();
		for (final Path dir : classDirs) {
			final List<Path> images = images(dir);
			if (images.isEmpty()) throw new LayerTracerException("Class folder " + dir +
				" has no images (TIFF, PNG or JPEG)");
			for (final Path p : images) {
				files.add(p);
				labels.add(classes.size());
			}
			classes.add(dir.getFileName().toString());
		}
		return new FolderSource(folder, Collections.unmodifiableList(classes), files, labels
			.stream().mapToInt(Integer::intValue).toArray());
	}

	/** Whether a file name is one of the image types read here (TIFF, PNG, JPEG). */
	public static boolean isImage(final Path p) {
		final String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		return !n.startsWith(".") && EXTENSIONS.stream().anyMatch(n::endsWith);
	}

	/** Image files of one folder, sorted by name. */
	public static List<Path> images(final Path dir) {
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(Files::isRegularFile).filter(FolderSource::isImage).sorted().collect(
				Collectors.toList());
		}
		catch (final IOException | java.io.UncheckedIOException e) {
			throw new LayerTracerException("Cannot list " + dir + ": " + Messages.cause(
				e instanceof IOException ? (IOException) e : ((java.io.UncheckedIOException) e)
					.getCause()), e);
		}
	}

	/**
	 * Reads one image with ImageJ.
	 *
	 * @throws LayerTracerException naming the file if ImageJ cannot read it
	 */
	public static ImagePlus read(final Path file) {
		InputFiles.checkFile(file, "Image file", "an image file (TIFF, PNG, JPEG)");
		ImageChecks.checkColourSpace(file);
		ImageChecks.checkSizeAndCompleteness(file);
		final ImagePlus imp;
		try {
			imp = IJ.openImage(file.toString());
		}
		catch (final RuntimeException e) {
			throw new LayerTracerException("Cannot read image " + file + ": ImageJ failed on its " +
				"contents (a damaged file, or a kind of TIFF, PNG or JPEG it does not read); save it " +
				"again as an 8-bit or RGB TIFF or PNG", e);
		}
		if (imp == null) throw new LayerTracerException("Cannot read image " + file +
			" (ImageJ could not open it: not a valid TIFF, PNG or JPEG)");
		ImageChecks.checkFinite(imp, file);
		return imp;
	}

	@Override
	public List<String> classNames() {
		return classes;
	}

	@Override
	public int size() {
		return files.size();
	}

	@Override
	public String describe() {
		return folder.toString();
	}

	@Override
	public int next(final InputConverter converter, final float[] dst, final int offset) {
		if (position >= files.size()) return -1;
		final Path file = files.get(position);
		final ImagePlus imp = read(file);
		try {
			converter.convert(InputConverter.planes(imp), dst, offset);
		}
		catch (final LayerTracerException e) {
			throw new LayerTracerException(file + ": " + e.getMessage(), e);
		}
		return labels[position++];
	}

	@Override
	public int[] labels() {
		return labels.clone();
	}

	@Override
	public boolean skip() {
		if (position >= files.size()) return false;
		position++;
		return true;
	}

	@Override
	public void close() {
		// nothing held open between images
	}
}
