/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import io.github.layertracer.api.LayerTracerException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * A TensorFlow SavedModel opened for layer tracing: describes its image input, final scores and
 * ordered layers, and runs batches through it. Holds native resources: close it.
 * <p>
 * Thread safety: {@link #run} may be called from several threads at once (TensorFlow sessions
 * are thread-safe; every tensor is local to one call).
 * </p>
 */
public final class LayerModel implements AutoCloseable {

	private final SavedModelBundle bundle;
	private final ModelDescription description;
	private final Map<String, Object> attachments = new java.util.HashMap<>();

	private final Precision.Choice precision;

	private LayerModel(final SavedModelBundle bundle, final ModelDescription description,
		final Precision.Choice precision)
	{
		this.bundle = bundle;
		this.description = description;
		this.precision = precision;
	}

	/** The number format the network runs in, and why. */
	public Precision.Choice precision() {
		return precision;
	}

	/** Opens a SavedModel folder with default options. */
	public static LayerModel open(final Path folder) {
		return open(folder, ModelOptions.defaults());
	}

	/**
	 * Opens a SavedModel folder: reads its {@code saved_model.pb} itself, chooses the meta graph
	 * by the options' tags, refuses a model whose graph touches files or the network unless the
	 * options allow it (see {@link FileOperationScan}), and only then lets TensorFlow load it.
	 *
	 * @throws LayerTracerException if the path is not a readable SavedModel (a Keras file gets
	 *           the way to export one), the tag set or the signature does not exist, the model
	 *           touches files, there is no float image input, or a named layer is unknown
	 */
	public static LayerModel open(final Path folder, final ModelOptions options) {
		final Precision.Choice choice = options.precision().resolve();
		if (options.precision() == Precision.AUTO && choice.precision == Precision.BFLOAT16)
			return openChecked(folder, options, choice);
		return open(folder, options, choice);
	}

	/** Verdicts of {@link #openChecked}, by model file: bfloat16 keeps the maps, or why not. */
	private static final Map<String, String> BFLOAT16_VERDICTS = new java.util.concurrent.ConcurrentHashMap<>();

	/** The largest disagreement {@code 1 - r} of a layer's bfloat16 output that auto accepts. */
	static final double BFLOAT16_TOLERANCE = 1e-3;

	/**
	 * {@code auto} on a processor with native bfloat16: the model in bfloat16, unless a layer's
	 * output on probe images then differs from float32's ({@code r < 0.999}) or the predicted
	 * class changes; then float32, and a note says why. Checked once per model file and JVM.
	 */
	private static LayerModel openChecked(final Path folder, final ModelOptions options,
		final Precision.Choice choice)
	{
		final String key = fileKey(folder) + "|" + options.tags() + "|" + options.layers() + "|" +
			options.taps() + "|" + options.isScoresOnly();
		String verdict = BFLOAT16_VERDICTS.get(key);
		if (verdict == null) {
			try (LayerModel f32 = open(folder, options, new Precision.Choice(Precision.FLOAT32,
				"for the check")); LayerModel bf16 = open(folder, options, choice))
			{
				verdict = compare(f32, bf16);
			}
			BFLOAT16_VERDICTS.put(key, verdict);
		}
		if (verdict.isEmpty()) return open(folder, options, choice);
		return open(folder, options, new Precision.Choice(Precision.FLOAT32, "auto: " + verdict));
	}

	private static String fileKey(final Path folder) {
		final Path pb = folder.resolve("saved_model.pb");
		try {
			return folder.toAbsolutePath().normalize() + "@" + java.nio.file.Files.size(pb) + "@" +
				java.nio.file.Files.getLastModifiedTime(pb).toMillis();
		}
		catch (final java.io.IOException e) {
			return folder.toAbsolutePath().normalize().toString();
		}
	}

	/**
	 * Why bfloat16 would change what LayerTracer sees (empty when it does not): every tracked
	 * output on probe images (seeded noise in the model's stated range) must agree with
	 * float32's to {@code r >= 1 - }{@value #BFLOAT16_TOLERANCE}, and the predicted classes must
	 * be the same.
	 */
	private static String compare(final LayerModel f32, final LayerModel bf16) {
		final ImageInput in = f32.description().input();
		final int n = 4, px = in.pixelValues();
		final io.github.layertracer.engine.image.InputContract.Range range = f32.description()
			.statedRange() != null ? f32.description().statedRange()
				: io.github.layertracer.engine.image.InputContract.Range.ZERO_ONE;
		final double lo = range.bounds()[0], span = range.bounds()[1] - lo;
		final float[] batch = new float[n * px];
		final Random r = new Random(7);
		for (int i = 0; i < batch.length; i++)
			batch[i] = (float) (lo + span * r.nextFloat());
		final float[][] a = f32.run(batch, n, f32.description().trackedOutputs());
		final float[][] b = bf16.run(batch, n, bf16.description().trackedOutputs());
		for (int l = 0; l < a.length; l++) {
			final double c = pearson(a[l], b[l]);
			if (!(c >= 1 - BFLOAT16_TOLERANCE)) return String.format(java.util.Locale.ROOT,
				"layer '%s' in bfloat16 agrees with float32 only to r = %.5f on probe images, so the " +
					"model runs in float32", f32.description().trackedOutputs().get(l).name(), c);
		}
		final int classes = f32.description().classes();
		final float[] sa = a[a.length - 1], sb = b[b.length - 1];
		for (int i = 0; i < n; i++) {
			int ka = 0, kb = 0;
			for (int k = 1; k < classes; k++) {
				if (sa[i * classes + k] > sa[i * classes + ka]) ka = k;
				if (sb[i * classes + k] > sb[i * classes + kb]) kb = k;
			}
			if (ka != kb) return "the predicted class of a probe image changes in bfloat16, so the " +
				"model runs in float32";
		}
		return "";
	}

