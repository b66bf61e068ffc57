/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.image;

import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.image.InputContract.ChannelOrder;
import io.github.layertracer.engine.image.InputContract.Range;
import io.github.layertracer.engine.model.ModelDescription;

import java.util.ArrayList;
import java.util.List;

/**
 * What the user asked of the input contract (the {@code input_range}, {@code channel_order},
 * {@code norm_mean} and {@code norm_std} parameters): each part given, or left to LayerTracer
 * ({@code auto}, empty). Immutable.
 */
public final class InputRequest {

	/** The value of {@code input_range} and {@code channel_order} that leaves them to LayerTracer. */
	public static final String AUTO = "auto";

	private static final InputRequest AUTOMATIC = new InputRequest(null, null, null);

	private final Range range;
	private final ChannelOrder order;
	private final double[][] normalisation;

	private InputRequest(final Range range, final ChannelOrder order,
		final double[][] normalisation)
	{
		this.range = range;
		this.order = order;
		this.normalisation = normalisation;
	}

	/** Everything left to LayerTracer. */
	public static InputRequest auto() {
		return AUTOMATIC;
	}

	/**
	 * Parses the parameters.
	 *
	 * @param range {@code auto}, {@code 0..1}, {@code 0..255} or {@code -1..1}
	 * @param order {@code auto}, {@code rgb} or {@code bgr}
	 * @param mean per-channel means (comma-separated), empty for none
	 * @param std per-channel standard deviations, empty for none
	 */
	public static InputRequest parse(final String range, final String order, final String mean,
		final String std)
	{
		final Range r = isAuto(range) ? null : Range.of(range);
		if (!isAuto(range) && r == null) throw new LayerTracerException("Input range '" + range +
			"' is not one of auto, 0..1, 0..255, -1..1");
		final ChannelOrder o = isAuto(order) ? null : ChannelOrder.of(order);
		if (!isAuto(order) && o == null) throw new LayerTracerException("Channel order '" + order +
			"' is not one of auto, rgb, bgr");
		final double[][] n = InputContract.parseNormalisation(mean, std);
		if (n != null) InputContract.of(Range.ZERO_ONE, ChannelOrder.RGB, n[0], n[1]); // checks them
		return new InputRequest(r, o, n);
	}

	private static boolean isAuto(final String s) {
		return s == null || s.isBlank() || s.trim().equalsIgnoreCase(AUTO);
	}

	/** The range asked for; null for auto. */
	public Range range() {
		return range;
	}

	/** The order asked for; null for auto. */
	public ChannelOrder order() {
		return order;
	}

	/** Whether a normalisation was given. */
	public boolean isNormalised() {
		return normalisation != null;
	}

	/** Whether nothing was given. */
	public boolean isAuto() {
		return range == null && order == null && normalisation == null;
	}

	/**
	 * The contract for a run without labels: what was given, the range the model states where
	 * it states one, else 0..1 (with a normalisation given: its 0..1 units), RGB.
	 */
	public InputContract resolve(final ModelDescription model) {
		final Range stated = model.statedRange();
		final Range r = range != null ? range : normalisation == null && stated != null ? stated
			: Range.ZERO_ONE;
		final ChannelOrder o = order != null ? order : ChannelOrder.RGB;
		final InputContract c = normalisation == null ? InputContract.of(r, o, null, null)
			: InputContract.of(r, o, normalisation[0], normalisation[1]);
		return c.withSource(source(model, r));
	}

	/** How the range of a contract resolved without labels was found. */
	private String source(final ModelDescription model, final Range r) {
		if (range == null && normalisation == null && model.statedRange() != null)
			return "found in the graph: " + model.inputScaling().because();
		if (isAuto()) return "assumed: the model does not state its input range and no labelled " +
			"images were given (Compute Class Means measures it from them)";
		return "set by the user" + (range == null ? " (range " + r.label() + " assumed)" : "");
	}

	/**
	 * The candidate contracts to measure on labelled images: the given parts as given, the
	 * others every way they can be (the range the model states counts as given).
	 *
	 * @param colour whether the images have colour (then both channel orders are tried)
	 */
	public List<InputContract> candidates(final ModelDescription model, final boolean colour) {
		final Range stated = model.statedRange();
		final List<Range> ranges = new ArrayList<>();
		if (range != null) ranges.add(range);
		else if (normalisation != null) ranges.add(Range.ZERO_ONE);
		else if (stated != null) ranges.add(stated);
		else ranges.addAll(List.of(Range.values()));
		final List<ChannelOrder> orders = new ArrayList<>();
		if (order != null) orders.add(order);
		else {
			orders.add(ChannelOrder.RGB);
			if (colour) orders.add(ChannelOrder.BGR);
		}
		final List<InputContract> out = new ArrayList<>();
		for (final ChannelOrder o : orders)
			for (final Range r : ranges)
				out.add(normalisation == null ? InputContract.of(r, o, null, null) : InputContract.of(
					r, o, normalisation[0], normalisation[1]));
		return out;
	}

	/**
	 * Refuses a given part that differs from the contract class means were computed with.
	 *
	 * @param file the class-means file, for the message
	 */
	public void checkAgainst(final InputContract means, final String file) {
		final List<String> differ = new ArrayList<>();
		if (range != null && range != means.range()) differ.add("input_range=" + range.label());
		if (order != null && order != means.order()) differ.add("channel_order=" + order.label());
		if (normalisation != null && !InputContract.of(means.range(), means.order(),
			normalisation[0], normalisation[1]).equals(means.withSource(""))) differ.add(
				"the normalisation given");
		if (differ.isEmpty()) return;
		throw new LayerTracerException("Class means " + file + " were computed with input " + means
			.describe() + " (" + means.source() + "), but " + String.join(" and ", differ) +
			" was given: leave input_range and channel_order at auto and the normalisation empty to " +
			"use the file's, or compute class means with the input you want");
	}

	@Override
	public String toString() {
		return "range=" + (range == null ? AUTO : range.label()) + ";channels=" + (order == null
			? AUTO : order.label()) + (normalisation == null ? "" : ";normalised");
	}
}
