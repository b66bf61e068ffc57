/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.bridge;

import io.github.layertracer.api.Engine;
import io.github.layertracer.api.LayerTracerException;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Creates the {@link Engine}: TensorFlow Java 1.1.0 and the exact libraries it needs, in a
 * {@link ChildFirstClassLoader} of their own, so that whatever else shares Fiji's class path
 * (TensorFlow 1.15 from CSBDeep, protobuf-java 4, another JavaCPP) cannot reach them, nor they
 * it. The engine's jars are looked for, in this order:
 * <ol>
 * <li>the folder named by the system property {@value #ENGINE_DIR_PROPERTY};</li>
 * <li>{@code engine/} beside the plugin's classes or jar (a Maven build: {@code target/engine});</li>
 * <li>{@code lib/layertracer-engine/} and {@code lib/<platform>/layertracer-engine/} of the
 * Fiji installation holding the plugin's jar ({@code Fiji.app/jars/}), where the update site
 * puts them: Fiji does not put {@code lib/} on its class path.</li>
 * </ol>
 * The engine's own classes come from the plugin's jar (or classes folder) itself, loaded a
 * second time by the engine's class loader. One engine serves the whole JVM: {@link #shared()}.
 */
public final class EngineLoader {

	/** System property naming the folder of the engine's jars. */
	public static final String ENGINE_DIR_PROPERTY = "layertracer.engine.dir";

	/**
	 * System property that, set to {@code false}, loads the engine from the plugin's own class
	 * loader with no isolation: only for showing what the isolation prevents.
	 */
	public static final String ISOLATION_PROPERTY = "layertracer.isolation";

	/** The folder name of the engine's jars in a Fiji installation's {@code lib/}. */
	public static final String FIJI_FOLDER = "layertracer-engine";

	static final String IMPLEMENTATION = "io.github.layertracer.engine.ops.LocalEngine";

	/** The artifact that must be among the engine's jars. */
	private static final String TENSORFLOW_JAR = "tensorflow-core-api-";

	private static Engine shared;
	private static int created;

	private EngineLoader() {}

	/** The JVM's engine, created on first use and reused by every command and context. */
	public static synchronized Engine shared() {
		if (shared == null) shared = create();
		return shared;
	}

	/** A new engine in a new class loader (or none, if isolation is switched off). */
	static Engine create() {
		synchronized (EngineLoader.class) {
			created++;
		}
		final ClassLoader loader;
		if ("false".equalsIgnoreCase(System.getProperty(ISOLATION_PROPERTY))) {
			loader = EngineLoader.class.getClassLoader();
		}
		else {
			final List<URL> urls = new ArrayList<>();
			urls.add(url(codeSource()));
			for (final Path jar : engineJars())
				urls.add(url(jar));
			loader = new ChildFirstClassLoader(urls.toArray(new URL[0]), EngineLoader.class
				.getClassLoader());
		}
		try {
			return (Engine) Class.forName(IMPLEMENTATION, true, loader).getDeclaredConstructor()
				.newInstance();
		}
		catch (final ReflectiveOperationException | LinkageError e) {
			throw new IllegalStateException("Cannot start LayerTracer's engine from " + loader + ": " +
				e, e);
		}
	}

	/** How many engines (and engine class loaders) this JVM has created. */
	public static synchronized int enginesCreated() {
		return created;
	}

	/** Whether a class was loaded by an engine class loader (and not from Fiji's class path). */
	public static boolean isolated(final Class<?> c) {
		return c.getClassLoader() instanceof ChildFirstClassLoader;
	}

	/** The jars of the engine's libraries. */
	public static List<Path> engineJars() {
		final List<Path> looked = new ArrayList<>();
		for (final Path dir : candidates()) {
			looked.add(dir);
			final List<Path> jars = jars(dir);
			if (jars.stream().anyMatch(j -> j.getFileName().toString().startsWith(TENSORFLOW_JAR)))
				return jars;
		}
		throw new LayerTracerException("LayerTracer's TensorFlow engine (" + TENSORFLOW_JAR +
			"*.jar and the jars it needs) was not found; looked in " + looked.stream().map(
				Path::toString).collect(Collectors.joining(", ")) +
			". Reinstall LayerTracer from its update site, or name the folder with -D" +
			ENGINE_DIR_PROPERTY + "=...");
	}

	private static List<Path> candidates() {
		final List<Path> dirs = new ArrayList<>();
		final String property = System.getProperty(ENGINE_DIR_PROPERTY);
		if (property != null && !property.isBlank()) {
			dirs.add(Paths.get(property));
			return dirs;
		}
		final Path self = codeSource();
		final Path beside = self.getParent();
		if (beside != null) {
			dirs.add(beside.resolve("engine"));
			final Path root = beside.getParent();
			if (root != null) dirs.add(root.resolve("lib").resolve(FIJI_FOLDER));
		}
		return dirs;
	}

	/**
	 * The jars in {@code dir}, sorted, and for a Fiji {@code lib/layertracer-engine}, those in
	 * {@code lib/<platform>/layertracer-engine} for the running platform only (the native
	 * TensorFlow jar the updater installs for it; another platform's folder, say from a Fiji
	 * folder copied between machines, is never used).
	 */
	private static List<Path> jars(final Path dir) {
		final List<Path> jars = new ArrayList<>(list(dir));
		if (dir.getFileName() != null && dir.getFileName().toString().equals(FIJI_FOLDER) && dir
			.getParent() != null)
		{
			jars.addAll(list(dir.getParent().resolve(currentPlatform()).resolve(FIJI_FOLDER)));
		}
		return jars;
	}

	/**
	 * The ImageJ updater's name for the running platform: {@code linux64}, {@code linux-arm64},
	 * {@code macos64}, {@code macos-arm64}, {@code win64} or {@code win-arm64}.
	 */
	public static String currentPlatform() {
		return platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
	}

	static String platform(final String osName, final String osArch) {
		final String os = osName.toLowerCase(java.util.Locale.ROOT);
		final boolean arm = osArch.equals("aarch64") || osArch.startsWith("arm");
		final String prefix = os.startsWith("win") ? "win" : os.startsWith("mac") ? "macos"
			: "linux";
		return arm ? prefix + "-arm64" : prefix + "64";
	}

	private static List<Path> list(final Path dir) {
		if (!Files.isDirectory(dir)) return List.of();
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().collect(
				Collectors.toList());
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot list the engine folder " + dir + ": " +
				io.github.layertracer.api.Messages.cause(e), e);
		}
	}

	/** The plugin's jar, or its classes folder in a build. */
	static Path codeSource() {
		try {
			return Paths.get(EngineLoader.class.getProtectionDomain().getCodeSource().getLocation()
				.toURI());
		}
		catch (final URISyntaxException | NullPointerException e) {
			throw new IllegalStateException("Cannot tell where LayerTracer's classes were loaded from",
				e);
		}
	}

	private static URL url(final Path p) {
		try {
			return p.toUri().toURL();
		}
		catch (final MalformedURLException e) {
			throw new IllegalStateException(e);
		}
	}
}