	private static double pearson(final float[] x, final float[] y) {
		double mx = 0, my = 0;
		for (int i = 0; i < x.length; i++) {
			mx += x[i];
			my += y[i];
		}
		mx /= x.length;
		my /= y.length;
		double sxy = 0, sxx = 0, syy = 0;
		for (int i = 0; i < x.length; i++) {
			sxy += (x[i] - mx) * (y[i] - my);
			sxx += (x[i] - mx) * (x[i] - mx);
			syy += (y[i] - my) * (y[i] - my);
		}
		if (sxx == 0 && syy == 0) return 1;
		return sxy / Math.sqrt(sxx * syy);
	}

	private static LayerModel open(final Path folder, final ModelOptions options,
		final Precision.Choice precision)
	{
		final SavedModelFile file = SavedModelFile.read(folder);
		final SavedModelFile.MetaGraph meta = file.choose(options.tags());
		file.checkLoadable(meta);
		final FileOperationScan.Result scan = FileOperationScan.scan(meta.def());
		if (!scan.findings().isEmpty() && !options.fileOperationsAllowed()) throw scan.refusal(
			folder);
		final List<String> notes = new ArrayList<>();
		if (!meta.hasTags(List.of(SavedModelFile.SERVE))) notes.add("opened the meta graph with " +
			meta.describe() + (options.tags().isEmpty() ? ", the only one in the file" : ""));
		notes.addAll(scan.notes());
		final SavedModelBundle bundle = load(folder, meta, options.threads(), precision.precision);
		try {
			final ModelDescription d = describe(folder, bundle, options, meta, notes);
			return new LayerModel(bundle, d, precision);
		}
		catch (final RuntimeException e) {
			bundle.close();
			throw e;
		}
	}

	public ModelDescription description() {
		return description;
	}

	/** The loaded graph, for adding scoring operations. */
	public Graph graph() {
		return bundle.graph();
	}

	/** The session the model runs in. */
	public Session session() {
		return bundle.session();
	}

	/**
	 * Runs a batch and returns the requested outputs, each flattened in TensorFlow order
	 * ({@code [batch, …]}).
	 *
	 * @param batch {@code n} images in the model's input layout ({@code [n, y, x, c]}), as
	 *          produced by {@link io.github.layertracer.engine.image.InputConverter}
	 * @param n number of images in the batch
	 * @param outputs tensors to fetch, e.g. {@link ModelDescription#trackedOutputs()}
	 */
	public float[][] run(final float[] batch, final int n, final List<TensorSpec> outputs) {
		final List<Output<?>> fetches = new ArrayList<>();
		final List<String> names = new ArrayList<>();
		for (final TensorSpec o : outputs) {
			fetches.add(bundle.graph().outputOrThrow(o.fetchName()));
			names.add(o.name());
		}
		return execute(batch, n, List.of(), fetches, names);
	}

	/** An extra float input fed with a batch, for operations added to the graph. */
	public static final class Feed {

		final Operand<TFloat32> operand;
		final long[] shape;
		final float[] values;

		public Feed(final Operand<TFloat32> operand, final long[] shape, final float[] values) {
			this.operand = operand;
			this.shape = shape.clone();
			this.values = values;
		}
	}

	/**
	 * Runs a batch and fetches graph outputs (e.g. scoring operations added to the graph), each
	 * flattened.
	 */
	@SafeVarargs
	public final float[][] fetch(final float[] batch, final int n,
		final Output<TFloat32>... outputs)
	{
		return fetch(batch, n, List.of(), outputs);
	}

	/** As {@link #fetch(float[], int, Output...)}, feeding extra inputs too. */
	@SafeVarargs
	public final float[][] fetch(final float[] batch, final int n, final List<Feed> feeds,
		final Output<TFloat32>... outputs)
	{
		final List<Output<?>> fetches = new ArrayList<>();
		final List<String> names = new ArrayList<>();
		for (final Output<TFloat32> o : outputs) {
			fetches.add(o);
			names.add(o.op().name());
		}
		return execute(batch, n, feeds, fetches, names);
	}

	/** Feeds the batch (and extra inputs), fetches the outputs as floats, closes every tensor. */
	private float[][] execute(final float[] batch, final int n, final List<Feed> feeds,
		final List<Output<?>> outputs, final List<String> names)
	{
		final ImageInput in = checkBatch(batch, n);
		final List<TFloat32> fed = new ArrayList<>();
		try (TFloat32 input = TFloat32.tensorOf(Shape.of(in.batchShape(n)), DataBuffers.of(batch,
			true, false)))
		{
			final Session.Runner runner = bundle.session().runner().feed(in.spec().fetchName(),
				input);
			for (final Feed f : feeds) {
				final TFloat32 t = TFloat32.tensorOf(Shape.of(f.shape), DataBuffers.of(f.values, true,
					false));
				fed.add(t);
				runner.feed(f.operand, t);
			}
			outputs.forEach(runner::fetch);
			try (Result result = runner.run()) {
				final float[][] out = new float[outputs.size()][];
				for (int i = 0; i < out.length; i++)
					out[i] = toFloats(result.get(i), names.get(i));
				return out;
			}
		}
		catch (final TensorFlowException e) {
			throw new LayerTracerException("TensorFlow failed to run model " + description
				.folder() + " on a batch of " + n + ": " + TensorFlowErrors.reason(e), e);
		}
		finally {
			fed.forEach(TFloat32::close);
		}
	}

