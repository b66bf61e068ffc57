/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.means;

import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Messages;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.model.ModelDescription;
import io.github.layertracer.engine.model.ModelOptions;
import io.github.layertracer.engine.model.TensorSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Per-class mean feature maps of every tracked layer (E2CM): for layer {@code l} and class
 * {@code k} the mean of the whole flattened map, the number of samples and the within-class RMS
 * distance to the mean. Immutable.
 */
public final class ClassMeans {

	/** The means of one layer. */
	public static final class Layer {

		private final String name;
		private final String tensorName;
		private final long[] shape;
		private final double[] means;
		private final long[] counts;
		private final double[] rms;

		/**
		 * @param shape feature dimensions without the batch, e.g. {@code [32, 32, 8]}
		 * @param means {@code [classes, features]} flattened, row per class
		 */
		public Layer(final String name, final String tensorName, final long[] shape,
			final double[] means, final long[] counts, final double[] rms)
		{
			this.name = name;
			this.tensorName = tensorName;
			this.shape = shape.clone();
			this.means = means;
			this.counts = counts.clone();
			this.rms = rms.clone();
			if (means.length != (long) counts.length * featureSize()) throw new IllegalArgumentException(
				"means of " + name + " do not match " + counts.length + " classes x " +
					featureSize());
		}

		public String name() {
			return name;
		}

		public String tensorName() {
			return tensorName;
		}

		public long[] shape() {
			return shape.clone();
		}

		public int featureSize() {
			long n = 1;
			for (final long s : shape)
				n *= s;
			return Math.toIntExact(n);
		}

		/** Means, {@code [classes * features]}; do not modify. */
		public double[] means() {
			return means;
		}

		/** Mean of class {@code k}, a copy. */
		public double[] mean(final int k) {
			return Arrays.copyOfRange(means, k * featureSize(), (k + 1) * featureSize());
		}

		public long[] counts() {
			return counts.clone();
		}

		/** Within-class RMS distance to the mean, per class. */
		public double[] rms() {
			return rms.clone();
		}
	}

	private final List<Layer> layers;
	private final List<String> classNames;
	private final InputContract contract;
	private final String signature;
	private final String signatureFingerprint;
	private final String weightsFingerprint;

	public ClassMeans(final List<Layer> layers, final List<String> classNames,
		final InputContract contract, final String signature,
		final String signatureFingerprint, final String weightsFingerprint)
	{
		this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
		this.classNames = Collections.unmodifiableList(new ArrayList<>(classNames));
		this.contract = contract;
		this.signature = signature;
		this.signatureFingerprint = signatureFingerprint;
		this.weightsFingerprint = weightsFingerprint;
	}

	/**
	 * No means at all, for tracing the network's own output only (classic RISE): no layers,
	 * classes named by their logit index, pixels fed as {@code contract} says.
	 */
	public static ClassMeans scoresOnly(final ModelDescription model,
		final InputContract contract)
	{
		final List<String> names = new ArrayList<>();
		for (int k = 0; k < model.classes(); k++)
			names.add(Integer.toString(k));
		return new ClassMeans(List.of(), names, contract, model.signature(),
			signatureFingerprint(model), weightsFingerprint(model.folder()));
	}

	public List<Layer> layers() {
		return layers;
	}

	public Layer layer(final String name) {
		for (final Layer l : layers)
			if (l.name().equals(name)) return l;
		return null;
	}

	/** Class names in logit order. */
	public List<String> classNames() {
		return classNames;
	}

	/** How pixel values became the model's input when the means were computed. */
	public InputContract contract() {
		return contract;
	}

	public String signature() {
		return signature;
	}

	public String signatureFingerprint() {
		return signatureFingerprint;
	}

	public String weightsFingerprint() {
		return weightsFingerprint;
	}

	/** Options that reopen the model with the signature and layers these means were made for. */
	public ModelOptions modelOptions() {
		final List<String> names = new ArrayList<>();
		layers.forEach(l -> names.add(l.name()));
		return ModelOptions.defaults().withSignature(signature).withLayers(names);
	}

	/**
	 * Refuses means made for another model: every layer must exist with the same shape, and
	 * the signature and weights must be those the means were computed with.
	 *
	 * @param source the means file, for messages
	 */
	public void checkAgainst(final ModelDescription model, final String source) {
		if (model.classes() != classNames.size()) throw new LayerTracerException("Class means " +
			source + " have " + classNames.size() + " classes but model " + model.folder() +
			" has " + model.classes());
		for (final Layer l : layers) {
			TensorSpec match = null;
			for (final TensorSpec t : model.layers())
				if (t.name().equals(l.name())) match = t;
			if (match == null) throw new LayerTracerException("Class means " + source +
				" have layer '" + l.name() + "' " + TensorSpec.formatShape(l.shape()) +
				" but model " + model.folder() + " has no such layer (its layers: " + names(model
					.layers()) + ")");
			final long[] modelShape = Arrays.copyOfRange(match.shape(), 1, match.rank());
			if (!Arrays.equals(modelShape, l.shape())) throw new LayerTracerException("Layer '" + l
				.name() + "' has shape " + TensorSpec.formatShape(modelShape) + " in model " + model
					.folder() + " but " + TensorSpec.formatShape(l.shape()) + " in class means " +
				source);
		}
		for (final TensorSpec t : model.layers())
			if (layer(t.name()) == null) throw new LayerTracerException("Class means " + source +
				" have no means for layer '" + t.name() + "' of model " + model.folder() +
				"; recompute them or choose the layers they have: " + String.join(",", layerNames()));
		if (!signatureFingerprint.equals(signatureFingerprint(model))) throw new LayerTracerException(
			"Class means " + source + " were computed for another model signature (input or " +
				"final output differ from " + model.folder() + ")");
		final String weights = weightsFingerprint(model.folder());
		if (!weightsFingerprint.equals(weights)) throw new LayerTracerException("Class means " +
			source + " were computed with other weights than those in " + model.folder() +
			" (the model was retrained or replaced); recompute the class means");
	}

