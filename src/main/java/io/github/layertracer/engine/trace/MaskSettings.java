/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import io.github.layertracer.api.Defaults;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Limits;

import java.util.Locale;

/**
 * Which random masks a trace draws. Immutable; the {@code with…} methods return modified copies.
 * <ul>
 * <li>{@link Type#RISE} (Petsiuk et al., 2018): an {@code s x s} grid of cells, each kept with
 * probability {@code p}, upsampled bilinearly to {@code (s+1) c} pixels ({@code c = ceil(H / s)})
 * and cropped to the image at a random shift in {@code [0, c)} per mask. More masks (N) give
 * smoother maps at proportional cost; a finer grid (larger s) shows smaller details but needs
 * more masks; p sets how much of the image each mask keeps (0.5 is the RISE default).</li>
 * <li>{@link Type#SQUARE} (the original LayerTracer): one square of side between
 * {@code squareMin} and {@code squareMax} (fractions of the image side) placed uniformly and set
 * to the fill value.</li>
 * </ul>
 * Masks are drawn batch by batch from stateless seeded generators: the same seed, count and batch
 * size give bit-identical masks.
 */
public final class MaskSettings {

	/**
	 * How the cells of RISE grids are drawn: independently ({@code RANDOM}, RISE as published),
	 * in antithetic pairs (a grid and its complement {@code u -> 1 - u}, with the same shift), or
	 * with the keep count fixed at {@code round(p s^2)} cells per mask ({@code STRATIFIED}), or
	 * from a Cranley-Patterson-rotated Sobol sequence over the two shift coordinates and the
	 * {@code s^2} cells ({@code SOBOL}; even and odd batches have rotations of their own from
	 * the seed), or from the Sobol sequence scrambled digit by digit: a random linear matrix
	 * scrambling and a random digital shift per coordinate ({@code SCRAMBLED}, Matou&scaron;ek's
	 * cheaper relative of Owen's nested scrambling; again one scrambling per half).
	 */
	public enum Sampling {
		RANDOM, ANTITHETIC, STRATIFIED, SOBOL, SCRAMBLED;

		/** Whether the masks' uniforms come from a quasi-random sequence fed from Java. */
		public boolean quasiRandom() {
			return this == SOBOL || this == SCRAMBLED;
		}

		public static Sampling parse(final String s) {
			try {
				return valueOf(s.trim().toUpperCase(Locale.ROOT));
			}
			catch (final IllegalArgumentException | NullPointerException e) {
				throw new LayerTracerException("Unknown sampling '" + s +
					"'; expected random, antithetic, stratified, sobol or scrambled");
			}
		}
	}

	/** Mask family. */
	public enum Type {
		RISE, SQUARE;

		public static Type parse(final String s) {
			try {
				return valueOf(s.trim().toUpperCase(Locale.ROOT));
			}
			catch (final IllegalArgumentException | NullPointerException e) {
				throw new LayerTracerException("Unknown mask type '" + s + "'; expected rise or square");
			}
		}
	}

	public final Type type;
	public final int masks;
	public final int grid;
	public final double keep;
	public final double squareMin, squareMax;
	public final float fill;
	public final long seed;
	public final int batch;
	/** How the RISE grid cells are drawn. */
	public final Sampling sampling;
	/**
	 * The stop rule ({@code masks=auto}): masks are drawn batch by batch, from {@link #minMasks}
	 * up to {@link #masks}, until every traced map reaches {@link #agreement}; 0 for a fixed
	 * number of masks.
	 */
	public final double agreement;
	public final int minMasks;

	private MaskSettings(final Type type, final int masks, final int grid, final double keep,
		final double squareMin, final double squareMax, final float fill, final long seed,
		final int batch)
	{
		this(type, masks, grid, keep, squareMin, squareMax, fill, seed, batch, 0, 0);
	}