	/**
	 * Operations added to this model's graph under a key, created once and reused: the graph
	 * only grows, so callers that add operations should add them once per model.
	 */
	@SuppressWarnings("unchecked")
	public <T> T attachment(final String key, final java.util.function.Supplier<T> create) {
		synchronized (attachments) {
			return (T) attachments.computeIfAbsent(key, k -> create.get());
		}
	}

	/**
	 * Class probabilities of the final output, {@code [n, classes]} flattened: softmax of the
	 * logits, or the model's own probabilities when it already ends in a softmax (never both).
	 */
	public float[] probabilities(final float[] batch, final int n) {
		final float[] scores = run(batch, n, List.of(description.scores()))[0];
		if (description.scoreKind() == ScoreKind.LOGITS) softmaxRows(scores, description
			.classes());
		return scores;
	}

	@Override
	public void close() {
		bundle.close();
	}

	private ImageInput checkBatch(final float[] batch, final int n) {
		final ImageInput in = description.input();
		if (n <= 0 || batch.length != (long) n * in.pixelValues()) throw new LayerTracerException(
			"Batch of " + batch.length + " values does not hold " + n + " images of " + in
				.height() + " x " + in.width() + " x " + in.channels() + " for input '" + in.spec()
					.name() + "'");
		return in;
	}

	/** In-place softmax over consecutive rows of {@code classes} values. */
	public static void softmaxRows(final float[] values, final int classes) {
		for (int r = 0; r < values.length; r += classes) {
			double max = Double.NEGATIVE_INFINITY;
			for (int k = 0; k < classes; k++)
				max = Math.max(max, values[r + k]);
			double sum = 0;
			for (int k = 0; k < classes; k++)
				sum += Math.exp(values[r + k] - max);
			for (int k = 0; k < classes; k++)
				values[r + k] = (float) (Math.exp(values[r + k] - max) / sum);
		}
	}

	// -- opening --

	private static SavedModelBundle load(final Path folder, final SavedModelFile.MetaGraph meta,
		final int threads, final Precision precision)
	{
		try {
			final SavedModelBundle.Loader loader = SavedModelBundle.loader(folder.toString())
				.withTags(meta.tags().toArray(new String[0]));
			final ConfigProto.Builder config = ConfigProto.newBuilder();
			if (threads > 0) config.setIntraOpParallelismThreads(threads)
				.setInterOpParallelismThreads(threads);
			// oneDNN's automatic mixed precision: the network's heavy operations in bfloat16, with
			// float32 accumulation; applies to the whole graph, function bodies included
			if (precision == Precision.BFLOAT16) config.setGraphOptions(
				org.tensorflow.proto.GraphOptions.newBuilder().setRewriteOptions(
					org.tensorflow.proto.RewriterConfig.newBuilder().setAutoMixedPrecisionOnednnBfloat16(
						org.tensorflow.proto.RewriterConfig.Toggle.ON)));
			if (threads > 0 || precision == Precision.BFLOAT16) loader.withConfigProto(config.build());
			return loader.load();
		}
		catch (final TensorFlowException | IllegalArgumentException e) {
			throw new LayerTracerException("TensorFlow could not load the SavedModel in " + folder +
				" (" + meta.describe() + "): " + loadFailure(e), e);
		}
	}

	/**
	 * What a failed load most likely means, in the user's terms; TensorFlow's own text stays in
	 * the cause.
	 */
	private static String loadFailure(final RuntimeException e) {
		if (e instanceof org.tensorflow.exceptions.TFPermissionDeniedException)
			return "a file of the folder cannot be read (permission denied); make the whole folder " +
				"readable for the user running Fiji";
		if (e instanceof org.tensorflow.exceptions.TFResourceExhaustedException)
			return "there is not enough memory for its weights";
		if (e instanceof org.tensorflow.exceptions.TFInvalidArgumentException ||
			e instanceof org.tensorflow.exceptions.TFFailedPreconditionException)
			return "its graph and its weights in variables/ do not fit together (variables copied " +
				"from another export, or damaged); copy the whole folder of one export again";
		return "its weights in variables/ are missing, incomplete or damaged, or a file it " +
			"needs is gone; copy the whole folder that the export wrote again";
	}

