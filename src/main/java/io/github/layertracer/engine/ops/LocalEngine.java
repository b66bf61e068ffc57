/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.ops;

import io.github.layertracer.api.Engine;
import io.github.layertracer.api.Operation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.scijava.log.Logger;
import org.scijava.task.Task;

/**
 * The engine behind the {@link Engine} bridge: runs each operation with the classes of its own
 * class loader (TensorFlow Java and the exact libraries it was built with) and keeps models open
 * between calls. Created by {@link io.github.layertracer.plugin.bridge.EngineLoader}, once per JVM.
 */
public final class LocalEngine implements Engine {

	/**
	 * System property that, set to {@code true} (as the tests do), fails every call that leaves a
	 * declared input unread: a parameter the user can set that would change nothing.
	 */
	public static final String CHECK_INPUTS_PROPERTY = "layertracer.checkInputs";

	private final Map<Operation, Call.Operation> operations = new EnumMap<>(Operation.class);
	private final ModelCache cache = new ModelCache();

	public LocalEngine() {
		operations.put(Operation.INSPECT_MODEL, ModelOperations::inspect);
		operations.put(Operation.MAKE_DEMO_DATA, ModelOperations::makeData);
		operations.put(Operation.BUILD_DEMO_MODEL, ModelOperations::buildModel);
		operations.put(Operation.COMPUTE_CLASS_MEANS, ModelOperations::classMeans);
		operations.put(Operation.LAYER_ACCURACY, ModelOperations::layerAccuracy);
		operations.put(Operation.CLASS_MEANS_BENCHMARK, ModelOperations::benchMeans);
		operations.put(Operation.TRACE_IMAGE_FILE, TraceOperations::traceFile);
		operations.put(Operation.TRACE_LAYERS, TraceOperations::traceLayers);
		operations.put(Operation.TRACE_FOLDER, TraceOperations::traceFolder);
		operations.put(Operation.EVALUATE_SALIENCY, TraceOperations::evaluate);
		operations.put(Operation.EXPORT_ANIMATION, TraceOperations::animation);
		operations.put(Operation.TRACE_BENCHMARK, TraceOperations::benchTrace);
		operations.put(Operation.MASK_QUALITY_BENCHMARK, TraceOperations::benchQuality);
		operations.put(Operation.RUN_DEMO, DemoOperation::run);
		if (operations.size() != Operation.values().length) throw new IllegalStateException(
			"The engine lacks " + EnumSet.complementOf(EnumSet.copyOf(operations.keySet())));
	}

	@Override
	public Map<String, Object> call(final Operation operation, final Map<String, ?> inputs,
		final Task task, final Logger log)
	{
		final Call.Operation op = operations.get(operation);
		// libraries that look up classes or resources through the context class loader find ours
		final Thread thread = Thread.currentThread();
		final ClassLoader before = thread.getContextClassLoader();
		thread.setContextClassLoader(LocalEngine.class.getClassLoader());
		try {
			final Inputs in = new Inputs(operation, inputs);
			in.checkOutputs();
			final Map<String, Object> out = op.run(in, new Call(task, log, cache));
			if (Boolean.getBoolean(CHECK_INPUTS_PROPERTY) && !in.unread().isEmpty())
				throw new IllegalStateException("Operation '" + operation + "' ignored its inputs " + in
					.unread() + ": read them, or take them out of Operation." + operation.name() +
					" and its command");
			return out;
		}
		finally {
			thread.setContextClassLoader(before);
		}
	}

	@Override
	public Set<Operation> operations() {
		return Collections.unmodifiableSet(operations.keySet());
	}

	@Override
	public void clear() {
		cache.clear();
	}

	@Override
	public int openModels() {
		return cache.openModels();
	}

	@Override
	public Map<String, String> about() {
		final Map<String, String> about = new LinkedHashMap<>();
		final ClassLoader loader = LocalEngine.class.getClassLoader();
		about.put("class loader", loader.getName() != null ? loader.getName() : String.valueOf(
			loader));
		about.put("engine", source(LocalEngine.class));
		about.put("tensorflow", source(org.tensorflow.SavedModelBundle.class));
		about.put("protobuf", source(com.google.protobuf.Message.class));
		about.put("javacpp", source(org.bytedeco.javacpp.Pointer.class));
		return about;
	}

	private static String source(final Class<?> c) {
		final java.security.CodeSource s = c.getProtectionDomain().getCodeSource();
		return s == null ? "(unknown)" : String.valueOf(s.getLocation());
	}
}
