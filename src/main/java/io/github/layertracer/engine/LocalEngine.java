package io.github.layertracer.engine;

import io.github.layertracer.Progress;
import io.github.layertracer.bridge.Engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The engine behind the {@link Engine} bridge: runs each operation with the classes of its own
 * class loader (TensorFlow Java and the exact libraries it was built with) and keeps models open
 * between calls. Created by {@link io.github.layertracer.bridge.EngineLoader}, once per JVM.
 */
public final class LocalEngine implements Engine {

	private final Map<String, Call.Operation> operations = new LinkedHashMap<>();
	private final ModelCache cache = new ModelCache();

	public LocalEngine() {
		operations.put("Inspect Model", ModelOperations::inspect);
		operations.put("Make Demo Data", ModelOperations::makeData);
		operations.put("Build Demo Model", ModelOperations::buildModel);
		operations.put("Compute Class Means", ModelOperations::classMeans);
		operations.put("Layer Accuracy", ModelOperations::layerAccuracy);
		operations.put("Class Means Benchmark", ModelOperations::benchMeans);
		operations.put("Trace Image File", TraceOperations::traceFile);
		operations.put("Trace Layers", TraceOperations::traceLayers);
		operations.put("Trace Folder", TraceOperations::traceFolder);
		operations.put("Evaluate Saliency", TraceOperations::evaluate);
		operations.put("Export Animation", TraceOperations::animation);
		operations.put("Trace Benchmark", TraceOperations::benchTrace);
		operations.put("Mask Quality Benchmark", TraceOperations::benchQuality);
		operations.put("Run Demo", DemoOperation::run);
	}

	@Override
	public Map<String, Object> call(final String operation, final Map<String, ?> inputs,
		final Progress progress, final Consumer<String> log)
	{
		final Call.Operation op = operations.get(operation);
		if (op == null) throw new IllegalArgumentException("The engine has no operation '" +
			operation + "'; it has " + operations.keySet());
		// libraries that look up classes or resources through the context class loader find ours
		final Thread thread = Thread.currentThread();
		final ClassLoader before = thread.getContextClassLoader();
		thread.setContextClassLoader(LocalEngine.class.getClassLoader());
		try {
			return op.run(new Inputs(operation, inputs), new Call(progress == null ? Progress.NONE
				: progress, log == null ? line -> {} : log, cache));
		}
		finally {
			thread.setContextClassLoader(before);
		}
	}

	@Override
	public Set<String> operations() {
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