	private static ModelDescription describe(final Path folder, final SavedModelBundle bundle,
		final ModelOptions options, final SavedModelFile.MetaGraph meta,
		final List<String> openingNotes)
	{
		final Map<String, SignatureDef> sigs = bundle.metaGraphDef().getSignatureDefMap();
		final List<String> keys = sigs.keySet().stream().sorted().collect(Collectors.toList());
		final SignatureDef sig = sigs.get(options.signature());
		if (sig == null) throw new LayerTracerException("Model " + folder +
			" has no signature '" + options.signature() + "'; available: " + String.join(", ",
				keys));
		final Graph graph = bundle.graph();
		final org.tensorflow.proto.GraphDef def = graph.toGraphDef();
		final List<String> notes = new ArrayList<>(openingNotes);

		final TensorSpec inputSpec = findImageInput(folder, options.signature(), sig, graph);
		final ImageInput imageInput = new ImageInput(inputSpec, folder);
		final String inputOp = opName(inputSpec.tensorName());
		final InputScaling.Statement scaling = measure(bundle, imageInput, InputScaling.find(def,
			inputOp), notes);

		// Outputs of the signature, sorted by name for a stable order before depth sorting.
		final List<TensorSpec> outputs = new ArrayList<>();
		for (final Map.Entry<String, TensorInfo> e : new java.util.TreeMap<>(sig.getOutputsMap())
			.entrySet())
		{
			outputs.add(spec(e.getKey(), e.getValue(), graph));
		}
		// Layers found in the graph and inside function bodies.
		final LayerFinder.Layers found = LayerFinder.find(def, inputOp);

		final List<TensorSpec> taps = new ArrayList<>();
		for (final String t : options.taps())
			taps.add(tap(folder, graph, found, t));

		// Depths from the graph, through function calls.
		final List<String> names = new ArrayList<>();
		outputs.forEach(o -> names.add(o.tensorName()));
		taps.stream().filter(t -> t.origin() == TensorSpec.Origin.GRAPH).forEach(o -> names.add(o
			.tensorName()));
		final GraphDepth.Analysis analysis = GraphDepth.analyse(def, inputOp, names);
		final List<TensorSpec> measured = new ArrayList<>();
		for (final TensorSpec o : outputs)
			measured.add(o.withDepth(analysis.depth(o.tensorName()).orElse(-1)).withOpType(analysis
				.producerType(o.tensorName())));
		final List<TensorSpec> measuredTaps = new ArrayList<>();
		for (final TensorSpec o : taps)
			measuredTaps.add(o.origin() == TensorSpec.Origin.GRAPH ? o.withDepth(analysis.depth(o
				.tensorName()).orElse(-1)) : o);

		// Final scores: rank 2; "logits"/"probabilities"-like names first, then the deepest.
		final TensorSpec scores = pickScores(folder, measured);
		final String scoresPlace = found.canonical(scores.tensorName());
		final List<TensorSpec> signatureLayers = new ArrayList<>();
		final java.util.Set<String> places = new java.util.HashSet<>();
		places.add(scoresPlace);
		for (final TensorSpec o : measured) {
			if (o == scores) continue;
			final boolean isFloat = o.dataType().equals("DT_FLOAT");
			if (isFloat && (o.rank() == 4 || o.rank() == 2 || o.rank() == 3)) {
				signatureLayers.add(o);
				places.add(found.canonical(o.tensorName()));
			}
			else notes.add("output '" + o.name() + "' " + o.dataType() + " " + TensorSpec
				.formatShape(o.shape()) + " is not a float feature map and is not traced");
		}
		for (final TensorSpec t : measuredTaps)
			if (t.origin() == TensorSpec.Origin.GRAPH) places.add(found.canonical(t.tensorName()));

		// Found layers that are not the scores or a signature output already.
		final java.util.Set<String> sigNames = new java.util.HashSet<>();
		outputs.forEach(o -> sigNames.add(o.name()));
		final Map<LayerFinder.Found, TensorSpec> discovered = new java.util.LinkedHashMap<>();
		final List<String> scoreAliases = new ArrayList<>();
		for (final LayerFinder.Found f : found.all) {
			if (f.canonical.equals(scoresPlace)) {
				scoreAliases.add(f.name);
				scoreAliases.add(f.graphName);
				continue;
			}
			if (places.contains(f.canonical) || f.type != org.tensorflow.proto.DataType.DT_FLOAT)
				continue;
			places.add(f.canonical);
			final String name = sigNames.contains(f.name) ? LayerFinder.stripIndex(f.tensorName)
				: f.name;
			discovered.put(f, found(f, name, graph));
		}
		fillShapes(bundle, imageInput, discovered);
		discovered.values().removeIf(t -> t.rank() < 2 || t.rank() > 4);

		final List<TensorSpec> candidates = new ArrayList<>(signatureLayers);
		candidates.addAll(discovered.values());
		candidates.addAll(measuredTaps);
		sortByDepth(candidates);

		// The default selection: the signature's layer outputs where it has any, otherwise the
		// output of every convolution and dense layer after its activation.
		final List<TensorSpec> defaults = new ArrayList<>();
		if (!signatureLayers.isEmpty()) defaults.addAll(signatureLayers);
		else {
			for (final LayerFinder.Found f : found.all) {
				if (f.kind != LayerFinder.Kind.CONV && f.kind != LayerFinder.Kind.DENSE) continue;
				final TensorSpec t = discovered.get(LayerFinder.afterActivation(f));
				if (t != null && !defaults.contains(t)) defaults.add(t);
			}
		}
		defaults.addAll(measuredTaps);

		List<TensorSpec> layers;
		final String order;
		if (options.isScoresOnly()) {
			layers = new ArrayList<>();
			order = "graph depth";
		}
		else if (options.layers().size() == 1 && options.layers().get(0).equalsIgnoreCase("all")) {
			layers = new ArrayList<>(candidates);
			order = "graph depth";
		}
		else if (!options.layers().isEmpty()) {
			layers = new ArrayList<>();
			for (final String l : options.layers()) {
				TensorSpec s = find(signatureLayers, l);
				if (s == null) s = find(measuredTaps, l);
				if (s == null) s = discoveredByName(discovered, l);
				if (s == null && (l.equals(scores.name()) || l.equals(scores.tensorName()) ||
					scoreAliases.contains(l))) continue;
				if (s == null) {
					final TensorSpec t = tensorByName(folder, graph, found, l);
					if (t != null) s = t.withDepth(t.origin() == TensorSpec.Origin.GRAPH ? GraphDepth
						.analyse(def, inputOp, List.of(t.tensorName())).depth(t.tensorName()).orElse(-1)
						: t.depth());
				}
				if (s == null) {
					// a Keras 3 name the graph shows only with its suffix: conv2d_2 for conv2d_2_1
					final LayerFinder.Found f = LayerFinder.bySuffixedName(l, found.all);
					if (f != null && f.canonical.equals(scoresPlace)) continue;
					if (f != null && discovered.containsKey(f)) s = discovered.get(f).withName(l);
				}
				if (s == null) throw unknownLayer(folder, l, candidates, scores, found);
				if (!layers.contains(s)) layers.add(s);
			}
			for (final TensorSpec t : measuredTaps)
				if (!layers.contains(t)) layers.add(t);
			order = "user";
		}
		else {
			layers = new ArrayList<>(defaults);
			final boolean allKnown = layers.stream().allMatch(l -> l.depth() >= 0);
			if (allKnown && !layers.isEmpty()) {
				sortByDepth(layers);
				order = "graph depth";
			}
			else {
				layers.sort(Comparator.comparing(TensorSpec::name, NaturalOrder.INSTANCE));
				order = layers.isEmpty() ? "graph depth" : "name";
			}
		}
		fillShapes(bundle, imageInput, layers, found);

		int classes = (int) scores.shape()[1];
		final ScoreKind kind;
		final String reason;
		final String producer = analysis.producerType(scores.tensorName());
		if (options.scoreKind() != null) {
			kind = options.scoreKind();
			reason = "set by the user";
		}
		else if ("Softmax".equals(producer)) {
			kind = ScoreKind.PROBABILITIES;
			reason = "detected: the graph ends in a Softmax operation";
		}
		else {
			final float[] probe = probe(bundle, imageInput, scores);
			for (final float v : probe)
				if (!Float.isFinite(v)) throw new LayerTracerException("Model " + folder +
					" gives non-finite final scores (" + v + ") for plain probe images (black, grey, " +
					"noise): its weights or graph are broken; LayerTracer cannot explain it");
			if (classes <= 0) classes = probe.length / 3;
			final boolean probabilities = looksLikeProbabilities(probe, classes);
			kind = probabilities ? ScoreKind.PROBABILITIES : ScoreKind.LOGITS;
			reason = "detected: " + (producer == null ? "output" : producer + " output") +
				(probabilities ? " rows are non-negative and sum to 1 on probe images"
					: " rows are not probability distributions on probe images");
		}
		if (classes <= 0) throw new LayerTracerException("Final output '" + scores.name() +
			"' of " + folder + " has no known class count: " + TensorSpec.formatShape(scores
				.shape()));

		// Layers inside function bodies become outputs of a rewritten copy of the model.
		TensorSpec in = inputSpec, out = scores;
		final List<FunctionGraft.Tap> graftTaps = new ArrayList<>();
		for (final TensorSpec l : layers)
			if (l.origin() == TensorSpec.Origin.FUNCTION) graftTaps.add(tapOf(l, found, discovered));
		if (!graftTaps.isEmpty()) {
			final List<String> keep = new ArrayList<>();
			keep.add(inputSpec.tensorName());
			keep.add(scores.tensorName());
			layers.stream().filter(l -> l.origin() != TensorSpec.Origin.FUNCTION).forEach(l -> keep
				.add(l.tensorName()));
			final FunctionGraft.Grafted g = FunctionGraft.graft(graph, graftTaps, keep);
			in = inputSpec.withFetchName(g.copied(inputSpec.tensorName()));
			out = scores.withFetchName(g.copied(scores.tensorName()));
			final List<TensorSpec> moved = new ArrayList<>();
			int k = 0;
			for (final TensorSpec l : layers)
				moved.add(l.origin() == TensorSpec.Origin.FUNCTION ? l.withFetchName(g.taps.get(k++))
					: l.withFetchName(g.copied(l.tensorName())));
			layers = moved;
		}
		final java.util.Set<String> defaultNames = new java.util.LinkedHashSet<>();
		defaults.forEach(d -> defaultNames.add(d.name()));
		return new ModelDescription(folder, options.signature(), keys, new ImageInput(in), out,
			classes, kind, reason, layers, order, notes, candidates, defaultNames, found.functions,
			scaling);
	}

