/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.builtin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The architecture of a built-in CNN: blocks of 3x3 convolutions (each followed by ReLU),
 * optionally ending in a 2x2 max pool, then global average pooling or flattening, then one
 * dense layer giving the logits.
 */
public final class CnnSpec {

	/** How the last block becomes logits. */
	public enum Head {
		/** Flatten, then a dense layer. */
		FLATTEN_DENSE,
		/** Global average pooling, then a dense layer. */
		POOL_DENSE,
		/**
		 * Global average pooling of the last block, which has one channel per class (class
		 * evidence maps, as in all-convolutional networks); no dense layer.
		 */
		POOL
	}

	/** A block of convolutions. */
	public static final class Block {

		public final String name;
		public final int[] filters;
		public final boolean pool;

		public Block(final String name, final boolean pool, final int... filters) {
			this.name = name;
			this.filters = filters.clone();
			this.pool = pool;
		}
	}

	public final String name;
	public final int height, width, channels, classes;
	public final List<Block> blocks;
	public final Head head;
	/** One signature output per convolution (else one per block). */
	public final boolean outputPerConv;
	/**
	 * The network's own input scaling, {@code x * inputScale + inputOffset} in a scope of its own
	 * ({@code rescaling}, as a Keras {@code Rescaling} layer) before the first block; 1 and 0:
	 * none.
	 */
	public final float inputScale, inputOffset;

	public CnnSpec(final String name, final int height, final int width, final int channels,
		final int classes, final List<Block> blocks, final Head head,
		final boolean outputPerConv)
	{
		this.name = name;
		this.height = height;
		this.width = width;
		this.channels = channels;
		this.classes = classes;
		this.blocks = Collections.unmodifiableList(new ArrayList<>(blocks));
		this.head = head;
		final int[] last = blocks.get(blocks.size() - 1).filters;
		if (head == Head.POOL && last[last.length - 1] != classes) throw new IllegalArgumentException(
			"A pooled head needs " + classes + " channels in the last convolution");
		this.outputPerConv = outputPerConv;
		this.inputScale = 1;
		this.inputOffset = 0;
	}

	private CnnSpec(final CnnSpec s, final float scale, final float offset) {
		this.name = s.name;
		this.height = s.height;
		this.width = s.width;
		this.channels = s.channels;
		this.classes = s.classes;
		this.blocks = s.blocks;
		this.head = s.head;
		this.outputPerConv = s.outputPerConv;
		this.inputScale = scale;
		this.inputOffset = offset;
	}

	/**
	 * The same network with an input scaling step of its own: it then takes input values
	 * {@code v} where the network proper sees {@code v * scale + offset}.
	 */
	public CnnSpec withInputScaling(final float scale, final float offset) {
		return new CnnSpec(this, scale, offset);
	}

	/** Whether the network scales its input itself. */
	public boolean scalesInput() {
		return inputScale != 1 || inputOffset != 0;
	}

	/** 64x64 grey, 4 blocks of 8/16/32/32 filters, each pooled; 4 shape classes. */
	public static CnnSpec shapes() {
		return new CnnSpec("shapes", 64, 64, 1, ShapesData.CLASSES.size(), List.of(new Block(
			"block1", true, 8), new Block("block2", true, 16), new Block("block3", true, 32),
			new Block("block4", true, 32)), Head.FLATTEN_DENSE, false);
	}

	/** 28x28 grey, 3 blocks of 16/32/64 filters, each pooled; 10 Fashion-MNIST classes. */
	public static CnnSpec fashion() {
		return new CnnSpec("fashion", 28, 28, 1, 10, List.of(new Block("block1", true, 16),
			new Block("block2", true, 32), new Block("block3", true, 64)), Head.FLATTEN_DENSE, false);
	}

	/**
	 * The benchmark network: 32x32x3, conv 32, 32, pool, conv 64, 64, pool, conv 128, 128,
	 * global average pool, dense 10; one output per convolution.
	 */
	public static CnnSpec vgg6Cifar() {
		return new CnnSpec("vgg6-cifar", 32, 32, 3, 10, List.of(new Block("conv1", true, 32, 32),
			new Block("conv2", true, 64, 64), new Block("conv3", false, 128, 128)), Head.POOL_DENSE,
			true);
	}

	/** Output names in depth order, then {@code logits}. */
	public List<String> outputNames() {
		final List<String> names = new ArrayList<>();
		for (final Block b : blocks) {
			if (outputPerConv) for (int j = 0; j < b.filters.length; j++)
				names.add(convName(b, j));
			else names.add(b.name);
		}
		names.add("logits");
		return names;
	}

	static String convName(final Block b, final int j) {
		return b.name + "_" + (j + 1);
	}

	/** Shapes of the weights in order: per conv filter and bias, then dense matrix and bias. */
	public List<long[]> weightShapes() {
		final List<long[]> shapes = new ArrayList<>();
		int c = channels, h = height, w = width;
		for (final Block b : blocks) {
			for (final int f : b.filters) {
				shapes.add(new long[] { 3, 3, c, f });
				shapes.add(new long[] { f });
				c = f;
			}
			if (b.pool) {
				h /= 2;
				w /= 2;
			}
		}
		if (head != Head.POOL) {
			final long features = head == Head.POOL_DENSE ? c : (long) h * w * c;
			shapes.add(new long[] { features, classes });
			shapes.add(new long[] { classes });
		}
		return shapes;
	}
}
