/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.means;

import io.github.layertracer.api.AtomicFiles;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.image.InputContract;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;

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
	 * @throws LayerTracerException naming the file if it is missing, not a class-means file,
	 *           truncated or inconsistent
	 */
	public static ClassMeans read(final Path file) {
		if (Files.isDirectory(file)) throw new LayerTracerException("Class means " + file +
			" is a folder; expected the .h5 file written by Compute Class Means");
		if (!Files.isRegularFile(file)) throw new LayerTracerException("Class means file " + file +
			" does not exist");
		try (HdfFile f = new HdfFile(file)) {
			final String format = string(f, "format", file);
			if (!FORMAT.equals(format)) throw new LayerTracerException("File " + file +
				" is not a LayerTracer class-means file (format '" + format + "')");
			final int version = ((Number) attribute(f, "format_version", file)).intValue();
			if (version > VERSION) throw new LayerTracerException("Class means file " + file +
				" has format version " + version + "; this LayerTracer reads up to " + VERSION);
			final List<String> classes = Arrays.asList((String[]) attribute(f, "classes", file));
			final String[] names = (String[]) attribute(f, "layer_names", file);
			final List<ClassMeans.Layer> layers = new ArrayList<>();
			for (int i = 0; i < names.length; i++) {
				final String path = "layers/" + groupName(i);
				final Node g = f.getByPath(path);
				final String name = string(g, "name", file);
				final String tensor = string(g, "tensor", file);
				final long[] shape = (long[]) attribute(g, "shape", file);
				final Dataset meansSet = f.getDatasetByPath(path + "/means");
				final int[] dims = meansSet.getDimensions();
				if (dims.length != shape.length + 1 || dims[0] != classes.size()) throw corrupt(file,
					"layer '" + name + "' means have dimensions " + Arrays.toString(dims) +
						", expected [" + classes.size() + ", " + Arrays.toString(shape).replaceAll(
							"[\\[\\]]", "") + "]");
				final double[] means = (double[]) meansSet.getDataFlat();
				final long[] counts = (long[]) f.getDatasetByPath(path + "/counts").getData();
				final double[] rms = (double[]) f.getDatasetByPath(path + "/rms").getData();
				if (counts.length != classes.size() || rms.length != classes.size()) throw corrupt(
					file, "layer '" + name + "' has " + counts.length + " counts and " + rms.length +
						" spreads for " + classes.size() + " classes");
				for (int j = 0; j < means.length; j++)
					if (!Double.isFinite(means[j])) throw corrupt(file, "layer '" + name + "' has a " +
						"non-finite mean (" + means[j] + ") for class '" + classes.get(j / Math.max(1,
							means.length / classes.size())) + "'");
				for (int k = 0; k < rms.length; k++)
					if (!Double.isFinite(rms[k]) || rms[k] < 0) throw corrupt(file, "layer '" + name +
						"' has the spread " + rms[k] + " for class '" + classes.get(k) + "'");
				layers.add(new ClassMeans.Layer(name, tensor, shape, means, counts, rms));
			}
			return new ClassMeans(layers, classes, contract(f, file), string(f, "signature", file),
				string(f,
					"signature_fingerprint", file), string(f, "weights_fingerprint", file));
		}
		catch (final LayerTracerException e) {
			throw e;
		}
		catch (final RuntimeException e) {
			throw corrupt(file, e.getClass().getSimpleName() + ": " + e.getMessage());
		}
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
			throw corrupt(file, e.getMessage());
		}
		if (!recorded) return c.withSource("recorded as " + text + " by an earlier LayerTracer");
		return f.getAttribute("input_contract_source") != null ? c.withSource(string(f,
			"input_contract_source", file)) : c;
	}

	private static LayerTracerException corrupt(final Path file, final String what) {
		return new LayerTracerException("Class means file " + file +
			" is corrupt or truncated (" + what + "); recompute it");
	}

	private static Object attribute(final Node node, final String name, final Path file) {
		final Attribute a = node.getAttribute(name);
		if (a == null) throw corrupt(file, "attribute '" + name + "' missing in " + node
			.getPath());
		return a.getData();
	}

	private static String string(final Node node, final String name, final Path file) {
		final Object o = attribute(node, name, file);
		if (!(o instanceof String)) throw corrupt(file, "attribute '" + name + "' is not text");
		return (String) o;
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
