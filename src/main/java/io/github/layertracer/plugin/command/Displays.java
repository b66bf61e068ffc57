/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import ij.ImageListener;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Overlay;
import ij.gui.TextRoi;
import ij.macro.Interpreter;

import java.awt.Color;
import java.awt.EventQueue;
import java.awt.Font;
import java.util.List;

import org.scijava.thread.ThreadService;

/**
 * How Trace Layers' results meet a Fiji user: windows zoomed so that a small map is not a
 * thumbnail, captions as an overlay (never drawn into the pixels), and results handed to a
 * batch-mode macro as ImageJ 1.x commands hand theirs.
 */
final class Displays {

	/** The shortest long side, in screen pixels, a result window opens with. */
	static final int MIN_LONG_SIDE = 256;

	/** The ImageJ property that asks for a zoom when the image's window opens. */
	static final String ZOOM_PROPERTY = "layertracer.zoom";

	private static boolean listening;

	private Displays() {}

	/** The integer zoom that makes the long side of a {@code w x h} image at least 256 pixels. */
	static int zoom(final int w, final int h) {
		final int side = Math.max(1, Math.max(w, h));
		return (MIN_LONG_SIDE + side - 1) / side;
	}

	/**
	 * Asks for the image's window, when Fiji opens one, to be zoomed (not resampled) to at least
	 * 256 pixels on its long side. Headless nothing opens and nothing happens.
	 */
	static synchronized void zoomWhenShown(final ImagePlus imp) {
		final int z = zoom(imp.getWidth(), imp.getHeight());
		if (z <= 1) return;
		imp.setProperty(ZOOM_PROPERTY, z);
		if (listening) return;
		listening = true;
		ImagePlus.addImageListener(new ImageListener() {

			@Override
			public void imageOpened(final ImagePlus opened) {
				final Object zoom = opened.getProperty(ZOOM_PROPERTY);
				if (!(zoom instanceof Integer)) return;
				opened.setProperty(ZOOM_PROPERTY, null);
				EventQueue.invokeLater(() -> {
					if (opened.getWindow() != null) ij.plugin.Zoom.set(opened, (Integer) zoom);
				});
			}

			@Override
			public void imageClosed(final ImagePlus imp) {
				// nothing to do
			}

			@Override
			public void imageUpdated(final ImagePlus imp) {
				// nothing to do
			}
		});
	}

	/**
	 * Slice labels as an overlay: each slice's label, in white on black at its top left, sized
	 * for a window zoomed by {@link #zoom} (an overlay scales with the zoom).
	 */
	static Overlay captions(final List<String> labels, final int width) {
		final Overlay o = new Overlay();
		int longest = 1;
		for (final String l : labels)
			longest = Math.max(longest, l.length());
		// the longest label fits the image's width (a bold sans-serif letter is about 0.7 em wide)
		final double size = Math.max(2, Math.min(14, Math.floor(width / (0.7 * longest))));
		for (int i = 0; i < labels.size(); i++) {
			final TextRoi t = new TextRoi(1, 1, labels.get(i), new Font(Font.SANS_SERIF, Font.BOLD,
				(int) size));
			t.setStrokeColor(Color.WHITE);
			t.setAntiAlias(true);
			t.setFillColor(new Color(0, 0, 0, 160));
			t.setPosition(i + 1);
			o.add(t);
		}
		return o;
	}

	/**
	 * Hands results to the calling macro when it runs in batch mode (or headless under
	 * {@code -batch}): each becomes a batch-mode image, the last one the macro's active image, as
	 * an ImageJ 1.x command's result would; then no window is opened for them.
	 *
	 * @return whether they were handed over
	 */
	static boolean toBatchMacro(final ThreadService threads, final ImagePlus... results) {
		if (Interpreter.getInstance() == null || !Interpreter.isBatchMode()) return false;
		final Thread macro = threads == null ? null : threads.getParent(Thread.currentThread());
		// only when the macro itself ran the command (not a script the macro started: it gets the
		// outputs as they are)
		if (macro == null || !macro.getName().endsWith("Macro$")) return false;
		for (final ImagePlus imp : results) {
			if (imp == null) continue;
			Interpreter.addBatchModeImage(imp);
			WindowManager.setTempCurrentImage(macro, imp);
		}
		return true;
	}
}
