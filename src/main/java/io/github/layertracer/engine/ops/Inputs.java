/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.ops;

import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Operation;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * The inputs of one engine call, read by name with the type the operation needs. The names are
 * the operation's {@link Operation#inputs()}: a call that lacks one, or passes another, is
 * refused, and so is an operation that reads a name it does not declare; both are bugs, found by
 * the tests. An empty required file is the user's to fix, and the message names the parameter.
 */
final class Inputs {

	private final Operation operation;
	private final Map<String, ?> values;
	private final Set<String> read = new java.util.HashSet<>();

	Inputs(final Operation operation, final Map<String, ?> values) {
		if (!values.keySet().equals(operation.inputs())) {
			final Set<String> missing = new TreeSet<>(operation.inputs());
			missing.removeAll(values.keySet());
			final Set<String> unknown = new TreeSet<>(values.keySet());
			unknown.removeAll(operation.inputs());
			throw new IllegalArgumentException("Operation '" + operation + "' takes " + operation
				.inputs() + (missing.isEmpty() ? "" : "; missing " + missing) + (unknown.isEmpty() ? ""
					: "; unknown " + unknown));
		}
		this.operation = operation;
		this.values = values;
	}

	private Object raw(final String name) {
		if (!operation.inputs().contains(name)) throw new IllegalStateException("Operation '" +
			operation + "' reads '" + name + "', which it does not declare: add it to " +
			"Operation." + operation.name() + " and its command");
		read.add(name);
		return values.get(name);
	}

	/**
	 * The declared inputs the operation has not read (so far): after a successful call, an input
	 * the user can set but that changes nothing. Checked in the tests.
	 */
	Set<String> unread() {
		final Set<String> unread = new TreeSet<>(operation.inputs());
		unread.removeAll(read);
		return unread;
	}

	/** A required file or folder; {@code what} names it in the message when empty. */
	Path path(final String name, final String what) {
		final Path p = optionalPath(name);
		if (p == null) throw new LayerTracerException("No " + what + " given");
		return p;
	}

	/** A file or folder, or null when not given (null, empty). */
	Path optionalPath(final String name) {
		final Object v = raw(name);
		if (v == null) return null;
		if (v instanceof Path) return ((Path) v).toString().isEmpty() ? null : (Path) v;
		if (v instanceof File) return ((File) v).getPath().isEmpty() ? null : ((File) v).toPath();
		final String s = v.toString();
		return s.isBlank() ? null : Paths.get(s);
	}

	/** A boolean: true or false (a Boolean, or its text). */
	boolean bool(final String name) {
		final Object v = raw(name);
		if (v instanceof Boolean) return (Boolean) v;
		final String s = String.valueOf(v).trim();
		if (s.equalsIgnoreCase("true")) return true;
		if (s.equalsIgnoreCase("false") || s.isEmpty() || v == null) return false;
		throw new LayerTracerException("Input '" + name + "' is '" + v + "'; expected true or false");
	}

	/** A string; null becomes empty. */
	String string(final String name) {
		final Object v = raw(name);
		return v == null ? "" : v.toString();
	}

	int integer(final String name) {
		final long v = longValue(name);
		if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new LayerTracerException("Input '" +
			name + "' is " + v + "; expected at most " + Integer.MAX_VALUE);
		return (int) v;
	}

	long longValue(final String name) {
		final Object v = raw(name);
		if (v instanceof Number) return ((Number) v).longValue();
		try {
			return Long.parseLong(String.valueOf(v).trim());
		}
		catch (final NumberFormatException e) {
			throw new LayerTracerException("Input '" + name + "' is '" + v + "'; expected a whole number");
		}
	}

	double real(final String name) {
		final Object v = raw(name);
		if (v instanceof Number) return ((Number) v).doubleValue();
		try {
			return Double.parseDouble(String.valueOf(v).trim());
		}
		catch (final NumberFormatException e) {
			throw new LayerTracerException("Input '" + name + "' is '" + v + "'; expected a number");
		}
	}

	/** An ImgLib2 image; {@code what} names it in the message when missing. */
	RandomAccessibleInterval<? extends RealType<?>> image(final String name, final String what) {
		final Object v = raw(name);
		if (v == null) throw new LayerTracerException("No " + what + " given");
		if (!(v instanceof RandomAccessibleInterval) || !(Views.iterable(
			(RandomAccessibleInterval<?>) v).firstElement() instanceof RealType))
			throw new IllegalArgumentException("Input '" + name + "' of '" + operation + "' is a " + v
				.getClass().getName() + "; expected an ImgLib2 image of a real type");
		@SuppressWarnings("unchecked")
		final RandomAccessibleInterval<? extends RealType<?>> img =
			(RandomAccessibleInterval<? extends RealType<?>>) v;
		return img;
	}

	/**
	 * Refuses an output ({@code output_file}, {@code output_dir}) that is, or lies inside, one
	 * of the call's input files or folders, or a folder output that holds an input: a command
	 * never writes over what it reads. Paths are compared as the file system resolves them
	 * (links followed).
	 */
	void checkOutputs() {
		for (final Map.Entry<String, ?> o : values.entrySet()) {
			if (!o.getKey().startsWith("output_")) continue;
			final Path out = asPath(o.getValue());
			if (out == null) continue;
			checkOutput(out, o.getKey().equals("output_dir"));
		}
	}

	/** As {@link #checkOutputs()}, for one more file the call writes (a plot beside a table). */
	void checkOutput(final Path out, final boolean folder) {
		final Path real = FolderRun.real(out);
		for (final Map.Entry<String, ?> i : values.entrySet()) {
			if (i.getKey().startsWith("output_")) continue;
			final Path p = asPath(i.getValue());
			if (p == null || !Files.exists(p)) continue;
			final Path input = FolderRun.real(p);
			final String what = "the input '" + i.getKey() + "' (" + p + ")";
			if (real.equals(input)) throw new LayerTracerException("Output " + out + " is " + what +
				"; LayerTracer never writes over what it reads: name another output");
			if (Files.isDirectory(input) && real.startsWith(input)) throw new LayerTracerException(
				"Output " + out + " lies inside " + what + "; LayerTracer never writes into what it " +
					"reads: name an output outside it");
			if (folder && input.startsWith(real)) throw new LayerTracerException("Output folder " +
				out + " holds " + what + "; name an output folder apart from the inputs");
		}
	}

	private static Path asPath(final Object v) {
		if (v instanceof Path) return ((Path) v).toString().isEmpty() ? null : (Path) v;
		if (v instanceof File) return ((File) v).getPath().isEmpty() ? null : ((File) v).toPath();
		return null;
	}

	/** A comma-separated list; empty for none. */
	List<String> list(final String name) {
		return io.github.layertracer.engine.model.ModelOptions.parseList(string(name));
	}
}
