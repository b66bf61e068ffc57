/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import io.github.layertracer.api.Images;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Operation;

import ij.ImagePlus;
import ij.plugin.LutLoader;
import ij.process.LUT;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Traces the active image layer by layer and shows the saliency as a hyperstack: one slice per
 * layer (a frame per class when all classes are traced), labelled with the layer and its
 * unmasked probability, heat LUT, the input's calibration. Models and class means stay loaded
 * between runs.
 */
@Plugin(type = Command.class, menu = { @Menu(label = "Plugins"), @Menu(label = "LayerTracer"),
	@Menu(label = "Trace Layers", weight = 11) }, headless = true,
	label = "Trace Layers")
public class TraceLayersCommand extends TracingCommand {

	@Parameter(label = "Image", persist = false, required = false,
		description = "The image to trace (the active image in Fiji).")
	private ImagePlus image;

	@Parameter(label = "Output folder (optional)", style = "directory", required = false,
		persist = false, description = "If set, the saliency is also written there as TIFF with " +
			"JSON and CSV sidecars (what headless runs rely on).")
	private File output_dir;

	@Parameter(label = "Show the maps over the image", persist = false,
		description = "Also open a second view: each layer's map blended over the traced image " +
			"(fire colours, one slice per layer), zoomed to at least 256 pixels.")
	private boolean overlay = true;

	// the overlay first: Fiji shows the outputs in this order, so the stack opens last and is the
	// active image, as it was before the overlay existed
	@Parameter(type = ItemIO.OUTPUT, label = "Maps over the image")
	private ImagePlus overlay_stack;

	@Parameter(type = ItemIO.OUTPUT, label = "Layer saliency")
	private ImagePlus saliency_stack;

	/**
	 * The ImageJ property of {@link #saliency_stack} holding the saliency as an ImgLib2 image
	 * ({@code [x, y, layer]} or {@code [x, y, layer, class]}, raw values) for scripts:
	 * {@code imp.getProperty("layertracer.saliency")}. Not an output of its own: Fiji shows
	 * every output, and one trace is one window.
	 */
	public static final String SALIENCY_PROPERTY = "layertracer.saliency";

	private Img<FloatType> saliency;
	private ImagePlus stack;

	/** The saliency as an ImgLib2 image, after a run (also the stack's {@value #SALIENCY_PROPERTY}). */
	public Img<FloatType> saliency() {
		return saliency;
	}

	@Override
	protected void execute() {
		if (image == null) throw new LayerTracerException(
			"No image is open: open the image to trace first");
		final Map<String, Object> in = inputs();
		in.put("image", Images.wrap(image)); // the image's own pixels: the engine copies them once
		in.put("image_name", image.getTitle());
		in.put("base_name", image.getShortTitle());
		final Map<String, Object> out = call(in);
		@SuppressWarnings("unchecked")
		final Img<FloatType> img = (Img<FloatType>) out.get("saliency");
		saliency = img;
		@SuppressWarnings("unchecked")
		final List<String> labels = (List<String>) out.get("slice_labels");
		saliency_stack = Images.saliencyStack(saliency, labels, image.getShortTitle() +
			"_saliency", (String) out.get("info"));
		stack = saliency_stack;
		saliency_stack.setCalibration(image.getCalibration().copy());
		saliency_stack.setProperty(SALIENCY_PROPERTY, saliency);
		if (!saliency_stack.isComposite()) { // one layer: one LUT over its range
			final java.awt.image.IndexColorModel fire = LutLoader.getLut("fire");
			if (fire != null) saliency_stack.getProcessor().setColorModel(new LUT(fire, 0, 0));
			saliency_stack.resetDisplayRange();
		}
		Displays.zoomWhenShown(saliency_stack);
		if (overlay) {
			overlay_stack = Images.rgbStack(Images.argb(out.get("overlay")), image.getShortTitle() +
				"_overlay");
			for (int i = 0; i < labels.size(); i++)
				overlay_stack.getStack().setSliceLabel(labels.get(i), i + 1);
			overlay_stack.setCalibration(image.getCalibration().copy());
			overlay_stack.setOverlay(Displays.captions(labels, image.getWidth()));
			Displays.zoomWhenShown(overlay_stack);
		}
		info((String) out.get("report"));
		// a macro in batch mode (or headless -batch) gets the stack as its active image, as
		// ImageJ 1.x batch-mode images are; no window
		if (Displays.toBatchMacro(threadService(), overlay_stack, saliency_stack)) {
			saliency_stack = null;
			overlay_stack = null;
		}
	}

	/** The stack of the last run, also when it went to a batch-mode macro rather than out. */
	public ImagePlus stack() {
		return stack;
	}

	@Override
	protected Set<String> derivedInputs() {
		return new java.util.LinkedHashSet<>(java.util.List.of("image_name", "base_name"));
	}

	@Override
	protected Operation operation() {
		return Operation.TRACE_LAYERS;
	}
}
