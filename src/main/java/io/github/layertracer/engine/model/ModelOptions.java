/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Limits;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How to open a model: which meta graph (by its tags), which signature, which layers in which
 * order, extra graph tensors to tap, whether the final scores are logits or probabilities, and
 * whether a model that touches files may run. Immutable; the {@code with…}
 * methods return modified copies.
 */
public final class ModelOptions {

	public static final String DEFAULT_SIGNATURE = "serving_default";

	private final String signature;
	private final List<String> layers;
	private final List<String> taps;
	private final ScoreKind scoreKind;
	private final int threads;
	private final boolean scoresOnly;
	private final List<String> tags;
	private final boolean fileOperationsAllowed;
	private final Precision precision;

	private ModelOptions(final String signature, final List<String> layers,
		final List<String> taps, final ScoreKind scoreKind, final int threads,
		final boolean scoresOnly, final List<String> tags, final boolean fileOperationsAllowed)
	{
		this(signature, layers, taps, scoreKind, threads, scoresOnly, tags, fileOperationsAllowed,
			Precision.FLOAT32);
	}

	private ModelOptions(final String signature, final List<String> layers,
		final List<String> taps, final ScoreKind scoreKind, final int threads,
		final boolean scoresOnly, final List<String> tags, final boolean fileOperationsAllowed,
		final Precision precision)
	{
		this.precision = precision;
		this.scoresOnly = scoresOnly;
		this.signature = signature;
		this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
		this.taps = Collections.unmodifiableList(new ArrayList<>(taps));
		this.scoreKind = scoreKind;
		this.threads = threads;
		this.tags = Collections.unmodifiableList(new ArrayList<>(tags));
		this.fileOperationsAllowed = fileOperationsAllowed;
	}

	public static ModelOptions defaults() {
		return new ModelOptions(DEFAULT_SIGNATURE, List.of(), List.of(), null, 0, false, List.of(),
			false);
	}

	/** Signature key; {@code serving_default} unless chosen. */
	public ModelOptions withSignature(final String key) {
		return new ModelOptions(key == null || key.isBlank() ? DEFAULT_SIGNATURE : key.trim(),
			layers, taps, scoreKind, threads, scoresOnly, tags, fileOperationsAllowed, precision);
	}

	/**
	 * Explicit layers, in the order given: Keras layer names ({@code conv2d_1}), signature
	 * output names or tensor names ({@code "conv2d_1/Relu:0"} in the top-level graph,
	 * {@code sequential/conv2d_1/Relu} inside a function body), mixed; {@code all} for every layer
	 * output found. Empty means the default: the signature's layer outputs where it has any,
	 * otherwise every convolution and dense layer after its activation, by depth.
	 */
	public ModelOptions withLayers(final List<String> names) {
		return new ModelOptions(signature, names, taps, scoreKind, threads, scoresOnly, tags,
			fileOperationsAllowed, precision);
	}

	/**
	 * No intermediate layer at all: only the final scores are followed (classic RISE, for
	 * tracing without class means).
	 */
	public ModelOptions scoresOnly() {
		return new ModelOptions(signature, List.of(), List.of(), scoreKind, threads, true, tags,
			fileOperationsAllowed, precision);
	}

	/** Whether only the final scores are followed. */
	public boolean isScoresOnly() {
		return scoresOnly;
	}

	/** Graph tensors to track in addition to the signature's layer outputs. */
	public ModelOptions withTaps(final List<String> tensorNames) {
		return new ModelOptions(signature, layers, tensorNames, scoreKind, threads, scoresOnly, tags,
			fileOperationsAllowed, precision);
	}

	/** Forces the interpretation of the final scores; null detects it from the graph. */
	public ModelOptions withScoreKind(final ScoreKind kind) {
		return new ModelOptions(signature, layers, taps, kind, threads, scoresOnly, tags,
			fileOperationsAllowed, precision);
	}

	/**
	 * Threads TensorFlow may use inside one operation and between operations; 0 lets TensorFlow
	 * decide.
	 *
	 * @throws LayerTracerException below 0 or above {@link Limits#MAX_THREADS}: TensorFlow starts
	 *           that many threads twice when it opens the model, and a huge number never returns
	 */
	public ModelOptions withThreads(final int n) {
		if (n < 0 || n > Limits.MAX_THREADS) throw new LayerTracerException("Threads must be " +
			"from 0 (TensorFlow decides) to " + Limits.MAX_THREADS + ", got " + n + (n > 0
				? "; this computer has " + Runtime.getRuntime().availableProcessors() +
					" processors, and more threads than processors make nothing faster" : ""));
		return new ModelOptions(signature, layers, taps, scoreKind, n, scoresOnly, tags,
			fileOperationsAllowed, precision);
	}

	/**
	 * The tag set of the meta graph to load, e.g. {@code [serve]} or {@code [serve, gpu]}; the
	 * order does not matter. Empty (or null) means the default: the meta graph tagged exactly
	 * {@code serve}, otherwise the file's only one.
	 */
	public ModelOptions withTags(final List<String> tagSet) {
		final List<String> clean = new ArrayList<>();
		if (tagSet != null) for (final String t : tagSet)
			if (t != null && !t.isBlank() && !clean.contains(t.trim())) clean.add(t.trim());
		return new ModelOptions(signature, layers, taps, scoreKind, threads, scoresOnly, clean,
			fileOperationsAllowed, precision);
	}

	/**
	 * The user's consent to run a model whose graph reads, writes or lists files, prints to a
	 * file or reaches the network (see {@link FileOperationScan}). Without it such a model is
	 * refused before TensorFlow loads it; with it the model opens and the operations are listed in
	 * {@link ModelDescription#notes()}.
	 */
	public ModelOptions allowFileOperations(final boolean allow) {
		return new ModelOptions(signature, layers, taps, scoreKind, threads, scoresOnly, tags,
			allow, precision);
	}

	public String signature() {
		return signature;
	}

	public List<String> layers() {
		return layers;
	}

	public List<String> taps() {
		return taps;
	}

	public ScoreKind scoreKind() {
		return scoreKind;
	}

	public int threads() {
		return threads;
	}

	/** The requested tag set; empty for the default choice. */
	public List<String> tags() {
		return tags;
	}

	/** Whether the user allowed operations that touch files or the network. */
	public boolean fileOperationsAllowed() {
		return fileOperationsAllowed;
	}

	/**
	 * The number format the network runs in ({@link Precision}); float32 unless chosen. Commands
	 * default to {@code auto}.
	 */
	public ModelOptions withPrecision(final Precision p) {
		return new ModelOptions(signature, layers, taps, scoreKind, threads, scoresOnly, tags,
			fileOperationsAllowed, p == null ? Precision.FLOAT32 : p);
	}

	public Precision precision() {
		return precision;
	}

	/** Splits a comma-separated list from a command parameter, trimming blanks. */
	public static List<String> parseList(final String csv) {
		final List<String> out = new ArrayList<>();
		if (csv == null) return out;
		for (final String s : csv.split(","))
			if (!s.isBlank()) out.add(s.trim());
		return out;
	}
}
