/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The operations of the engine, one per command: the contract between the commands (plugin
 * side), the engine and the launcher. Each operation is named once; the rest follows from the
 * name:
 * <ul>
 * <li>the menu label and macro name: {@link #label()}, e.g. {@code "Trace Image File"};</li>
 * <li>the command class: the label without spaces plus {@code Command}, e.g.
 * {@code TraceImageFileCommand};</li>
 * <li>the launcher's subcommand: the label in lower case with dashes, e.g.
 * {@code trace-image-file} ({@link #subcommand()}), and its short alias ({@link #alias()}), e.g.
 * {@code trace}.</li>
 * </ul>
 * {@link #inputs()} are the names (the command's parameter names) of everything the engine
 * reads: the command passes exactly these, the engine reads no other; tests check both sides.
 */
public enum Operation {

	RUN_DEMO("Run Demo", "demo", "output_dir", "image_count", "seed", "masks"),
	MAKE_DEMO_DATA("Make Demo Data", "make-data", "kind", "output_dir", "image_count", "seed"),
	BUILD_DEMO_MODEL("Build Demo Model", "build-model", "arch", "output_dir", "epochs", "seed",
		"export_style", "fashion_dir"),
	INSPECT_MODEL("Inspect Model", "inspect", group(Group.MODEL, "signature", "layer_list", "taps",
		"score_kind", "output_file")),
	COMPUTE_CLASS_MEANS("Compute Class Means", "means", group(Group.INPUT, "data_path",
		"label_file", "class_names", "output_file", "batch_size", "signature", "layer_list", "taps")),
	LAYER_ACCURACY("Layer Accuracy", "accuracy", group(Group.INPUT, "class_means", "data_path",
		"label_file", "output_file", "batch_size", "normalisation", "temperature", "threads")),
	TRACE_IMAGE_FILE("Trace Image File", "trace", group(Group.TRACE, "image_file", "output_dir")),
	TRACE_FOLDER("Trace Folder", "trace-folder", group(Group.TRACE, "input_path", "output_dir",
		"shard", "overwrite")),
	/** No launcher subcommand: it traces the image open in Fiji. */
	TRACE_LAYERS("Trace Layers", null, group(Group.TRACE, "image", "output_dir", "overlay",
		"image_name", "base_name")),
	EVALUATE_SALIENCY("Evaluate Saliency", "evaluate", group(Group.MASKED, "data_dir",
		"output_file", "image_limit", "tolerance", "steps")),
	EXPORT_ANIMATION("Export Animation", "animate", "image_file", "saliency_file", "output_file",
		"frames_between", "opacity", "scale"),
	TRACE_BENCHMARK("Trace Benchmark", "bench", group(Group.BENCH, "model_name", "export_style",
		"masks", "batch_size", "threads", "repeats")),
	CLASS_MEANS_BENCHMARK("Class Means Benchmark", "bench-means", group(Group.INPUT, "data_path",
		"label_file", "compare_dir", "batch_size", "repeats", "threads")),
	MASK_QUALITY_BENCHMARK("Mask Quality Benchmark", "bench-quality", group(Group.BENCH,
		"model_name", "class_means", "image_dir", "image_count", "reference_masks", "target_r",
		"max_masks", "methods", "grid", "keep", "batch_size", "threads"));

	/**
	 * Parameter groups: declared once (by a command base class) and read once (by the engine),
	 * so that every command of a family offers the same options with the same defaults
	 * ({@link Defaults}).
	 */
	public enum Group {
		/** The SavedModel. */
		MODEL("model_dir", "tags", "allow_file_operations", "precision"),
		/**
		 * The input contract: how pixel values become the values the model was trained on (range,
		 * channel order, per-channel normalisation), each {@code auto}/empty or given.
		 */
		CONTRACT("input_range", "channel_order", "norm_mean", "norm_std"),
		/** A benchmark's number format and input contract (its model is named by text). */
		BENCH(concat(CONTRACT, "precision")),
		/** The SavedModel and its input contract. */
		INPUT(concat(MODEL, CONTRACT)),
		/** Model, input, optional class means, masks, and how layers become probabilities. */
		MASKED(concat(INPUT, "class_means", "masks", "agreement", "mask_type", "sampling", "grid",
			"keep", "seed", "batch_size", "normalisation", "temperature", "threads")),
		/** What {@link #MASKED} has, and what is traced: the target class and the attribution. */
		TRACE(concat(MASKED, "target", "attribution"));

		private final List<String> names;

		Group(final String... names) {
			this.names = List.of(names);
		}

		private static String[] concat(final Group group, final String... more) {
			return Stream.concat(group.names.stream(), Stream.of(more)).toArray(String[]::new);
		}

		private static String[] concat(final Group a, final Group b) {
			return concat(a, b.names.toArray(new String[0]));
		}

		/** The input names of the group, in declaration order. */
		public List<String> names() {
			return names;
		}
	}

	private final String label;
	private final String alias;
	private final Set<String> inputs;

	Operation(final String label, final String alias, final String... inputs) {
		this.label = label;
		this.alias = alias;
		this.inputs = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(inputs)));
		if (this.inputs.size() != inputs.length) throw new IllegalStateException(label +
			" declares an input twice: " + Arrays.toString(inputs));
	}

	private static String[] group(final Group group, final String... more) {
		return Stream.concat(group.names().stream(), Stream.of(more)).toArray(String[]::new);
	}

	/** The menu label and macro name, e.g. {@code "Trace Image File"}. */
	public String label() {
		return label;
	}

	/** The launcher's subcommand, e.g. {@code trace-image-file}; null when there is none. */
	public String subcommand() {
		return alias == null ? null : subcommand(label);
	}

	/** The launcher's short name for {@link #subcommand()}, e.g. {@code trace}; or null. */
	public String alias() {
		return alias;
	}

	/** The simple name of the command class: the label without spaces, plus {@code Command}. */
	public String commandClassName() {
		return commandClassName(label);
	}

	/** The names of everything the engine reads, in the order commands declare them. */
	public Set<String> inputs() {
		return inputs;
	}

	/** A label as a launcher subcommand: lower case, spaces as dashes. */
	public static String subcommand(final String label) {
		return label.toLowerCase(Locale.ROOT).replace(' ', '-');
	}

	/** A label as a command class's simple name: words joined, plus {@code Command}. */
	public static String commandClassName(final String label) {
		return Arrays.stream(label.split(" ")).collect(Collectors.joining()) + "Command";
	}

	/** The operation of a menu label or launcher name (subcommand or alias), or null. */
	public static Operation find(final String name) {
		for (final Operation o : values())
			if (o.label.equals(name) || name.equals(o.subcommand()) || name.equals(o.alias)) return o;
		return null;
	}

	@Override
	public String toString() {
		return label;
	}
}
