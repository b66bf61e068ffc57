/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import io.github.layertracer.api.Images;
import io.github.layertracer.api.Operation;

import ij.ImagePlus;

import java.io.File;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Animated GIF of a trace: the image under a semi-transparent heat overlay moving through the
 * layers, from the image and the saliency TIFF a trace wrote.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "LayerTracer"),
	@Menu(label = "Export Animation", weight = 22) },
	headless = true, label = "Export Animation")
public class ExportAnimationCommand extends LayerTracerCommand {

	@Parameter(label = "Image file", style = "file", persist = false,
		description = "The traced image.")
	private File image_file;

	@Parameter(label = "Saliency TIFF", style = "file", persist = false,
		description = "The <image>_saliency.tif written by Trace Layers, Trace Image File or " +
			"Trace Folder (the first class when all classes were traced).")
	private File saliency_file;

	@Parameter(label = "Output GIF", style = "save", persist = false,
		description = "The animated GIF to write.")
	private File output_file;

	@Parameter(label = "Frames between layers", min = "0", max = Parameters.MAX_FRAMES_BETWEEN,
		persist = false,
		description = "Interpolated frames between two layers: more is smoother and larger.")
	private int frames_between = 4;

	@Parameter(label = "Overlay opacity", min = "0", max = "1", persist = false,
		description = "0 shows only the image, 1 only the heat map.")
	private double opacity = 0.5;

	@Parameter(label = "Scale", min = "1", max = Parameters.MAX_SCALE, persist = false,
		description = "Enlargement of small images, e.g. 4 for 64 x 64.")
	private int scale = 1;

	@Parameter(type = ItemIO.OUTPUT, label = "Frames")
	private ImagePlus animation;

	@Override
	protected void execute() {
		final Map<String, Object> out = call(inputs());
		@SuppressWarnings("unchecked")
		final RandomAccessibleInterval<ARGBType> frames = (RandomAccessibleInterval<ARGBType>) out
			.get("frames");
		animation = Images.rgbStack(frames, output_file.getName());
		@SuppressWarnings("unchecked")
		final java.util.List<String> labels = (java.util.List<String>) out.get("frame_labels");
		if (labels != null) for (int i = 0; i < labels.size() && i < animation.getStackSize(); i++)
			animation.getStack().setSliceLabel(labels.get(i), i + 1);
		info((String) out.get("report"));
	}

	@Override
	protected Operation operation() {
		return Operation.EXPORT_ANIMATION;
	}
}
