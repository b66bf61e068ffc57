/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.means;

import io.github.layertracer.api.LayerTracerException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Matches the classes of a labelled data set to the model's logit indices: by default the data's
 * sorted class order is the logit order; an explicit list of class names in logit order
 * overrides it. Every logit index must get a class.
 */
public final class ClassMapping {

	private final List<String> modelClasses;
	private final int[] sourceToModel;

	private ClassMapping(final List<String> modelClasses, final int[] sourceToModel) {
		this.modelClasses = Collections.unmodifiableList(new ArrayList<>(modelClasses));
		this.sourceToModel = sourceToModel;
	}

	/**
	 * @param sourceClasses the data's class names, in its label order
	 * @param modelClasses number of classes of the model's final output
	 * @param logitOrder class names in logit order, or null/empty for the data's own order
	 * @param what the data, for messages
	 */
	public static ClassMapping of(final List<String> sourceClasses, final int modelClasses,
		final List<String> logitOrder, final String what)
	{
		if (logitOrder == null || logitOrder.isEmpty()) {
			if (sourceClasses.size() != modelClasses) throw new LayerTracerException("The data in " +
				what + " has " + sourceClasses.size() + " classes (" + String.join(", ",
					sourceClasses) + ") but the model's final output has " + modelClasses +
				"; give one class per logit");
			final int[] identity = new int[sourceClasses.size()];
			for (int i = 0; i < identity.length; i++)
				identity[i] = i;
			return new ClassMapping(sourceClasses, identity);
		}
		if (logitOrder.size() != modelClasses) throw new LayerTracerException("The class list " +
			String.join(",", logitOrder) + " names " + logitOrder.size() +
			" classes but the model's final output has " + modelClasses);
		final int[] map = new int[sourceClasses.size()];
		for (int i = 0; i < map.length; i++) {
			map[i] = logitOrder.indexOf(sourceClasses.get(i));
			if (map[i] < 0) throw new LayerTracerException("Class '" + sourceClasses.get(i) +
				"' of " + what + " is not in the class list " + String.join(",", logitOrder));
		}
		for (int k = 0; k < modelClasses; k++) {
			boolean found = false;
			for (final int m : map)
				found |= m == k;
			if (!found) throw new LayerTracerException("Class '" + logitOrder.get(k) +
				"' (logit " + k + ") has no images in " + what);
		}
		return new ClassMapping(logitOrder, map);
	}

	/** Logit index of a data label. */
	public int toModel(final int sourceLabel) {
		return sourceToModel[sourceLabel];
	}

	/** Class names in logit order. */
	public List<String> classNames() {
		return modelClasses;
	}
}
