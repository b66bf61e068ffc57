/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.bridge;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A class loader that looks in its own jars first and asks its parent only for the classes both
 * sides must share: the JDK, ImageJ 1.x, ImgLib2, SciJava, SLF4J and LayerTracer's contract ({@code io.github.layertracer.api}). Every
 * other class and resource (TensorFlow Java, protobuf-java, JavaCPP with its native libraries,
 * ndarray, jhdf, and the engine's own classes) comes from its jars even where Fiji's class path
 * holds another version, such as TensorFlow 1.15 or protobuf-java 4.
 */
final class ChildFirstClassLoader extends URLClassLoader {

	/** Names (prefixes) always taken from the parent. */
	private static final String[] SHARED = { "java.", "javax.", "jdk.", "sun.", "com.sun.",
		"org.w3c.", "org.xml.", "ij.", "net.imglib2.", "org.scijava.", "org.slf4j.",
		"io.github.layertracer.api." };

	static {
		registerAsParallelCapable();
	}

	ChildFirstClassLoader(final URL[] urls, final ClassLoader parent) {
		super("layertracer-engine", urls, parent);
	}

	static boolean shared(final String name) {
		for (final String s : SHARED)
			if (name.startsWith(s)) return true;
		return false;
	}

	@Override
	protected Class<?> loadClass(final String name, final boolean resolve)
		throws ClassNotFoundException
	{
		if (shared(name)) return super.loadClass(name, resolve);
		synchronized (getClassLoadingLock(name)) {
			Class<?> c = findLoadedClass(name);
			if (c == null) {
				try {
					c = findClass(name);
				}
				catch (final ClassNotFoundException e) {
					c = super.loadClass(name, false);
				}
			}
			if (resolve) resolveClass(c);
			return c;
		}
	}

	/** Own jars first, so that native libraries and service files match the engine's classes. */
	@Override
	public URL getResource(final String name) {
		if (shared(name.replace('/', '.'))) return super.getResource(name);
		final URL own = findResource(name);
		return own != null ? own : super.getResource(name);
	}

	@Override
	public Enumeration<URL> getResources(final String name) throws IOException {
		final List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
		if (all.isEmpty() || shared(name.replace('/', '.'))) all.addAll(Collections.list(getParent()
			.getResources(name)));
		return Collections.enumeration(all);
	}
}