	private MaskSettings(final Type type, final int masks, final int grid, final double keep,
		final double squareMin, final double squareMax, final float fill, final long seed,
		final int batch, final double agreement, final int minMasks)
	{
		this(type, masks, grid, keep, squareMin, squareMax, fill, seed, batch, agreement, minMasks,
			Sampling.RANDOM);
	}

	private MaskSettings(final Type type, final int masks, final int grid, final double keep,
		final double squareMin, final double squareMax, final float fill, final long seed,
		final int batch, final double agreement, final int minMasks, final Sampling sampling)
	{
		this.sampling = sampling;
		this.agreement = agreement;
		this.minMasks = minMasks;
		this.type = type;
		this.masks = masks;
		this.grid = grid;
		this.keep = keep;
		this.squareMin = squareMin;
		this.squareMax = squareMax;
		this.fill = fill;
		this.seed = seed;
		this.batch = batch;
	}

	/**
	 * RISE, 4000 masks, grid 8, keep 0.5, seed 1, batches of 64, cells and shifts from a
	 * scrambled Sobol sequence ({@link Sampling#SCRAMBLED}: the same map as independent random
	 * cells, reached with 0.25 to 0.71 times the masks on the benchmark models).
	 */
	public static MaskSettings defaults() {
		return new MaskSettings(Type.parse(Defaults.MASK_TYPE), Defaults.MASK_COUNT, Defaults.GRID,
			Defaults.KEEP, 0.125, 0.2, 0, Defaults.SEED, Defaults.BATCH_SIZE, 0, 0, Sampling.parse(
				Defaults.SAMPLING));
	}

	public MaskSettings withType(final Type t) {
		return new MaskSettings(t, masks, grid, keep, squareMin, squareMax, fill, seed, batch, agreement, minMasks, sampling);
	}

	public MaskSettings withMasks(final int n) {
		return new MaskSettings(type, n, grid, keep, squareMin, squareMax, fill, seed, batch, agreement, minMasks, sampling);
	}

	public MaskSettings withGrid(final int s) {
		return new MaskSettings(type, masks, s, keep, squareMin, squareMax, fill, seed, batch, agreement, minMasks, sampling);
	}

	public MaskSettings withKeep(final double p) {
		return new MaskSettings(type, masks, grid, p, squareMin, squareMax, fill, seed, batch, agreement, minMasks, sampling);
	}

	public MaskSettings withSquare(final double min, final double max) {
		return new MaskSettings(type, masks, grid, keep, min, max, fill, seed, batch, agreement, minMasks, sampling);
	}

	public MaskSettings withFill(final float f) {
		return new MaskSettings(type, masks, grid, keep, squareMin, squareMax, f, seed, batch, agreement, minMasks, sampling);
	}

	public MaskSettings withSeed(final long s) {
		return new MaskSettings(type, masks, grid, keep, squareMin, squareMax, fill, s, batch, agreement, minMasks, sampling);
	}

	public MaskSettings withBatch(final int b) {
		return new MaskSettings(type, masks, grid, keep, squareMin, squareMax, fill, seed, b,
			agreement, minMasks, sampling);
	}

	/**
	 * The stop rule: draw masks batch by batch, at least {@code min} and at most {@code max},
	 * and stop when every traced layer's map agrees with the map of infinitely many masks to
	 * {@code agreement} (a Pearson correlation, estimated from two independent half-maps).
	 */
	public MaskSettings withAuto(final int min, final int max, final double target) {
		return new MaskSettings(type, max, grid, keep, squareMin, squareMax, fill, seed, batch,
			target, min, sampling);
	}

	/** The same settings with another way of drawing the RISE grids. */
	public MaskSettings withSampling(final Sampling s) {
		return new MaskSettings(type, masks, grid, keep, squareMin, squareMax, fill, seed, batch,
			agreement, minMasks, s);
	}

	/** Whether the number of masks is decided by the stop rule. */
	public boolean isAuto() {
		return agreement > 0;
	}

