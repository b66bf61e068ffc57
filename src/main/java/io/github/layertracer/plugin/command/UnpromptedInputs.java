/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

/**
 * Optional means optional: when a macro gives a LayerTracer command its options, or nothing
 * can be asked (headless), every input the caller left out takes its declared default. Without
 * this, imagej-legacy leaves such an input unresolved, and then SciJava asks for it: a dialog
 * in the GUI, a bare file chooser when the only one left out is a file (Fiji's
 * {@code FilePreprocessor}), and headless the command is silently cancelled.
 * <p>
 * It runs just before the persisted values are loaded ({@code LoadInputsPreprocessor}), so a
 * left-out key never takes a value remembered from an earlier dialog either. A menu click (no
 * macro options) still gets the dialog, with the remembered model folder and class means.
 * </p>
 */
@Plugin(type = PreprocessorPlugin.class, priority = Priority.VERY_LOW + 1.5)
public class UnpromptedInputs extends AbstractPreprocessorPlugin {

	@Parameter(required = false)
	private UIService ui;

	@Override
	public void process(final Module module) {
		if (!(module.getDelegateObject() instanceof LayerTracerCommand)) return;
		if (!fromMacroOrHeadless()) return;
		for (final ModuleItem<?> item : module.getInfo().inputs())
			if (!module.isInputResolved(item.getName())) module.resolveInput(item.getName());
	}

	private boolean fromMacroOrHeadless() {
		if (ij.Macro.getOptions() != null) return true;
		return ui == null || ui.isHeadless();
	}
}