	/**
	 * Opens the model with the signature and layers these means were made for.
	 *
	 * @param source the means file, for messages
	 * @throws LayerTracerException if the model lacks those layers or the means do not fit it
	 */
	public io.github.layertracer.engine.model.LayerModel openModel(final Path folder,
		final String source)
	{
		return openModel(folder, source, 0);
	}

	/** As {@link #openModel(Path, String)}, with a TensorFlow thread count (0 = default). */
	public io.github.layertracer.engine.model.LayerModel openModel(final Path folder,
		final String source, final int threads)
	{
		return openModel(folder, source, ModelOptions.defaults().withThreads(threads));
	}

	/**
	 * As {@link #openModel(Path, String)}, opened as {@code access} says: its threads, tag set
	 * and consent to file operations (its signature and layers are these means').
	 */
	public io.github.layertracer.engine.model.LayerModel openModel(final Path folder,
		final String source, final ModelOptions access)
	{
		final io.github.layertracer.engine.model.LayerModel model;
		try {
			model = io.github.layertracer.engine.model.LayerModel.open(folder, modelOptions()
				.withThreads(access.threads()).withTags(access.tags()).allowFileOperations(access
					.fileOperationsAllowed()));
		}
		catch (final io.github.layertracer.engine.model.LayerModel.UnknownLayerException e) {
			throw new LayerTracerException("Class means " + source + " were made for layers " +
				String.join(", ", layerNames()) + ", which model " + folder + " does not have: " + e
					.getMessage(), e);
		}
		try {
			checkAgainst(model.description(), source);
			return model;
		}
		catch (final RuntimeException e) {
			model.close();
			throw e;
		}
	}

	public List<String> layerNames() {
		final List<String> n = new ArrayList<>();
		layers.forEach(l -> n.add(l.name()));
		return n;
	}

	private static String names(final List<TensorSpec> specs) {
		final List<String> n = new ArrayList<>();
		specs.forEach(s -> n.add(s.name()));
		return String.join(", ", n);
	}

	/** SHA-256 of the model's image input and final output (names, tensors and shapes). */
	public static String signatureFingerprint(final ModelDescription model) {
		final StringBuilder sb = new StringBuilder();
		for (final TensorSpec t : List.of(model.input().spec(), model.scores()))
			sb.append(t.name()).append('|').append(t.tensorName()).append('|').append(Arrays
				.toString(t.shape())).append('\n');
		sb.append(model.classes());
		return sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** SHA-256 of the SavedModel's variables index, which changes whenever the weights do. */
	public static String weightsFingerprint(final Path modelFolder) {
		final Path index = modelFolder.resolve("variables").resolve("variables.index");
		if (!Files.isRegularFile(index)) return "none";
		try (InputStream in = Files.newInputStream(index)) {
			return sha256(in.readAllBytes());
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot read " + index + ": " + io.github.layertracer.api
				.Messages.cause(e), e);
		}
	}

	/**
	 * SHA-256 of the SavedModel's graph ({@code saved_model.pb}): two models with the same
	 * weights (or none) but other graphs differ in it.
	 */
	public static String graphFingerprint(final Path modelFolder) {
		Path pb = modelFolder.resolve("saved_model.pb");
		if (!Files.isRegularFile(pb)) pb = modelFolder.resolve("saved_model.pbtxt");
		try (InputStream in = Files.newInputStream(pb)) {
			final MessageDigest d = MessageDigest.getInstance("SHA-256");
			final byte[] buf = new byte[1 << 16];
			for (int n; (n = in.read(buf)) > 0;)
				d.update(buf, 0, n);
			final StringBuilder sb = new StringBuilder();
			for (final byte b : d.digest())
				sb.append(String.format("%02x", b));
			return sb.toString();
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot read " + pb + ": " + io.github.layertracer.api
				.Messages.cause(e), e);
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}

	/** Lower-case hex SHA-256 of some bytes. */
	public static String sha256(final byte[] bytes) {
		try {
			final byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
			final StringBuilder sb = new StringBuilder();
			for (final byte b : d)
				sb.append(String.format("%02x", b));
			return sb.toString();
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}
}
