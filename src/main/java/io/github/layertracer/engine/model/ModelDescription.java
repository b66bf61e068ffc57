/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a SavedModel offers LayerTracer: the chosen signature, its image input, the final class
 * scores and the intermediate layers in depth order. Immutable.
 */
public final class ModelDescription {

	private final Path folder;
	private final String signature;
	private final List<String> signatures;
	private final ImageInput input;
	private final TensorSpec scores;
	private final int classes;
	private final ScoreKind scoreKind;
	private final String scoreKindReason;
	private final List<TensorSpec> layers;
	private final String layerOrder;
	private final List<String> notes;
	private final List<TensorSpec> candidates;
	private final java.util.Set<String> defaults;
	private final boolean functions;
	private final InputScaling.Statement scaling;

	ModelDescription(final Path folder, final String signature, final List<String> signatures,
		final ImageInput input, final TensorSpec scores, final int classes,
		final ScoreKind scoreKind, final String scoreKindReason, final List<TensorSpec> layers,
		final String layerOrder, final List<String> notes, final List<TensorSpec> candidates,
		final java.util.Set<String> defaults, final boolean functions,
		final InputScaling.Statement scaling)
	{
		this.scaling = scaling;
		this.candidates = Collections.unmodifiableList(new ArrayList<>(candidates));
		this.defaults = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(defaults));
		this.functions = functions;
		this.folder = folder;
		this.signature = signature;
		this.signatures = Collections.unmodifiableList(new ArrayList<>(signatures));
		this.input = input;
		this.scores = scores;
		this.classes = classes;
		this.scoreKind = scoreKind;
		this.scoreKindReason = scoreKindReason;
		this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
		this.layerOrder = layerOrder;
		this.notes = Collections.unmodifiableList(new ArrayList<>(notes));
	}

	public Path folder() {
		return folder;
	}

	public String signature() {
		return signature;
	}

	/** Every signature key the model has. */
	public List<String> signatures() {
		return signatures;
	}

	public ImageInput input() {
		return input;
	}

	/** The final class scores (logits or probabilities, see {@link #scoreKind()}). */
	public TensorSpec scores() {
		return scores;
	}

	public int classes() {
		return classes;
	}

	public ScoreKind scoreKind() {
		return scoreKind;
	}

	/** Why the score kind was chosen (graph, probe or user). */
	public String scoreKindReason() {
		return scoreKindReason;
	}

	/** Intermediate layers, shallowest first; may be empty. */
	public List<TensorSpec> layers() {
		return layers;
	}

	/**
	 * Everything a trace follows: the intermediate layers in order, then the final scores. For a
	 * model without intermediate outputs this is the final output alone (classic RISE).
	 */
	public List<TensorSpec> trackedOutputs() {
		final List<TensorSpec> all = new ArrayList<>(layers);
		all.add(scores);
		return Collections.unmodifiableList(all);
	}

	/**
	 * Every layer output the model offers, by depth: signature outputs, top-level graph layers
	 * and layers inside function bodies (not the final scores).
	 */
	public List<TensorSpec> candidates() {
		return candidates;
	}

	/** Names of the layers traced when none are chosen. */
	public java.util.Set<String> defaultLayers() {
		return defaults;
	}

	/** Whether the layers live inside function bodies (TF2/Keras exports). */
	public boolean hasFunctionBodies() {
		return functions;
	}

	/** How the layers were ordered: {@code graph depth}, {@code name} or {@code user}. */
	public String layerOrder() {
		return layerOrder;
	}

	/**
	 * The scaling the model applies to its image input itself (a Keras {@code Rescaling} or
	 * {@code Normalization} layer, or the same arithmetic), measured; null when it states none.
	 */
	public InputScaling.Statement inputScaling() {
		return scaling;
	}

	/**
	 * The value range the model states it expects through its own scaling step; null when it
	 * states none.
	 */
	public io.github.layertracer.engine.image.InputContract.Range statedRange() {
		return scaling == null ? null : scaling.expected();
	}

	/** Remarks for the user, such as outputs that were skipped. */
	public List<String> notes() {
		return notes;
	}

	private static String line(final int i, final TensorSpec l, final String remark) {
		return String.format("  %2d. %-24s %-16s %-22s depth %-4s %s%n", i, l.name(), l.opType()
			.isEmpty() ? "?" : l.opType(), TensorSpec.formatShape(l.shape()), l.depth() < 0 ? "?"
				: Integer.toString(l.depth()), remark.isEmpty() ? "[" + l.tensorName() + "]"
					: "(" + remark + ")");
	}

	/** Whether a file holds a report of {@link #format()} (recognised by its first line). */
	public static boolean isReport(final java.nio.file.Path file) {
		try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(file)) {
			final String first = r.readLine(), second = r.readLine();
			return first != null && first.startsWith("Model: ") && second != null && second
				.startsWith("Signature: ");
		}
		catch (final java.io.IOException | RuntimeException e) {
			return false;
		}
	}

	/** The human-readable report printed by {@code inspect}. */
	public String format() {
		final StringBuilder sb = new StringBuilder();
		sb.append("Model: ").append(folder).append('\n');
		sb.append("Signature: ").append(signature).append(" (available: ").append(String.join(
			", ", signatures)).append(")\n");
		final TensorSpec in = input.spec();
		sb.append("Input: ").append(in.name()).append(" [").append(in.tensorName()).append("] ")
			.append(TensorSpec.formatShape(in.shape())).append(" -> ").append(input.height())
			.append(" x ").append(input.width()).append(" x ").append(input.channels()).append(
				" (").append(input.axes()).append(")\n");
		sb.append("Input values: ").append(statedRange() != null ? statedRange().label() + " (" +
			scaling.because() + ")" : "0..1 assumed (" + (scaling == null
				? "the model does not scale its input itself" : "the model " + scaling.describe() +
					" itself, layer " + scaling.layer() + ", which states no range") +
			"; Compute Class Means and Layer Accuracy measure it from labelled images; set " +
			"input_range and channel_order to choose)").append('\n');
		sb.append("Scores: ").append(scores.name()).append(" [").append(scores.tensorName())
			.append("] ").append(TensorSpec.formatShape(scores.shape())).append(", ").append(
				classes).append(" classes, ").append(scoreKind.name().toLowerCase()).append(" (")
			.append(scoreKindReason).append(")\n");
		sb.append("Traced (").append(layers.size()).append(layers.size() == 1 ? " layer" : " layers")
			.append(" and the final scores, ordered by ").append(layerOrder).append("):\n");
		int i = 1;
		for (final TensorSpec l : layers)
			sb.append(line(i++, l, ""));
		sb.append(line(i, scores, "final " + scoreKind.name().toLowerCase()));
		if (!candidates.isEmpty()) {
			sb.append("\nEvery layer output found (").append(candidates.size()).append(
				"; * = traced by default; choose with layers=\"a,b\" or layers=all):\n");
			for (final TensorSpec c : candidates)
				sb.append(String.format("  %s %-24s %-16s %-22s depth %-4s %-14s %s%n", defaults
					.contains(c.name()) ? "*" : " ", c.name(), c.opType().isEmpty() ? "?" : c.opType(),
					TensorSpec.formatShape(c.shape()), c.depth() < 0 ? "?" : Integer.toString(c
						.depth()), c.origin().label(), c.tensorName()));
		}
		if (candidates.isEmpty()) {
			sb.append("\nThe model offers no intermediate layer output: tracing follows the ")
				.append("final output only (classic RISE).\n");
		}
		for (final String n : notes)
			sb.append("Note: ").append(n).append('\n');
		return sb.toString();
	}
}
