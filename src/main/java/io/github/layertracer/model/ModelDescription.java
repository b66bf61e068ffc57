package io.github.layertracer.model;

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

	ModelDescription(final Path folder, final String signature, final List<String> signatures,
		final ImageInput input, final TensorSpec scores, final int classes,
		final ScoreKind scoreKind, final String scoreKindReason, final List<TensorSpec> layers,
		final String layerOrder, final List<String> notes)
	{
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

	/** How the layers were ordered: {@code graph depth}, {@code name} or {@code user}. */
	public String layerOrder() {
		return layerOrder;
	}

	/** Remarks for the user, such as outputs that were skipped. */
	public List<String> notes() {
		return notes;
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
		sb.append("Scores: ").append(scores.name()).append(" [").append(scores.tensorName())
			.append("] ").append(TensorSpec.formatShape(scores.shape())).append(", ").append(
				classes).append(" classes, ").append(scoreKind.name().toLowerCase()).append(" (")
			.append(scoreKindReason).append(")\n");
		sb.append("Layers (").append(layers.size()).append(", ordered by ").append(layerOrder)
			.append("):\n");
		int i = 1;
		for (final TensorSpec l : layers) {
			sb.append(String.format("  %2d. %-24s %-22s depth %s  [%s]%n", i++, l.name(),
				TensorSpec.formatShape(l.shape()), l.depth() < 0 ? "?" : Integer.toString(l
					.depth()), l.tensorName()));
		}
		sb.append(String.format("  %2d. %-24s %-22s depth %s  (final %s)%n", i, scores.name(),
			TensorSpec.formatShape(scores.shape()), scores.depth() < 0 ? "?" : Integer.toString(
				scores.depth()), scoreKind.name().toLowerCase()));
		if (layers.isEmpty()) {
			sb.append("\nThis signature exposes no intermediate layer: tracing follows the final ")
				.append("output only (classic RISE).\nTo trace layer by layer, export the model ")
				.append("with its layer outputs in the signature, e.g. in Keras:\n").append(
					"  outs = {n: m.get_layer(n).output for n in ('block1', 'block2')}\n").append(
					"  outs['logits'] = m.output\n").append(
					"  tf.saved_model.save(tf.keras.Model(m.input, outs), 'exported')\n")
				.append("or tap graph tensors by name (taps=\"conv2d_1/Relu:0\") where the graph ")
				.append("exposes them.\n");
		}
		for (final String n : notes)
			sb.append("Note: ").append(n).append('\n');
		return sb.toString();
	}
}
