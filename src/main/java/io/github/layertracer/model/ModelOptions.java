package io.github.layertracer.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How to open a model: which signature, which layers in which order, extra graph tensors to
 * tap, and whether the final scores are logits or probabilities. Immutable; the {@code with…}
 * methods return modified copies.
 */
public final class ModelOptions {

	public static final String DEFAULT_SIGNATURE = "serving_default";

	private final String signature;
	private final List<String> layers;
	private final List<String> taps;
	private final ScoreKind scoreKind;
	private final int threads;

	private ModelOptions(final String signature, final List<String> layers,
		final List<String> taps, final ScoreKind scoreKind, final int threads)
	{
		this.signature = signature;
		this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
		this.taps = Collections.unmodifiableList(new ArrayList<>(taps));
		this.scoreKind = scoreKind;
		this.threads = threads;
	}

	public static ModelOptions defaults() {
		return new ModelOptions(DEFAULT_SIGNATURE, List.of(), List.of(), null, 0);
	}

	/** Signature key; {@code serving_default} unless chosen. */
	public ModelOptions withSignature(final String key) {
		return new ModelOptions(key == null || key.isBlank() ? DEFAULT_SIGNATURE : key.trim(),
			layers, taps, scoreKind, threads);
	}

	/**
	 * Explicit layers, in the order given: signature output names or graph tensor names
	 * ({@code "conv2d_1/Relu:0"}). Empty means: every layer output of the signature, by depth.
	 */
	public ModelOptions withLayers(final List<String> names) {
		return new ModelOptions(signature, names, taps, scoreKind, threads);
	}

	/** Graph tensors to track in addition to the signature's layer outputs. */
	public ModelOptions withTaps(final List<String> tensorNames) {
		return new ModelOptions(signature, layers, tensorNames, scoreKind, threads);
	}

	/** Forces the interpretation of the final scores; null detects it from the graph. */
	public ModelOptions withScoreKind(final ScoreKind kind) {
		return new ModelOptions(signature, layers, taps, kind, threads);
	}

	/** Threads TensorFlow may use inside one operation; 0 lets TensorFlow decide. */
	public ModelOptions withThreads(final int n) {
		return new ModelOptions(signature, layers, taps, scoreKind, Math.max(0, n));
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

	/** Splits a comma-separated list from a command parameter, trimming blanks. */
	public static List<String> parseList(final String csv) {
		final List<String> out = new ArrayList<>();
		if (csv == null) return out;
		for (final String s : csv.split(","))
			if (!s.isBlank()) out.add(s.trim());
		return out;
	}
}