	/**
	 * A found layer by its name (the Keras name where the graph shows one), else by any other name
	 * it has: its graph name, its scope or tensor names. A layer chosen by its graph name keeps
	 * that name, as it was listed before Keras names were read, so class means computed then
	 * still match.
	 */
	private static TensorSpec discoveredByName(final Map<LayerFinder.Found, TensorSpec> discovered,
		final String name)
	{
		for (final TensorSpec t : discovered.values())
			if (t.name().equals(name)) return t;
		for (final Map.Entry<LayerFinder.Found, TensorSpec> e : discovered.entrySet())
			if (e.getKey().matches(name)) return name.equals(e.getKey().graphName) ? e.getValue()
				.withName(name) : e.getValue();
		return null;
	}

	private static void sortByDepth(final List<TensorSpec> specs) {
		specs.sort(Comparator.comparingInt(TensorSpec::depth).thenComparing(TensorSpec::name,
			NaturalOrder.INSTANCE));
	}

	/** A found layer as a spec; top-level ones get their shape from the graph. */
	private static TensorSpec found(final LayerFinder.Found f, final String name,
		final Graph graph)
	{
		long[] shape = f.shape;
		if (!f.inFunction()) {
			final Output<?> o = graph.output(f.tensorName);
			if (o != null) shape = withBatch(o.shape());
		}
		return new TensorSpec(name, f.tensorName, shape == null ? new long[0] : shape, "DT_FLOAT",
			f.depth, f.opType, f.inFunction() ? TensorSpec.Origin.FUNCTION : TensorSpec.Origin.GRAPH,
			f.inFunction() ? "" : f.tensorName);
	}

