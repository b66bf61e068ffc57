package io.github.layertracer.bridge;

import io.github.layertracer.Progress;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The narrow bridge between the plugin (commands, service, launcher), loaded from Fiji's class
 * path, and the engine (TensorFlow Java, its protobuf-java, JavaCPP and ndarray, and the core
 * that uses them), loaded by {@link EngineLoader} in its own child-first class loader. Only JDK
 * types (strings, numbers, paths, arrays, lists, maps), ImgLib2 images and the shared
 * {@link Progress} and {@link io.github.layertracer.LayerTracerException} cross it, so no class
 * of either side's libraries ever meets the other's.
 */
public interface Engine {

	/**
	 * Runs one operation, named like the command that offers it ({@code "Trace Layers"}; see
	 * {@link #operations()}).
	 *
	 * @param inputs the command's parameters by field name: {@code String}, {@code Number},
	 *          {@code Boolean}, {@code java.nio.file.Path} (null for an empty optional file), and
	 *          for images an ImgLib2 {@code Img<FloatType>} with axes {@code [x, y, c]} scaled to
	 *          0..1
	 * @param progress told about progress and asked about cancellation between batches
	 * @param log receives lines meant for the user's log
	 * @return the operation's outputs by name: always {@code "report"} (a text for the user),
	 *         others as the operation documents them
	 * @throws io.github.layertracer.LayerTracerException for input the user can fix, with a
	 *           message naming the file, layer, shape or value
	 * @throws Progress.CancelledException when {@code progress} asked to stop; nothing is written
	 */
	Map<String, Object> call(String operation, Map<String, ?> inputs, Progress progress,
		Consumer<String> log);

	/** The operations {@link #call} knows. */
	java.util.Set<String> operations();

	/**
	 * Closes every model the engine keeps open between calls (Trace Layers and Trace Folder keep
	 * one per model folder, class-means file and thread count). Later calls reopen them.
	 */
	void clear();

	/** The number of models kept open between calls. */
	int openModels();

	/**
	 * Where the engine's libraries came from: the class loader and the jar of TensorFlow Java,
	 * protobuf-java, JavaCPP and the engine itself, for reports and bug reports.
	 */
	Map<String, String> about();
}
