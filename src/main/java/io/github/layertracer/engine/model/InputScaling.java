/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import io.github.layertracer.engine.image.InputContract;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * The scaling a model applies to its image input itself, where it states it: a chain of
 * element-wise arithmetic with image-independent operands ({@code Mul}, {@code RealDiv},
 * {@code Sub}, {@code AddV2}, {@code BiasAdd}, …) from the input placeholder to the first other
 * operation, in the top-level graph or inside the function bodies the input flows into, as a
 * Keras {@code Rescaling} or {@code Normalization} layer, or hand-written arithmetic, builds it.
 * <p>
 * {@link #find} locates the chain on the graph definition alone; the model then measures what
 * it does ({@link Statement}: per channel {@code y = a x + b}, by running constant images
 * through it), which tells the value range the model expects ({@link Statement#expected()}).
 * </p>
 */
public final class InputScaling {

	/** Element-wise arithmetic that a scaling step is made of. */
	private static final Set<String> ARITHMETIC = Set.of("Mul", "RealDiv", "Div", "Sub", "AddV2",
		"Add", "BiasAdd", "Neg");
	/** Operations a value passes through unchanged. */
	private static final Set<String> PASS_THROUGH = Set.of("Identity", "IdentityN",
		"StopGradient", "Snapshot", "Cast");

	/** Where the chain is: its operations and the tensor at its end. */
	static final class Chain {

		/** Call nodes that lead to the body holding the end, from the top-level graph. */
		final List<String> callPath;
		/** The end tensor inside that body (or {@code node:index} in the top-level graph). */
		final String ref;
		/** The arithmetic operations, in order, as {@code Type name}. */
		final List<String> operations;
		/** The layer (name scope) of the first operation, e.g. {@code rescaling_2}; or empty. */
		final String layer;

		Chain(final List<String> callPath, final String ref, final List<String> operations,
			final String layer)
		{
			this.callPath = Collections.unmodifiableList(new ArrayList<>(callPath));
			this.ref = ref;
			this.operations = Collections.unmodifiableList(new ArrayList<>(operations));
			this.layer = layer;
		}

		boolean inFunction() {
			return !callPath.isEmpty();
		}
	}

	private InputScaling() {}

	/**
	 * The scaling chain after the image input, or null when the first operation that reads the
	 * image is no element-wise arithmetic with a constant (the model states nothing).
	 */
	static Chain find(final GraphDef def, final String inputOperation) {
		return GraphDepth.onLargeStack(() -> walk(new GraphDepth(def, inputOperation),
			inputOperation));
	}

	/** A body being walked and the call that entered it. */
	private static final class Frame {

		final GraphDepth.Scope scope;
		final NodeDef call;

		Frame(final GraphDepth.Scope scope, final NodeDef call) {
			this.scope = scope;
			this.call = call;
		}
	}

	private static Chain walk(final GraphDepth g, final String inputOperation) {
		GraphDepth.Scope scope = g.main();
		String current = inputOperation + ":0";
		final Deque<Frame> callers = new ArrayDeque<>();
		final List<String> path = new ArrayList<>();
		final List<String> operations = new ArrayList<>();
		String layer = null;
		for (int guard = 0; guard < 1000; guard++) {
			final List<NodeDef> consumers = consumers(scope, current);
			if (consumers.isEmpty()) {
				// the end of a body: continue after the call that entered it
				if (!scope.inFunction() || callers.isEmpty()) break;
				final int out = returnIndex(scope.function(), current);
				if (out < 0) break;
				final Frame f = callers.pop();
				scope = f.scope;
				path.remove(path.size() - 1);
				current = scope.inFunction() ? g.opDefs().ref(f.call, out, true) : f.call.getName() +
					":" + out;
				if (current == null) break;
				continue;
			}
			if (consumers.size() > 1) break; // the value is used twice: no plain chain
			final NodeDef n = consumers.get(0);
			final GraphDepth.Scope callee = scope.callee(n);
			if (callee != null) {
				final int k = argIndex(scope, n, current);
				if (k < 0 || k >= callee.function().getSignature().getInputArgCount()) break;
				callers.push(new Frame(scope, n));
				path.add(n.getName());
				scope = callee;
				current = callee.function().getSignature().getInputArg(k).getName();
				continue;
			}
			final String next = scope.inFunction() ? g.opDefs().ref(n, 0, true) : n.getName() + ":0";
			if (next == null) break;
			if (PASS_THROUGH.contains(n.getOp())) {
				current = next;
				continue;
			}
			if (!ARITHMETIC.contains(n.getOp()) || !othersConstant(scope, n, current)) break;
			operations.add(n.getOp() + " " + n.getName());
			if (layer == null) layer = LayerFinder.last(LayerFinder.parent(n.getName()));
			current = next;
		}
		if (operations.isEmpty()) return null;
		// the end lies where the walk stopped; a top-level end needs no call path
		return new Chain(path, current, operations, layer == null ? "" : layer);
	}

	/** The operations of a body that read {@code ref} (control inputs aside). */
	private static List<NodeDef> consumers(final GraphDepth.Scope scope, final String ref) {
		final List<NodeDef> out = new ArrayList<>();
		for (final NodeDef n : scope.nodes().values())
			for (final String in : n.getInputList())
				if (same(scope, in, ref)) {
					out.add(n);
					break;
				}
		return out;
	}

	private static boolean same(final GraphDepth.Scope scope, final String input,
		final String ref)
	{
		if (input.startsWith("^")) return false;
		if (input.equals(ref)) return true;
		return !scope.inFunction() && (input + ":0").equals(ref);
	}

	private static int argIndex(final GraphDepth.Scope scope, final NodeDef call,
		final String ref)
	{
		int k = 0;
		for (final String in : call.getInputList()) {
			if (in.startsWith("^")) continue;
			if (same(scope, in, ref)) return k;
			k++;
		}
		return -1;
	}

	private static int returnIndex(final FunctionDef fn, final String ref) {
		for (int i = 0; i < fn.getSignature().getOutputArgCount(); i++)
			if (ref.equals(fn.getRetMap().get(fn.getSignature().getOutputArg(i).getName()))) return i;
		return -1;
	}

	/** Whether every input of {@code n} other than the image's value is image-independent. */
	private static boolean othersConstant(final GraphDepth.Scope scope, final NodeDef n,
		final String ref)
	{
		boolean image = false;
		for (final String in : n.getInputList()) {
			if (in.startsWith("^")) continue;
			if (same(scope, in, ref)) {
				if (image) return false; // x * x is no scaling
				image = true;
			}
			else if (scope.depth(in) >= 0) return false;
		}
		return image;
	}

	/**
	 * What the chain does, measured: per channel {@code y = scale[c] * x + offset[c]} for input
	 * values {@code x}, and the value range that maps to what networks are trained on.
	 */
	public static final class Statement {

		private final double[] scale, offset;
		private final String layer;
		private final List<String> operations;

		Statement(final double[] scale, final double[] offset, final String layer,
			final List<String> operations)
		{
			this.scale = scale.clone();
			this.offset = offset.clone();
			this.layer = layer;
			this.operations = operations;
		}

		public double[] scale() {
			return scale.clone();
		}

		public double[] offset() {
			return offset.clone();
		}

		/** The layer that scales (e.g. {@code rescaling_2}), or empty. */
		public String layer() {
			return layer;
		}

		/** The arithmetic operations, as {@code Type name}. */
		public List<String> operations() {
			return operations;
		}

		/**
		 * The value range the model expects: the candidate range the scaling maps onto 0..1,
		 * -1..1 or a standardised range (centred, spread 1 to 8); null when none does clearly.
		 */
		public InputContract.Range expected() {
			InputContract.Range best = null;
			double bestScore = Double.MAX_VALUE, second = Double.MAX_VALUE;
			for (final InputContract.Range r : InputContract.Range.values()) {
				double score = 0;
				for (int c = 0; c < scale.length; c++)
					score = Math.max(score, score(r, c));
				if (score < bestScore) {
					second = bestScore;
					bestScore = score;
					best = r;
				}
				else if (score < second) second = score;
			}
			return bestScore <= 0.6 && second >= 2 * bestScore + 0.2 ? best : null;
		}

		/** How far channel {@code c} of range {@code r} lands from a range networks train on. */
		private double score(final InputContract.Range r, final int c) {
			final double[] b = r.bounds();
			final double lo = Math.min(scale[c] * b[0], scale[c] * b[1]) + offset[c];
			final double hi = Math.max(scale[c] * b[0], scale[c] * b[1]) + offset[c];
			final double unit = Math.abs(lo) + Math.abs(hi - 1), symmetric = (Math.abs(lo + 1) +
				Math.abs(hi - 1)) / 2;
			final double near = Math.min(unit, symmetric);
			if (near <= 0.25) return near;
			final double span = hi - lo, centre = (hi + lo) / 2;
			return span >= 1 && span <= 8 && Math.abs(centre) <= 2 ? 0.5 : Math.max(near, 1);
		}

		/** Whether the step changes nothing (every scale 1, every offset 0). */
		public boolean isIdentity() {
			for (int c = 0; c < scale.length; c++)
				if (Math.abs(scale[c] - 1) > 1e-6 || Math.abs(offset[c]) > 1e-6) return false;
			return true;
		}

		/** For users: {@code scales by 1/255}, {@code scales by 1/127.5 and adds -1}, … */
		public String describe() {
			final boolean same = uniform(scale) && uniform(offset);
			if (!same) {
				final double[] mean = new double[scale.length], std = new double[scale.length];
				for (int c = 0; c < scale.length; c++) {
					std[c] = 1 / scale[c];
					mean[c] = -offset[c] / scale[c];
				}
				return "normalises per channel (mean " + join(mean) + ", std " + join(std) + ")";
			}
			final String s = scale[0] != 0 && Math.abs(1 / scale[0] - Math.rint(1 / scale[0] * 10) /
				10) < 1e-3 * Math.abs(1 / scale[0]) && Math.abs(1 / scale[0]) >= 2 ? "1/" + number(
					1 / scale[0]) : number(scale[0]);
			return "scales by " + s + (Math.abs(offset[0]) > 1e-6 ? " and adds " + number(offset[0])
				: "");
		}

		/** The line {@code inspect} prints: range, what the model does, where. */
		public String because() {
			return "the model " + describe() + " itself, " + (layer.isEmpty() ? "operation " +
				operations.get(0).substring(operations.get(0).indexOf(' ') + 1) : "layer " + layer);
		}

		private static boolean uniform(final double[] a) {
			for (final double v : a)
				if (Math.abs(v - a[0]) > 1e-6 * Math.max(1, Math.abs(a[0]))) return false;
			return true;
		}

		private static String join(final double[] a) {
			final StringBuilder sb = new StringBuilder();
			for (int i = 0; i < a.length; i++)
				sb.append(i > 0 ? "," : "").append(number(a[i]));
			return sb.toString();
		}

		private static String number(final double v) {
			final String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "")
				.replaceAll("\\.$", "");
			return s.equals("-0") ? "0" : s;
		}
	}
}
