/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.api;

import java.util.Map;
import java.util.Set;

import org.scijava.log.Logger;
import org.scijava.task.Task;

/**
 * The narrow bridge between the plugin (commands, service, launcher), loaded from Fiji's class
 * path, and the engine (TensorFlow Java, its protobuf-java, JavaCPP and ndarray, and the core
 * that uses them), loaded in its own child-first class loader. Only JDK types (strings, numbers,
 * paths, lists, maps), ImgLib2 images, SciJava's {@link Task} and {@link Logger}, and this
 * package's types cross it, so no class of either side's libraries ever meets the other's.
 */
public interface Engine {

	/**
	 * Runs one operation.
	 *
	 * @param inputs exactly the operation's {@link Operation#inputs()}: {@code String},
	 *          {@code Number}, {@code Boolean}, {@code java.nio.file.Path} (null for an empty
	 *          optional file), and for images an ImgLib2 {@code RandomAccessibleInterval} of a
	 *          real type with axes {@code [x, y, c]} and the scale of its pixel type (see
	 *          {@link Images#scale})
	 * @param task told about progress (units: images or masks) and asked, between batches,
	 *          whether it was cancelled; the caller starts and finishes it
	 * @param log receives lines meant for the user's log
	 * @return the operation's outputs by name: always {@code "report"} (a text for the user),
	 *         others as the operation documents them
	 * @throws LayerTracerException for input the user can fix, with a message naming the file,
	 *           layer, shape or value
	 * @throws CancelledException when {@code task} was cancelled; nothing is written
	 */
	Map<String, Object> call(Operation operation, Map<String, ?> inputs, Task task, Logger log);

	/** The operations {@link #call} knows: all of them. */
	Set<Operation> operations();

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