	private static FunctionGraft.Tap tapOf(final TensorSpec l, final LayerFinder.Layers found,
		final Map<LayerFinder.Found, TensorSpec> discovered)
	{
		for (final Map.Entry<LayerFinder.Found, TensorSpec> e : discovered.entrySet())
			if (e.getValue().tensorName().equals(l.tensorName())) return new FunctionGraft.Tap(e
				.getKey().callPath, e.getKey().ref);
		final LayerFinder.Found f = found.tensors.get(LayerFinder.stripIndex(l.tensorName()));
		return new FunctionGraft.Tap(f.callPath, f.ref);
	}

	/**
	 * Shapes of function-body layers that the export did not record: a throw-away graft of
	 * those layers and one black image through it.
	 */
	private static void fillShapes(final SavedModelBundle bundle, final ImageInput input,
		final Map<LayerFinder.Found, TensorSpec> layers)
	{
		final List<LayerFinder.Found> missing = new ArrayList<>();
		for (final Map.Entry<LayerFinder.Found, TensorSpec> e : layers.entrySet())
			if (e.getKey().inFunction() && !fullShape(e.getValue().shape())) missing.add(e.getKey());
		final long[][] shapes = probeShapes(bundle, input, missing);
		for (int i = 0; i < missing.size(); i++)
			layers.put(missing.get(i), layers.get(missing.get(i)).withShape(shapes[i]));
	}

	/** As above, for tensors inside function bodies that the user named. */
	private static void fillShapes(final SavedModelBundle bundle, final ImageInput input,
		final List<TensorSpec> layers, final LayerFinder.Layers found)
	{
		final List<Integer> at = new ArrayList<>();
		final List<LayerFinder.Found> missing = new ArrayList<>();
		for (int i = 0; i < layers.size(); i++) {
			final TensorSpec l = layers.get(i);
			if (l.origin() != TensorSpec.Origin.FUNCTION || fullShape(l.shape())) continue;
			at.add(i);
			missing.add(found.tensors.get(LayerFinder.stripIndex(l.tensorName())));
		}
		final long[][] shapes = probeShapes(bundle, input, missing);
		for (int i = 0; i < at.size(); i++)
			layers.set(at.get(i), layers.get(at.get(i)).withShape(shapes[i]));
	}

	private static long[][] probeShapes(final SavedModelBundle bundle, final ImageInput input,
		final List<LayerFinder.Found> layers)
	{
		if (layers.isEmpty()) return new long[0][];
		final List<FunctionGraft.Tap> taps = new ArrayList<>();
		layers.forEach(f -> taps.add(new FunctionGraft.Tap(f.callPath, f.ref)));
		final FunctionGraft.Grafted g = FunctionGraft.graft(bundle.graph(), taps, List.of(input
			.spec().tensorName()));
		return probeShapes(bundle, input, g.copied(input.spec().tensorName()), g.taps);
	}

	/**
	 * What the model's own scaling step does, measured by running constant images (0, 1 and
	 * 0.5 everywhere) through it: per channel {@code y = a x + b}; null when there is no step,
	 * or it is no per-channel affine map after all (then a note says so).
	 */
	private static InputScaling.Statement measure(final SavedModelBundle bundle,
		final ImageInput input, final InputScaling.Chain chain, final List<String> notes)
	{
		if (chain == null) return null;
		final String feed, fetch;
		if (chain.inFunction()) {
			final FunctionGraft.Grafted g = FunctionGraft.graft(bundle.graph(), List.of(
				new FunctionGraft.Tap(chain.callPath, chain.ref)), List.of(input.spec().tensorName()));
			feed = g.copied(input.spec().tensorName());
			fetch = g.taps.get(0);
		}
		else {
			feed = input.spec().tensorName();
			fetch = chain.ref;
		}
		final int px = input.pixelValues();
		final float[] batch = new float[3 * px];
		java.util.Arrays.fill(batch, px, 2 * px, 1f);
		java.util.Arrays.fill(batch, 2 * px, 3 * px, 0.5f);
		final float[] y;
		try (TFloat32 in = TFloat32.tensorOf(Shape.of(input.batchShape(3)), DataBuffers.of(batch,
			true, false));
				Result r = bundle.session().runner().feed(feed, in).fetch(fetch).run())
		{
			y = toFloats(r.get(0), "input scaling");
		}
		catch (final TensorFlowException | LayerTracerException e) {
			notes.add("the input's scaling step (" + chain.operations.get(0) + ") could not be " +
				"measured: " + e.getMessage());
			return null;
		}
		final int n = y.length / 3, channels = n % input.channels() == 0 ? input.channels() : 1;
		final double[] a = new double[channels], b = new double[channels];
		for (int c = 0; c < channels; c++) {
			a[c] = y[n + c] - y[c];
			b[c] = y[c];
		}
		for (int e = 0; e < n; e++) {
			final int c = e % channels;
			final double tol = 1e-4 * (Math.abs(a[c]) + Math.abs(b[c]) + 1);
			if (Math.abs(y[e] - b[c]) > tol || Math.abs(y[n + e] - y[e] - a[c]) > tol || Math.abs(
				y[2 * n + e] - (b[c] + a[c] / 2)) > tol)
			{
				notes.add("the operations after the image input (" + String.join(", ",
					chain.operations) + ") are not a per-channel scaling: LayerTracer reads no input " +
					"range from them");
				return null;
			}
		}
		return new InputScaling.Statement(a, b, chain.layer, chain.operations);
	}

	private static boolean fullShape(final long[] shape) {
		if (shape == null || shape.length == 0) return false;
		for (int i = 1; i < shape.length; i++)
			if (shape[i] < 0) return false;
		return true;
	}

