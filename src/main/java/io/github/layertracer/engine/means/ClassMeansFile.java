/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.means;

import io.github.layertracer.api.AtomicFiles;
import io.github.layertracer.api.InputFiles;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Messages;
import io.github.layertracer.engine.image.InputContract;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfInvalidPathException;

import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes class means as one self-describing HDF5 file, readable from Python with h5py:
 *
 * <pre>
 * import h5py
 * f = h5py.File("means.h5")
 * f["layers/00/means"][()]        # [classes, h, w, c], float64
 * f.attrs["classes"], f["layers/00"].attrs["name"]
 * </pre>
 * <p>
 * Root attributes: {@code format} ({@value #FORMAT}), {@code format_version}, {@code classes}
 * (logit order), {@code layer_names}, {@code input_contract} (how pixels became input values,
 * e.g. {@code range=0..255;channels=rgb}) and {@code input_contract_source} (how it was found),
 * {@code signature},
 * {@code signature_fingerprint}, {@code weights_fingerprint}. One group per layer,
 * {@code layers/00}, {@code layers/01}, … in depth order, with attributes {@code name},
 * {@code tensor}, {@code shape} and datasets {@code means} ({@code [classes, feature…]}),
 * {@code counts} and {@code rms}. Writes are atomic.
 * </p>
 */
public final class ClassMeansFile {

	public static final String FORMAT = "layertracer-class-means";
	public static final int VERSION = 1;

	private ClassMeansFile() {}

	/** Writes the means to {@code file} via a temporary file. */
	public static void write(final ClassMeans means, final Path file) {
		if (means.layers().isEmpty()) throw new LayerTracerException("Class means for " + file +
			" have no layer; a class means file needs at least one (trace without one instead)");
		AtomicFiles.writeFile(file, ClassMeansFile::isClassMeansFile, tmp -> {
			try (WritableHdfFile f = HdfFile.write(tmp)) {
				f.putAttribute("format", FORMAT);
				f.putAttribute("format_version", VERSION);
				f.putAttribute("classes", means.classNames().toArray(new String[0]));
				f.putAttribute("layer_names", means.layerNames().toArray(new String[0]));
				f.putAttribute("input_contract", means.contract().toString());
				f.putAttribute("input_contract_source", means.contract().source());
				f.putAttribute("signature", means.signature());
				f.putAttribute("signature_fingerprint", means.signatureFingerprint());
				f.putAttribute("weights_fingerprint", means.weightsFingerprint());
				final WritableGroup layers = f.putGroup("layers");
				int i = 0;
				for (final ClassMeans.Layer l : means.layers()) {
					final WritableGroup g = layers.putGroup(groupName(i++));
					g.putAttribute("name", l.name());
					g.putAttribute("tensor", l.tensorName());
					g.putAttribute("shape", l.shape());
					final int[] dims = new int[l.shape().length + 1];
					dims[0] = means.classNames().size();
					for (int d = 1; d < dims.length; d++)
						dims[d] = (int) l.shape()[d - 1];
					g.putDataset("means", nest(l.means(), dims));
					g.putDataset("counts", l.counts());
					g.putDataset("rms", l.rms());
				}
			}
		});
	}

	/** Refuses, before any work, an output where a file LayerTracer did not write exists. */
	public static void checkOutput(final Path file) {
		io.github.layertracer.api.OwnedFiles.checkReplaceable(file, ClassMeansFile::isClassMeansFile);
	}

	/** Whether a file is a class-means file LayerTracer wrote (its format attribute says so). */
	public static boolean isClassMeansFile(final Path file) {
		try (HdfFile f = new HdfFile(file)) {
			final Attribute a = f.getAttribute("format");
			return a != null && FORMAT.equals(a.getData());
		}
		catch (final RuntimeException e) {
			return false;
		}
	}

	/**
	 * Reads a class-means file.
	 *
	 * @throws LayerTracerException naming the file if it is missing, unreadable, not a
	 *           class-means file, truncated or inconsistent, or larger than the Java memory free
	 */
	public static ClassMeans read(final Path file) {
		InputFiles.checkFile(file, "Class means file", "the .h5 file written by Compute Class " +
			"Means");
		checkSignature(file);
		final String[] at = { "the file's root" }; // what was being read, for the message
		try (HdfFile f = new HdfFile(file)) {
			if (f.getAttribute("format") == null) throw new LayerTracerException("File " + file +
				" is an HDF5 file but not a LayerTracer class-means file (it has no 'format' " +
				"attribute); expected the .h5 file written by Compute Class Means");
			final String format = string(f, "format", file);
			if (!FORMAT.equals(format)) throw new LayerTracerException("File " + file +
				" is not a LayerTracer class-means file (format '" + format + "')");
			final int version = number(f, "format_version", file).intValue();
			if (version > VERSION) throw new LayerTracerException("Class means file " + file +
				" has format version " + version + "; this LayerTracer reads up to " + VERSION);
			final List<String> classes = Arrays.asList(texts(f, "classes", file));
			final String[] names = texts(f, "layer_names", file);
			final List<ClassMeans.Layer> layers = new ArrayList<>();
			for (int i = 0; i < names.length; i++) {
				final String path = "layers/" + groupName(i);
				at[0] = "'" + path + "'";
				final Node g = node(f, path, file);
				final String name = string(g, "name", file);
				final String tensor = string(g, "tensor", file);
				final long[] shape = wholeNumbers(g, "shape", file);
				final Dataset meansSet = dataset(f, path + "/means", file);
				final int[] dims = meansSet.getDimensions();
				if (!matches(dims, classes.size(), shape)) throw corrupt(file, "layer '" + name +
					"' means have dimensions " + Arrays.toString(dims) + ", expected [" + classes
						.size() + ", " + Arrays.toString(shape).replaceAll("[\\[\\]]", "") + "]");
				at[0] = "'" + path + "/means'";
				final double[] means = (double[]) data(meansSet, double.class, file, true);
				final Dataset countSet = dataset(f, path + "/counts", file), rmsSet = dataset(f, path +
					"/rms", file);
				if (countSet.getSize() != classes.size() || rmsSet.getSize() != classes.size())
					throw corrupt(file, "layer '" + name + "' has " + countSet.getSize() +
						" counts and " + rmsSet.getSize() + " spreads for " + classes.size() + " classes");
				at[0] = "'" + path + "/counts'";
				final long[] counts = (long[]) data(countSet, long.class, file, false);
				at[0] = "'" + path + "/rms'";
				final double[] rms = (double[]) data(rmsSet, double.class, file, false);
				for (int j = 0; j < means.length; j++)
					if (!Double.isFinite(means[j])) throw corrupt(file, "layer '" + name + "' has a " +
						"non-finite mean (" + means[j] + ") for class '" + classes.get(j / Math.max(1,
							means.length / classes.size())) + "'");
				for (int k = 0; k < rms.length; k++)
					if (!Double.isFinite(rms[k]) || rms[k] < 0) throw corrupt(file, "layer '" + name +
						"' has the spread " + rms[k] + " for class '" + classes.get(k) + "'");
				layers.add(new ClassMeans.Layer(name, tensor, shape, means, counts, rms));
			}
			at[0] = "the file's root";
			return new ClassMeans(layers, classes, contract(f, file), string(f, "signature", file),
				string(f, "signature_fingerprint", file), string(f, "weights_fingerprint", file));
		}
		catch (final LayerTracerException e) {
			throw e;
		}
		catch (final RuntimeException e) {
			// jHDF's own exceptions: a structure it cannot follow, a checksum that does not match
			throw corrupt(file, "its HDF5 structure cannot be read at " + at[0], e);
		}
	}

	/** The HDF5 format signature, at the start of the file or of a later power-of-two block. */
	private static final byte[] HDF5_SIGNATURE = { (byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a,
		'\n' };

	/** Bytes of an HDF5 file's signature and smallest superblock. */
	private static final int HDF5_HEADER_BYTES = 48;

	/** Refuses a file too short to be HDF5, or without the HDF5 signature where it belongs. */
	private static void checkSignature(final Path file) {
		try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(file)) {
			final long size = c.size();
			if (size < HDF5_HEADER_BYTES) throw corrupt(file, "it has " + size + " bytes, fewer " +
				"than the header of any HDF5 file");
			final java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(HDF5_SIGNATURE.length);
			for (long at = 0; at + HDF5_SIGNATURE.length <= size; at = at == 0 ? 512 : at * 2) {
				b.clear();
				while (b.hasRemaining() && c.read(b, at + b.position()) > 0) {
					// read the signature's bytes
				}
				if (Arrays.equals(b.array(), HDF5_SIGNATURE)) return;
			}
			throw new LayerTracerException("File " + file + " is not an HDF5 file (it has no HDF5 " +
				"signature); expected the .h5 file written by Compute Class Means");
		}
		catch (final java.io.IOException e) {
			throw new LayerTracerException("Cannot read class means file " + file + ": " + Messages
				.cause(e), e);
		}
	}

	/** Whether dataset dimensions are {@code [classes, shape…]}. */
	private static boolean matches(final int[] dims, final int classes, final long[] shape) {
		if (dims.length != shape.length + 1 || dims[0] != classes) return false;
		for (int d = 0; d < shape.length; d++)
			if (dims[d + 1] != shape[d]) return false;
		return true;
	}

	/** A group or dataset of the file; refuses a missing one by its path. */
	private static Node node(final HdfFile f, final String path, final Path file) {
		try {
			return f.getByPath(path);
		}
		catch (final HdfInvalidPathException e) {
			throw corrupt(file, "'" + path + "' is missing", e);
		}
	}

	private static Dataset dataset(final HdfFile f, final String path, final Path file) {
		final Node n = node(f, path, file);
		if (!(n instanceof Dataset)) throw corrupt(file, "'" + path + "' is a group, expected a " +
			"dataset");
		return (Dataset) n;
	}

	/**
	 * The values of a dataset of numbers, checked before they are read: their type, and their
	 * memory against the Java memory that is free.
	 *
	 * @param flat whether to read a dataset of several dimensions as one flat array
	 */
	private static Object data(final Dataset d, final Class<?> type, final Path file,
		final boolean flat)
	{
		if (d.getJavaType() != type) throw corrupt(file, "dataset '" + d.getPath() + "' holds " +
			typeName(d.getJavaType(), d.getDimensions().length > 0) + ", expected " + typeName(type,
				true));
		final long values = d.getSize(), bytes = values * Math.max(1, d.getDataType().getSize());
		final Runtime rt = Runtime.getRuntime();
		final long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		final String what = String.format(java.util.Locale.ROOT, "Class means file %s: dataset " +
			"'%s' has %d values (dimensions %s), %d MB as %s", file, d.getPath(), values, Arrays
				.toString(d.getDimensions()), bytes >> 20, typeName(type, true));
		if (values > Integer.MAX_VALUE - 8) throw new LayerTracerException(what + ", more than " +
			"one Java array holds; compute the means for fewer or smaller layers (layer_list)");
		if (bytes > free) throw new LayerTracerException(what + ", and " + (free >> 20) +
			" MB of Java memory are free; give Java more memory (-Xmx, or Fiji's Edit > Options > " +
			"Memory), or compute the means for fewer or smaller layers (layer_list)");
		return flat ? d.getDataFlat() : d.getData();
	}

	/** The input contract; files of format version 1 before it had one recorded preprocessing. */
	private static InputContract contract(final HdfFile f, final Path file) {
		final boolean recorded = f.getAttribute("input_contract") != null;
		final String text = string(f, recorded ? "input_contract" : "preprocessing", file);
		final InputContract c;
		try {
			c = InputContract.fromString(text);
		}
		catch (final LayerTracerException e) {
			throw corrupt(file, e.getMessage(), e);
		}
		if (!recorded) return c.withSource("recorded as " + text + " by an earlier LayerTracer");
		return f.getAttribute("input_contract_source") != null ? c.withSource(string(f,
			"input_contract_source", file)) : c;
	}

	private static LayerTracerException corrupt(final Path file, final String what) {
		return corrupt(file, what, null);
	}

	private static LayerTracerException corrupt(final Path file, final String what,
		final Throwable cause)
	{
		return new LayerTracerException("Class means file " + file +
			" is corrupt or truncated (" + what + "); recompute it", cause);
	}

	private static Attribute attribute(final Node node, final String name, final Path file) {
		final Attribute a = node.getAttribute(name);
		if (a == null) throw corrupt(file, "attribute '" + name + "' missing in " + node
			.getPath());
		return a;
	}

	/** An attribute's value, refused by what it holds if that is not what is expected. */
	private static Object value(final Node node, final String name, final Path file,
		final String expected, final Class<?>... types)
	{
		final Attribute a = attribute(node, name, file);
		final Object o = a.getData();
		for (final Class<?> t : types)
			if (t.isInstance(o)) return o;
		throw corrupt(file, "attribute '" + name + "' of " + node.getPath() + " holds " +
			typeName(o == null ? null : o.getClass().isArray() ? o.getClass().getComponentType()
				: o.getClass(), o != null && o.getClass().isArray()) + ", expected " + expected);
	}

	private static String string(final Node node, final String name, final Path file) {
		return (String) value(node, name, file, "text", String.class);
	}

	private static Number number(final Node node, final String name, final Path file) {
		return (Number) value(node, name, file, "a whole number", Integer.class, Long.class,
			Short.class, Byte.class);
	}

	private static String[] texts(final Node node, final String name, final Path file) {
		return (String[]) value(node, name, file, "a list of texts", String[].class);
	}

	/** A list of whole numbers, 64-bit as written or 32-bit (h5py's int32). */
	private static long[] wholeNumbers(final Node node, final String name, final Path file) {
		final Object o = value(node, name, file, "a list of whole numbers", long[].class,
			int[].class);
		return o instanceof long[] ? (long[]) o : Arrays.stream((int[]) o).asLongStream().toArray();
	}

	/**
	 * What a Java type read from HDF5 is, in words: "text", "a number", "bytes", "float32
	 * values"…
	 *
	 * @param array whether there are several of them
	 */
	static String typeName(final Class<?> t, final boolean array) {
		final String one, many;
		if (t == null) {
			one = "no value";
			many = "no values";
		}
		else if (t == String.class) {
			one = "text";
			many = "a list of texts";
		}
		else if (t == byte.class || t == Byte.class) {
			one = "a byte";
			many = "bytes (8-bit numbers)";
		}
		else if (t == double.class || t == Double.class) {
			one = "a float64 number";
			many = "float64 values";
		}
		else if (t == float.class || t == Float.class) {
			one = "a float32 number";
			many = "float32 values";
		}
		else if (t == long.class || t == Long.class || t == int.class || t == Integer.class ||
			t == short.class || t == Short.class)
		{
			final int bits = t == long.class || t == Long.class ? 64 : t == int.class ||
				t == Integer.class ? 32 : 16;
			one = "a whole number";
			many = bits + "-bit whole numbers";
		}
		else if (t == boolean.class || t == Boolean.class) {
			one = "a true/false value";
			many = "true/false values";
		}
		else if (t.isArray()) {
			one = many = "a table of " + typeName(t.getComponentType(), true);
		}
		else {
			one = many = "a compound or other HDF5 value";
		}
		return array ? many : one;
	}

	private static String groupName(final int i) {
		return String.format("%02d", i);
	}

	/** A flat row-major array as nested Java arrays of the given dimensions. */
	static Object nest(final double[] flat, final int[] dims) {
		final Object out = Array.newInstance(double.class, dims);
		fill(out, flat, new int[] { 0 }, dims, 0);
		return out;
	}

	private static void fill(final Object array, final double[] flat, final int[] at,
		final int[] dims, final int d)
	{
		if (d == dims.length - 1) {
			System.arraycopy(flat, at[0], array, 0, dims[d]);
			at[0] += dims[d];
			return;
		}
		for (int i = 0; i < dims[d]; i++)
			fill(Array.get(array, i), flat, at, dims, d + 1);
	}
}
