/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import io.github.layertracer.api.CancelledException;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.means.ClassMeans;
import io.github.layertracer.engine.means.E2cmScorer;
import io.github.layertracer.engine.model.ImageInput;
import io.github.layertracer.engine.model.ExactProducts;
import io.github.layertracer.engine.model.LayerModel;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Layer-wise RISE: N random masks, drawn and applied inside the TensorFlow graph batch by batch,
 * go through the network; at every layer the class probability from the class means (and, last,
 * the network's own softmax) is attributed to the pixels each mask kept:
 * {@code S_l(u) = sum_i p_l,i M_i(u) / sum_i M_i(u)}. The sums are a matrix product per batch in
 * the graph, so Java only adds up {@code [layers x classes, pixels]} partial sums; memory does
 * not grow with N.
 * <p>
 * A tracer holds the operations it added to the model's graph; create it once per model and
 * settings and reuse it for every image.
 * </p>
 */
public final class Tracer {

	/** How masked probabilities become saliency. */
	public enum Attribution {
		/** Probability weighted by the kept pixels (RISE): {@code sum p M / sum M}. */
		KEEP,
		/**
		 * The original LayerTracer's: the probability drop {@code p(x) - p_i} attributed to the
		 * occluded pixels, divided by the sum of drops (unstable when the drops sum near zero).
		 */
		DROP;

		public static Attribution parse(final String s) {
			try {
				return valueOf(s.trim().toUpperCase(Locale.ROOT));
			}
			catch (final IllegalArgumentException | NullPointerException e) {
				throw new LayerTracerException("Unknown attribution '" + s + "'; expected keep or drop");
			}
		}
	}

	/** Operations that turn one batch of probabilities and masks into partial sums. */
	private static final class SumOps {

		final Placeholder<TFloat32> masks;
		final Output<TFloat32> weighted, probabilities, coverage;

		SumOps(final LayerModel model, final E2cmScorer scorer, final String scope) {
			final Ops tf = Ops.create(model.graph()).withSubScope(scope);
			final ImageInput in = model.description().input();
			final int lk = scorer.layerNames().size() * scorer.classes();
			masks = tf.withName("masks").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1,
				(long) in.height() * in.width())));
			final Operand<TFloat32> p = tf.reshape(scorer.output(), tf.constant(new long[] { -1,
				lk }));
			weighted = tf.withName("weighted").identity(ExactProducts.matMul(tf, model, p, masks, MatMul
				.transposeA(true))).asOutput();
			probabilities = tf.withName("probability_sums").sum(p, tf.constant(0), Sum.keepDims(false))
				.asOutput();
			coverage = tf.withName("coverage").sum(masks, tf.constant(0), Sum.keepDims(false))
				.asOutput();
		}
	}

	private static final AtomicInteger SCOPES = new AtomicInteger();

	private final LayerModel model;
	private final E2cmScorer scorer;
	private final ClassMeans means;
	private final MaskSettings masks;
	private final MaskOps maskOps;
	private final SumOps sumOps;
	private final String scoring;

	private Tracer(final LayerModel model, final E2cmScorer scorer, final ClassMeans means,
		final MaskSettings masks, final String scoring)
	{
		this.model = model;
		this.scorer = scorer;
		this.means = means;
		this.masks = masks;
		this.scoring = scoring;
		masks.checkFits(model.description().input().height(), model.description().input().width());
		final float[] fill = means.contract().black(model.description().input().channels());
		if (masks.fill != 0) for (int c = 0; c < fill.length; c++)
			fill[c] = means.contract().apply(masks.fill, c);
		this.maskOps = model.attachment("masks:" + masks.graphKey() + ":" + java.util.Arrays
			.toString(fill), () -> new MaskOps(model, "layertracer_masks_" + SCOPES
				.incrementAndGet(), masks, fill));
		final Map<E2cmScorer, SumOps> sums = model.attachment("sums", IdentityHashMap::new);
		synchronized (sums) {
			this.sumOps = sums.computeIfAbsent(scorer, s -> new SumOps(model, s, "layertracer_sums_" +
				SCOPES.incrementAndGet()));
		}
	}

	/**
	 * A tracer for a model with its class means.
	 *
	 * @param meansSource the means file, for messages
	 * @throws LayerTracerException if the means do not belong to the model or a setting is wrong
	 */
	public static Tracer create(final LayerModel model, final ClassMeans means,
		final E2cmScorer.Normalisation normalisation, final double temperature,
		final MaskSettings masks, final String meansSource)
	{
		masks.check();
		// scoring operations are added to the graph once per class means object and settings
		final Map<ClassMeans, E2cmScorer> scorers = model.attachment("e2cm:" + normalisation + ":" +
			temperature, IdentityHashMap::new);
		final E2cmScorer scorer;
		synchronized (scorers) {
			scorer = scorers.computeIfAbsent(means, m -> E2cmScorer.attach(model, m, normalisation,
				temperature, meansSource));
		}
		return new Tracer(model, scorer, means, masks, String.format(Locale.ROOT,
			"normalisation=%s temperature=%s", normalisation.name().toLowerCase(Locale.ROOT),
			temperature) + (model.precision().precision == io.github.layertracer.engine.model.Precision
				.BFLOAT16 ? " precision=bfloat16" : ""));
	}

	/** The same tracer with other mask settings (new mask operations only if their kind changed). */
	public Tracer withMasks(final MaskSettings other) {
		return new Tracer(model, scorer, means, other.check(), scoring);
	}

	public LayerModel model() {
		return model;
	}

	public MaskSettings masks() {
		return masks;
	}

	/** Layer names, the network's output last. */
	public List<String> layers() {
		return scorer.layerNames();
	}

	/** Converts images the way the class means were computed. */
	public InputConverter converter() {
		return new InputConverter(model.description().input(), means.contract());
	}

	/**
	 * Traces one image.
	 *
	 * @param image the image as planes (see {@link InputConverter#planes})
	 * @param progress masks done, polled for cancellation between batches
	 * @throws CancelledException if cancelled
	 */
	public TraceResult trace(final InputConverter.Planes image, final Target target,
		final Attribution attribution, final Progress progress)
	{
		final InputConverter converter = converter();
		final float[] x = new float[converter.size()];
		converter.convert(image, x, 0);
		for (final float v : x)
			if (!Float.isFinite(v)) throw new LayerTracerException("Image '" + image.name +
				"' has non-finite pixel values (NaN or infinity) after conversion to the model's " +
				"input; LayerTracer needs finite pixels");
		final int layers = scorer.layerNames().size(), classes = scorer.classes();
		final float[] p0 = scorer.score(x, 1);
		for (int l = 0; l < layers; l++)
			for (int k = 0; k < classes; k++)
				if (!Float.isFinite(p0[l * classes + k])) throw new LayerTracerException("Layer '" +
					scorer.layerNames().get(l) + "' gives non-finite probabilities (NaN) for image '" +
					image.name + "': its feature maps or class means hold values too large or not " +
					"finite (check the image's pixel range, the model and the class means file)");
		final float[][] unmasked = new float[layers][classes];
		for (int l = 0; l < layers; l++)
			System.arraycopy(p0, l * classes, unmasked[l], 0, classes);
		final int[] targets = targets(target, unmasked[layers - 1]);

		final Sums sums = accumulate(x, progress, targets);
		final ImageInput in = model.description().input();
		final int hw = in.height() * in.width(), w = image.width, h = image.height;
		// one float[] per plane: Fiji's hyperstack and the TIFF writer use the planes as they are
		final List<String> warnings = new java.util.ArrayList<>();
		final PlanarImg<FloatType, FloatArray> img = targets.length == 1 && !target.isAll()
			? PlanarImgs.floats(w, h, layers) : PlanarImgs.floats(w, h, layers, targets.length);
		for (int t = 0; t < targets.length; t++) {
			for (int l = 0; l < layers; l++) {
				final int row = l * classes + targets[t];
				final float[] map = new float[hw];
				for (int u = 0; u < hw; u++) {
					final double weighted = sums.weighted[row * hw + u], cover = sums.coverage[u];
					if (attribution == Attribution.KEEP) map[u] = cover > 0 ? (float) (weighted / cover) : 0;
					else {
						final double drops = unmasked[l][targets[t]] * (double) sums.used - sums.probability[row];
						final double d = unmasked[l][targets[t]] * (sums.used - cover) - (sums.probability[row] -
							weighted);
						map[u] = (float) (d / (Math.abs(drops) > 1e-9 ? drops : sums.used));
					}
				}
				for (final float v : map)
					if (!Float.isFinite(v)) throw new LayerTracerException("Layer '" + scorer.layerNames()
						.get(l) + "' gives a non-finite saliency map for image '" + image.name +
						"': masked copies of the image make its probabilities NaN (pixel values too large?)");
				final String flat = flat(map);
				if (flat != null) warnings.add(flatWarning(l, targets[t], flat, image.name,
					unmasked[l][targets[t]], converter.contract()));
				final float[] plane = img.getPlane(t * layers + l).getCurrentStorageArray();
				if (in.width() == w && in.height() == h) System.arraycopy(map, 0, plane, 0, hw);
				else InputConverter.resize(map, in.width(), in.height(), plane, w, h);
			}
		}
		return new TraceResult(img, scorer.layerNames(), means.classNames(), targets, unmasked,
			masks + " " + scoring + " attribution=" + attribution.name().toLowerCase(Locale.ROOT) +
				" target=" + target, image.name, model.description().folder().toString(), sums.used,
			sums.agreement, converter.contract(), warnings);
	}

	/**
	 * Whether a map is flat to float precision (its values agree to within 1e-5 of their size,
	 * or all are 0): then {@code "v within d"}, else null. A real map of even the shallowest layer
	 * varies far more (0.118 to 0.120, say: 2e-2).
	 */
	static String flat(final float[] map) {
		double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
		for (final float v : map) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		if (max - min > 1e-5 * Math.max(Math.abs(max), Math.abs(min))) return null;
		return String.format(Locale.ROOT, "%.6g within %.1e", (max + min) / 2, max - min);
	}

	/** The warning for a flat map, with its likely cause and what to set. */
	private String flatWarning(final int layer, final int k, final String flat,
		final String image, final float p, final InputContract contract)
	{
		final boolean network = layer == scorer.layerNames().size() - 1;
		return String.format(Locale.ROOT, "the map of %s for '%s' (class '%s', unmasked p = %.3f) " +
			"is flat (%s): %s", network ? "the network's output" : "layer '" + scorer.layerNames().get(
				layer) + "'", image, means.classNames().get(k), p, flat, network
					? "the network gives the same output whatever is masked, so the map says nothing; " +
						"the model probably expects other input values than it was given (input " +
						contract.describe() + ", " + contract.source() + "): set input_range (0..1, 0..255, " +
						"-1..1), channel_order or norm_mean/norm_std, or compute class means from labelled " +
						"images, which measures it"
					: "its class-means probability does not change whatever is masked (saturated); try " +
						"normalisation=e2cm or a higher temperature, or check the input values (input " +
						contract.describe() + ")");
	}

	private int[] targets(final Target target, final float[] finalProbabilities) {
		final int classes = finalProbabilities.length;
		if (target.isAll()) {
			final int[] all = new int[classes];
			for (int k = 0; k < classes; k++)
				all[k] = k;
			return all;
		}
		if (target.isPredicted()) {
			int best = 0;
			for (int k = 1; k < classes; k++)
				if (finalProbabilities[k] > finalProbabilities[best]) best = k;
			return new int[] { best };
		}
		final int k = target.index(means.classNames());
		if (k >= classes) throw new LayerTracerException("Target class " + k + " does not exist: " +
			"the model has classes 0 to " + (classes - 1) + " (" + String.join(", ", means
				.classNames()) + ")");
		return new int[] { k };
	}

	/** Partial sums over all masks, in double. */
	private static final class Sums {

		double[] weighted, probability, coverage;
		/** The stop rule's two independent halves (even and odd batches). */
		double[][] halfWeighted, halfCoverage;
		int used;
		/** Per layer: the stop rule's estimate of the map's agreement with infinitely many masks. */
		double[] agreement;
	}

	/**
	 * The stop rule's estimate, per layer (the worst of the traced targets), of how well the map
	 * of all masks so far agrees with the map of infinitely many: the Pearson correlation
	 * {@code r} of the two half-maps (even and odd batches, independent draws), stepped up to the
	 * whole by Spearman-Brown ({@code 2r / (1 + r)}, the reliability), whose square root is the
	 * expected correlation with the limit. A flat map (both halves constant) agrees fully.
	 */
	/**
	 * The stop rule stops when every layer's estimated disagreement {@code 1 - r} is at most this
	 * share of what the agreement allows: the estimate is noisy, and stopping at the first look
	 * where it passes favours looks where it came out high.
	 */
	static final double STOP_MARGIN = 0.9;

	/** The stop rule looks again when the masks have grown by this factor. */
	static final double CHECK_GROWTH = 1.25;

	static double[] agreement(final Sums s, final int layers, final int classes,
		final int[] targets, final int hw)
	{
		final double[] out = new double[layers];
		Arrays.fill(out, 1);
		for (int l = 0; l < layers; l++)
			for (final int t : targets) {
				final int row = l * classes + t;
				final double[] a = new double[hw], b = new double[hw];
				for (int u = 0; u < hw; u++) {
					a[u] = s.halfCoverage[0][u] > 0 ? s.halfWeighted[0][row * hw + u] / s.halfCoverage[0][u]
						: 0;
					b[u] = s.halfCoverage[1][u] > 0 ? s.halfWeighted[1][row * hw + u] / s.halfCoverage[1][u]
						: 0;
				}
				final double r = pearson(a, b);
				final double reliability = Double.isNaN(r) ? 1 : 2 * r / (1 + r);
				out[l] = Math.min(out[l], Math.sqrt(Math.max(0, reliability)));
			}
		return out;
	}

	/** Pearson correlation; NaN when both are constant, 0 when one is. */
	public static double pearson(final double[] a, final double[] b) {
		double ma = 0, mb = 0;
		for (int i = 0; i < a.length; i++) {
			ma += a[i];
			mb += b[i];
		}
		ma /= a.length;
		mb /= b.length;
		double sab = 0, saa = 0, sbb = 0;
		for (int i = 0; i < a.length; i++) {
			sab += (a[i] - ma) * (b[i] - mb);
			saa += (a[i] - ma) * (a[i] - ma);
			sbb += (b[i] - mb) * (b[i] - mb);
		}
		final double tiny = 1e-24 * a.length;
		if (saa <= tiny && sbb <= tiny) return Double.NaN;
		if (saa <= tiny || sbb <= tiny) return 0;
		return sab / Math.sqrt(saa * sbb);
	}

	/**
	 * Runs every mask batch. Each session run scores batch {@code b} and, in the same run, draws
	 * the masks of batch {@code b + 1} (independent operations that TensorFlow schedules beside
	 * the network), so there is one run per batch and no helper thread.
	 */
	private Sums accumulate(final float[] x, final Progress progress, final int[] targets) {
		final ImageInput in = model.description().input();
		final int lk = scorer.layerNames().size() * scorer.classes();
		final int hw = in.height() * in.width();
		final Sums s = new Sums();
		s.weighted = new double[lk * hw];
		s.probability = new double[lk];
		s.coverage = new double[hw];
		if (masks.isAuto()) {
			s.halfWeighted = new double[2][lk * hw];
			s.halfCoverage = new double[2][hw];
		}
		final Session session = model.session();
		final float[] wBuf = new float[lk * hw], pBuf = new float[lk], cBuf = new float[hw];
		final int batches = (masks.masks + masks.batch - 1) / masks.batch;
		try (TFloat32 image = TFloat32.tensorOf(Shape.of(1, in.height(), in.width(), in
			.channels()), DataBuffers.of(x, true, false)))
		{
			Result drawn = draw(session, image, 0);
			int at = 0; // where the masked batch and its masks are in 'drawn'
			try {
				int nextCheck = masks.minMasks;
				for (int b = 0; b < batches; b++) {
					progress.checkCancelled();
					final Session.Runner runner = session.runner().feed(in.spec().fetchName(), drawn.get(
						at)).feed(sumOps.masks, drawn.get(at + 1)).fetch(sumOps.weighted).fetch(
							sumOps.probabilities).fetch(sumOps.coverage);
					final Result out;
					if (b + 1 < batches) {
						try (MaskFeed feed = new MaskFeed(runner, image, b + 1, batchCount(b + 1))) {
							out = runner.fetch(maskOps.masked).fetch(maskOps.masks).run();
						}
					}
					else out = runner.run();
					drawn.close();
					drawn = out;
					at = 3;
					copy(out.get(0), wBuf);
					copy(out.get(1), pBuf);
					copy(out.get(2), cBuf);
					for (int i = 0; i < wBuf.length; i++)
						s.weighted[i] += wBuf[i];
					for (int i = 0; i < lk; i++)
						s.probability[i] += pBuf[i];
					for (int i = 0; i < hw; i++)
						s.coverage[i] += cBuf[i];
					s.used += batchCount(b);
					progress.update(Math.min((long) (b + 1) * masks.batch, masks.masks), masks.masks);
					if (masks.isAuto()) {
						final double[] hwW = s.halfWeighted[b % 2], hwC = s.halfCoverage[b % 2];
						for (int i = 0; i < wBuf.length; i++)
							hwW[i] += wBuf[i];
						for (int i = 0; i < hw; i++)
							hwC[i] += cBuf[i];
						// check when both halves have as many batches, past the minimum, and then each
						// time the masks have grown by a quarter: few looks, so that stopping at the
						// first look above the target does not pick a lucky fluctuation
						if (b % 2 == 1 && s.used >= nextCheck) {
							s.agreement = agreement(s, scorer.layerNames().size(), scorer.classes(), targets,
								hw);
							if (Arrays.stream(s.agreement).allMatch(a -> 1 - a <= STOP_MARGIN * (1 -
								masks.agreement))) break;
							nextCheck = (int) Math.ceil(s.used * CHECK_GROWTH);
						}
					}
				}
			}
			catch (final TensorFlowException e) {
				throw new LayerTracerException("TensorFlow failed tracing with model " + model
					.description().folder() + ": " + io.github.layertracer.engine.model.TensorFlowErrors
						.reason(e), e);
			}
			finally {
				drawn.close();
			}
		}
		return s;
	}

	private int batchCount(final int b) {
		return Math.min(masks.batch, masks.masks - b * masks.batch);
	}

	/** Draws mask batch {@code b}: masked images and masks, both still in native memory. */
	private Result draw(final Session session, final TFloat32 image, final int b) {
		final Session.Runner runner = session.runner();
		try (MaskFeed feed = new MaskFeed(runner, image, b, batchCount(b))) {
			return runner.fetch(maskOps.masked).fetch(maskOps.masks).run();
		}
	}

	/**
	 * What the mask operations are fed for batch {@code b}: the image, the count and the seeds
	 * (and, for Sobol sampling, the batch's points of the sequence); closes its tensors.
	 */
	private final class MaskFeed implements AutoCloseable {

		private final java.util.List<Tensor> tensors = new java.util.ArrayList<>();

		MaskFeed(final Session.Runner runner, final TFloat32 image, final int b, final int n) {
			try {
				final TInt32 count = TInt32.scalarOf(n);
				tensors.add(count);
				final TInt64 seedA = TInt64.vectorOf(masks.seed, 2L * b);
				tensors.add(seedA);
				final TInt64 seedB = TInt64.vectorOf(masks.seed, 2L * b + 1);
				tensors.add(seedB);
				runner.feed(maskOps.image, image).feed(maskOps.count, count).feed(maskOps.seedGrid,
					seedA).feed(maskOps.seedShift, seedB);
				if (maskOps.uniforms != null) {
					final int dim = 2 + masks.grid * masks.grid;
					// two independently rotated sequences, even and odd batches: the two halves the stop
					// rule compares are independent replicates, each of them low-discrepancy
					final long halfSeed = 2 * masks.seed + b % 2, first = (long) (b / 2) * masks.batch;
					final TFloat32 u = TFloat32.tensorOf(Shape.of(n, dim), DataBuffers.of(
						masks.sampling == MaskSettings.Sampling.SCRAMBLED ? SobolPoints.scrambled(halfSeed,
							dim, first, n) : SobolPoints.uniforms(halfSeed, dim, first, n), true, false));
					tensors.add(u);
					runner.feed(maskOps.uniforms, u);
				}
			}
			catch (final RuntimeException | Error e) {
				close(); // nothing fed is left open when building the feed fails
				throw e;
			}
		}

		@Override
		public void close() {
			tensors.forEach(Tensor::close);
		}
	}

	/** The masks of one batch as a trace draws them, with the RISE grids and shifts behind them. */
	static final class DrawnMasks {

		/** {@code [count, s, s]} cells, 0 or 1 (RISE only). */
		float[] grid;
		/** {@code [count, 2]}: the shift in y, then in x (RISE only). */
		int[] shift;
		/** {@code [count, h * w]}. */
		float[] masks;
		/** The masked images, {@code [count, h, w, c]}. */
		float[] masked;
		int count;
	}

	/**
	 * For tests that check the masks against an independent computation: batch {@code b} of a
	 * trace of the model-resolution image {@code x} ({@code [h, w, c]}), with the same seeds.
	 */
	DrawnMasks drawnMasks(final float[] x, final int b) {
		final ImageInput in = model.description().input();
		final DrawnMasks d = new DrawnMasks();
		d.count = batchCount(b);
		try (TFloat32 image = TFloat32.tensorOf(Shape.of(1, in.height(), in.width(), in
			.channels()), DataBuffers.of(x, true, false)))
		{
			final Session.Runner r = model.session().runner();
			final MaskFeed feed = new MaskFeed(r, image, b, d.count);
			r.fetch(maskOps.masks).fetch(maskOps.masked);
			if (maskOps.grid != null) r.fetch(maskOps.grid).fetch(maskOps.shift);
			try (feed; Result res = r.run()) {
				d.masks = new float[Math.toIntExact(res.get(0).shape().size())];
				copy(res.get(0), d.masks);
				d.masked = new float[Math.toIntExact(res.get(1).shape().size())];
				copy(res.get(1), d.masked);
				if (maskOps.grid != null) {
					d.grid = new float[Math.toIntExact(res.get(2).shape().size())];
					copy(res.get(2), d.grid);
					d.shift = new int[Math.toIntExact(res.get(3).shape().size())];
					((TInt32) res.get(3)).copyTo(DataBuffers.of(d.shift, false, false));
				}
			}
		}
		return d;
	}

	private static void copy(final Tensor t, final float[] dst) {
		((TFloat32) t).copyTo(DataBuffers.of(dst, false, false));
	}

	/**
	 * Times the bare forward pass over {@code n} masked images in batches of the mask batch
	 * size, fetching only the final output: masked batches are drawn once beforehand and run
	 * again and again (the cost of a forward pass does not depend on the pixel values). For
	 * benchmarks.
	 *
	 * @return seconds
	 */
	public double timeForwardOnly(final float[] x, final int n) {
		final ImageInput in = model.description().input();
		final Session session = model.session();
		final int full = n / masks.batch, rest = n % masks.batch;
		try (TFloat32 image = TFloat32.tensorOf(Shape.of(1, in.height(), in.width(), in
			.channels()), DataBuffers.of(x, true, false));
				Result whole = drawCount(session, image, masks.batch);
				Result part = drawCount(session, image, Math.max(1, rest)))
		{
			final long start = System.nanoTime();
			for (int b = 0; b < full + (rest > 0 ? 1 : 0); b++) {
				final Tensor batch = (b < full ? whole : part).get(0);
				try (Result r = session.runner().feed(in.spec().fetchName(), batch).fetch(model
					.description().scores().fetchName()).run())
				{
					if (r.size() != 1) throw new IllegalStateException("no output");
				}
			}
			return (System.nanoTime() - start) / 1e9;
		}
	}

	/**
	 * The masks of batch {@code b} as a trace draws them, {@code [n, height * width]} at model
	 * resolution: for inspection and tests.
	 */
	public float[] masks(final int b) {
		final ImageInput in = model.description().input();
		try (TFloat32 image = TFloat32.tensorOf(Shape.of(1, in.height(), in.width(), in
			.channels()), DataBuffers.of(new float[in.pixelValues()], true, false));
				Result r = draw(model.session(), image, b))
		{
			final float[] m = new float[Math.toIntExact(r.get(1).shape().size())];
			copy(r.get(1), m);
			return m;
		}
	}

	private Result drawCount(final Session session, final TFloat32 image, final int n) {
		final Session.Runner runner = session.runner();
		try (MaskFeed feed = new MaskFeed(runner, image, 0, n)) {
			return runner.fetch(maskOps.masked).run();
		}
	}
}