	private static long[][] probeShapes(final SavedModelBundle bundle, final ImageInput input,
		final String feed, final List<String> fetches)
	{
		final float[] batch = new float[input.pixelValues()];
		Session.Runner runner;
		try (TFloat32 in = TFloat32.tensorOf(Shape.of(input.batchShape(1)), DataBuffers.of(batch,
			true, false)))
		{
			runner = bundle.session().runner().feed(feed, in);
			for (final String f : fetches)
				runner = runner.fetch(f);
			try (Result r = runner.run()) {
				final long[][] shapes = new long[fetches.size()][];
				for (int i = 0; i < shapes.length; i++) {
					shapes[i] = r.get(i).shape().asArray();
					if (shapes[i].length > 0) shapes[i][0] = -1;
				}
				return shapes;
			}
		}
		catch (final TensorFlowException e) {
			throw new LayerTracerException("TensorFlow failed to run a probe image through the " +
				"layers inside the function bodies of " + "the model: " + e.getMessage(), e);
		}
	}

	private static TensorSpec findImageInput(final Path folder, final String key,
		final SignatureDef sig, final Graph graph)
	{
		final List<TensorSpec> found = new ArrayList<>();
		for (final Map.Entry<String, TensorInfo> e : new java.util.TreeMap<>(sig.getInputsMap())
			.entrySet())
		{
			found.add(spec(e.getKey(), e.getValue(), graph));
		}
		for (final TensorSpec s : found) {
			if (!s.dataType().equals("DT_FLOAT") || s.rank() < 3 || s.rank() > 4) continue;
			final long[] shape = s.shape();
			if (shape[1] <= 0 || shape[2] <= 0 || s.rank() == 4 && shape[3] <= 0)
				throw new LayerTracerException("Image input '" + s.name() + "' of " + folder +
					" has no fixed size: " + TensorSpec.formatShape(shape) +
					"; export the model with a fixed height, width and channel count");
			if (found.size() > 1) throw new LayerTracerException("Signature '" + key + "' of " +
				folder + " has " + found.size() + " inputs (" + found.stream().map(x -> x.name() + " " +
					x.dataType() + " " + TensorSpec.formatShape(x.shape())).collect(Collectors.joining(
						", ")) + "); LayerTracer feeds one image input, here '" + s.name() +
				"', and has no values for the others: export a signature with the image as its only " +
				"input, or name one with signature=...");
			return s;
		}
		throw new LayerTracerException("Signature '" + key + "' of " + folder +
			" has no float image input of rank 3 ([batch, height, width]) or 4 ([batch, height, " +
			"width, channels]); its inputs are: " + (found.isEmpty() ? "none" : found.stream().map(
				s -> s.name() + " " + s.dataType() + " " + TensorSpec.formatShape(s.shape()))
				.collect(Collectors.joining(", "))));
	}

	private static TensorSpec pickScores(final Path folder, final List<TensorSpec> outputs) {
		TensorSpec best = null;
		int bestRank = Integer.MIN_VALUE;
		for (final TensorSpec o : outputs) {
			if (o.rank() != 2 || !o.dataType().equals("DT_FLOAT")) continue;
			final String n = o.name().toLowerCase();
			int rank = o.depth();
			if (n.contains("logit") || n.contains("prob") || n.contains("predict") || n.contains(
				"score") || n.equals("output") || n.equals("outputs")) rank += 1_000_000;
			if (best == null || rank > bestRank) {
				best = o;
				bestRank = rank;
			}
		}
		if (best == null) throw new LayerTracerException("Model " + folder +
			" has no final class-score output of rank 2 ([batch, classes]); outputs are: " +
			outputs.stream().map(o -> o.name() + " " + TensorSpec.formatShape(o.shape())).collect(
				Collectors.joining(", ")));
		return best;
	}

	private static TensorSpec find(final List<TensorSpec> specs, final String name) {
		for (final TensorSpec s : specs)
			if (s.name().equals(name) || s.tensorName().equals(name) || s.tensorName().equals(
				name + ":0")) return s;
		return null;
	}

	/** A layer name that the model does not have. */
	public static final class UnknownLayerException extends LayerTracerException {

		private static final long serialVersionUID = 1L;

		UnknownLayerException(final String message) {
			super(message);
		}
	}

	private static LayerTracerException unknownLayer(final Path folder, final String name,
		final List<TensorSpec> candidates, final TensorSpec scores, final LayerFinder.Layers found)
	{
		final List<String> known = new ArrayList<>();
		candidates.forEach(c -> known.add(c.name()));
		known.add(scores.name());
		return new UnknownLayerException("Unknown layer '" + name + "' in model " + folder +
			"; closest layer names: " + String.join(", ", Names.closest(name, known, 5)) +
			" (all layers: " + String.join(", ", known) + "; 'all' takes every one, and a tensor " +
			(found.functions ? "name inside the model's functions such as '" + example(found) +
				"' works too)" : "name of the graph such as 'conv2d_1/Relu:0' works too)"));
	}

	private static String example(final LayerFinder.Layers found) {
		for (final LayerFinder.Found f : found.all)
			if (f.inFunction()) return LayerFinder.stripIndex(f.innerName);
		return "model/conv2d/Relu";
	}

