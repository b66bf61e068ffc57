package io.github.layertracer.engine;

import io.github.layertracer.Progress;

import java.util.Map;
import java.util.function.Consumer;

/** What an operation gets besides its inputs: progress, the user's log and the model cache. */
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

	Call(final Progress progress, final Consumer<String> log, final ModelCache cache) {
		this.progress = progress;
		this.log = log;
		this.cache = cache;
	}

	/** Outputs holding only a report. */
	static Map<String, Object> report(final String text) {
		final Map<String, Object> out = new java.util.LinkedHashMap<>();
		out.put("report", text);
		return out;
	}
}
