/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.ops;

import io.github.layertracer.engine.Progress;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.scijava.log.Logger;
import org.scijava.task.Task;

/**
 * What an operation gets besides its inputs: the caller's SciJava {@link Task} as the core's
 * {@link Progress}, the user's log, and the model cache.
 */
final class Call {

	/** One operation of the engine. */
	@FunctionalInterface
	interface Operation {

		/** Runs with the inputs; returns the outputs, always with a {@code "report"}. */
		Map<String, Object> run(Inputs in, Call call);
	}

	final Progress progress;
	final Consumer<String> log;
	final ModelCache cache;

	Call(final Task task, final Logger log, final ModelCache cache) {
		this.progress = task == null ? Progress.NONE : progress(task);
		this.log = log == null ? line -> {} : log::info;
		this.cache = cache;
	}

	/** The core's progress told to a task: units done of a total, cancelled with the task. */
	static Progress progress(final Task task) {
		return new Progress() {

			@Override
			public void update(final long done, final long total) {
				if (task.getProgressMaximum() != total) task.setProgressMaximum(total);
				task.setProgressValue(done);
			}

			@Override
			public boolean isCancelled() {
				return task.isCanceled();
			}
		};
	}

	/** Outputs holding only a report. */
	static Map<String, Object> report(final String text) {
		final Map<String, Object> out = new LinkedHashMap<>();
		out.put("report", text);
		return out;
	}
}