	/** A tapped tensor: a top-level graph tensor, or an image-dependent one in a function body. */
	private static TensorSpec tap(final Path folder, final Graph graph,
		final LayerFinder.Layers found, final String name)
	{
		final TensorSpec t = tensorByName(folder, graph, found, name);
		if (t != null) return t;
		final String tensor = name.contains(":") ? name : name + ":0";
		final String part = opName(tensor).contains("/") ? opName(tensor).substring(0, opName(
			tensor).indexOf('/')) : opName(tensor);
		final List<String> all = new ArrayList<>();
		graph.operations().forEachRemaining(o -> all.add(o.name()));
		found.tensors.values().forEach(f -> all.add(LayerFinder.stripIndex(f.innerName)));
		throw new LayerTracerException("No tensor '" + name + "' in the graph of " + folder +
			(found.functions ? " or inside its function bodies" : "") +
			"; operations with similar names: " + String.join(", ", Names.closest(part.equals(
				opName(tensor)) ? opName(tensor) : opName(tensor), all, 8)));
	}

	/**
	 * The tensor a name means: {@code op:index} or {@code op} of the top-level graph, or a float
	 * tensor that depends on the image inside a function body (its name there, with or without
	 * the call nodes leading to it); null if there is none.
	 */
	private static TensorSpec tensorByName(final Path folder, final Graph graph,
		final LayerFinder.Layers found, final String name)
	{
		final String tensor = name.contains(":") ? name : name + ":0";
		final String colonTail = tensor.substring(tensor.lastIndexOf(':') + 1);
		if (colonTail.chars().allMatch(Character::isDigit) && !colonTail.isEmpty() && colonTail
			.length() <= 9)
		{
			final GraphOperation op = graph.operation(opName(tensor));
			if (op != null) {
				final int index = Integer.parseInt(colonTail);
				if (index >= op.numOutputs()) throw new LayerTracerException("Operation '" + op
					.name() + "' in " + folder + " has " + op.numOutputs() + " output" + (op
						.numOutputs() == 1 ? "" : "s") + "; '" + name + "' asks for output " + index +
					" (outputs are numbered from 0)");
				final Output<?> out = op.output(index);
				return new TensorSpec(name, tensor, withBatch(out.shape()), "DT_" + out.dataType()
					.name().replace("DT_", ""), -1, op.type(), TensorSpec.Origin.GRAPH, tensor);
			}
		}
		else if (graph.operation(opName(tensor)) == null && tensor.split(":").length < 3) {
			throw new LayerTracerException("Tensor name '" + name + "' in " + folder +
				" must end in ':' and an output number, e.g. '" + opName(tensor) + ":0'");
		}
		LayerFinder.Found f = found.tensors.get(LayerFinder.stripIndex(name));
		if (f == null) f = found.tensors.get(name);
		if (f == null) for (final LayerFinder.Found c : found.tensors.values())
			if (c.matches(name)) {
				f = c;
				break;
			}
		if (f == null || !f.inFunction()) return null;
		return new TensorSpec(name, f.tensorName, f.shape == null ? new long[0] : f.shape,
			"DT_FLOAT", f.depth, f.opType, TensorSpec.Origin.FUNCTION, "");
	}

	private static long[] withBatch(final Shape s) {
		if (s.isUnknown()) return new long[0];
		final long[] a = s.asArray();
		if (a.length > 0) a[0] = -1;
		return a;
	}

	private static TensorSpec spec(final String key, final TensorInfo info, final Graph graph) {
		final TensorShapeProto p = info.getTensorShape();
		long[] shape;
		if (p.getUnknownRank()) {
			final Output<?> out = graph.output(info.getName());
			shape = out == null ? new long[0] : withBatch(out.shape());
		}
		else {
			shape = new long[p.getDimCount()];
			for (int i = 0; i < shape.length; i++)
				shape[i] = p.getDim(i).getSize();
		}
		return new TensorSpec(key, info.getName(), shape, info.getDtype().name(), -1);
	}

	private static String opName(final String tensorName) {
		final int colon = tensorName.lastIndexOf(':');
		return colon < 0 ? tensorName : tensorName.substring(0, colon);
	}

	/** Scores of three probe images: black, mid-grey and seeded noise. */
	private static float[] probe(final SavedModelBundle bundle, final ImageInput input,
		final TensorSpec scores)
	{
		final int px = input.pixelValues();
		final float[] batch = new float[3 * px];
		java.util.Arrays.fill(batch, px, 2 * px, 0.5f);
		final Random r = new Random(42);
		for (int i = 2 * px; i < 3 * px; i++)
			batch[i] = r.nextFloat();
		try (TFloat32 in = TFloat32.tensorOf(Shape.of(input.batchShape(3)), DataBuffers.of(batch,
			true, false));
				Result result = bundle.session().runner().feed(input.spec().tensorName(), in).fetch(
					scores.tensorName()).run())
		{
			return toFloats(result.get(0), scores.name());
		}
		catch (final TensorFlowException e) {
			throw new LayerTracerException("TensorFlow failed to run a probe batch through '" +
				scores.name() + "': " + e.getMessage(), e);
		}
	}

	private static boolean looksLikeProbabilities(final float[] rows, final int classes) {
		for (int r = 0; r < rows.length; r += classes) {
			double sum = 0;
			for (int k = 0; k < classes; k++) {
				if (rows[r + k] < 0 || rows[r + k] > 1) return false;
				sum += rows[r + k];
			}
			if (Math.abs(sum - 1) > 1e-3) return false;
		}
		return true;
	}

	private static float[] toFloats(final Tensor t, final String name) {
		if (!(t instanceof TFloat32)) throw new LayerTracerException("Output '" + name +
			"' is " + t.dataType() + ", expected float32");
		final float[] a = new float[Math.toIntExact(t.shape().size())];
		((TFloat32) t).copyTo(DataBuffers.of(a, false, false));
		return a;
	}
}