	/** Refuses values that cannot work, naming the value. */
	public MaskSettings check() {
		if (masks < 1) throw new LayerTracerException("Number of masks must be at least 1, got " +
			masks);
		if (batch < 1) throw new LayerTracerException("Batch size must be at least 1, got " + batch);
		if (isAuto() && !(agreement < 1)) throw new LayerTracerException("The agreement a stop " +
			"rule aims at must be below 1, got " + agreement);
		if (isAuto() && (minMasks < 1 || minMasks > masks)) throw new LayerTracerException(
			"The stop rule's minimum number of masks must be between 1 and its maximum " + masks +
				", got " + minMasks);
		if (type == Type.RISE) {
			if (grid < 2) throw new LayerTracerException("Mask grid must be at least 2, got " + grid);
			if (grid > Limits.MAX_GRID) throw new LayerTracerException("Mask grid must be at most " +
				Limits.MAX_GRID + " cells per side, got " + grid + " (7 to 16 is typical; a finer " +
				"grid needs far more masks)");
			if (!(keep > 0 && keep < 1)) throw new LayerTracerException(
				"Keep probability must be between 0 and 1 (exclusive), got " + keep);
		}
		else if (!(squareMin > 0 && squareMin <= squareMax && squareMax <= 1))
			throw new LayerTracerException("Square side range must satisfy 0 < min <= max <= 1, got " +
				squareMin + " to " + squareMax);
		return this;
	}

	/**
	 * The finest grid the Sobol sequence serves: its points have a coordinate per grid cell and
	 * two for the shift, and the direction numbers of Commons Math (Joe and Kuo's) cover 1000
	 * coordinates: {@code 2 + 31 * 31 = 963}.
	 */
	public static final int MAX_SOBOL_GRID = 31;

	/**
	 * Refuses settings that cannot work on a model input of {@code height x width} pixels: a RISE
	 * grid with more cells per side than the input has pixels (cells smaller than a pixel), and a
	 * grid finer than {@link #MAX_SOBOL_GRID} with Sobol sampling. Called when the settings meet
	 * a model, before any mask is drawn.
	 */
	public MaskSettings checkFits(final int height, final int width) {
		check();
		if (type != Type.RISE) return this;
		final int side = Math.min(height, width);
		if (grid > side) throw new LayerTracerException("Mask grid " + grid + " has more cells " +
			"per side than the model's input has pixels (" + height + " x " + width + "); use a " +
			"grid of at most " + Math.min(side, Limits.MAX_GRID) + " (7 to 16 is typical)");
		if (sampling.quasiRandom() && grid > MAX_SOBOL_GRID) throw new LayerTracerException(
			"Mask grid " + grid + " is too fine for " + sampling.name().toLowerCase(Locale.ROOT) +
				" sampling: its points have a coordinate per cell and two for the shift, and the " +
				"Sobol sequence has at most 1000 (a grid of at most " + MAX_SOBOL_GRID + "); use a " +
				"coarser grid, or sampling=random for a finer one");
		return this;
	}

	/** A stable key of what shapes the mask operations (not the seed or count). */
	String graphKey() {
		return type + ":" + grid + ":" + keep + ":" + squareMin + ":" + squareMax + ":" + fill + ":" +
			sampling;
	}

	@Override
	public String toString() {
		final String n = isAuto() ? String.format(Locale.ROOT, "auto(%d-%d,r>=%s)", minMasks, masks,
			agreement) : Integer.toString(masks);
		return type == Type.RISE ? String.format(Locale.ROOT,
			"rise masks=%s grid=%d keep=%s seed=%d batch=%d", n, grid, keep, seed, batch) + (sampling ==
				Sampling.RANDOM ? "" : " sampling=" + sampling.name().toLowerCase(Locale.ROOT)) : String
				.format(Locale.ROOT, "square masks=%s side=%s-%s fill=%s seed=%d batch=%d", n, squareMin,
					squareMax, fill, seed, batch);
	}
}
