/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The class-loader boundary, checked on the compiled classes: what Fiji loads ({@code plugin}:
 * commands, service, launcher, bridge, update site; {@code api}: the contract) never names TensorFlow, protobuf, JavaCPP, jhdf, Gson,
 * Commons Math or an engine package, since Fiji's class path may hold other versions of the
 * first and none of the engine's jars; and nothing of the engine is shared across the boundary.
 */
public class BoundaryTest {

	/** Packages Fiji's own class loader loads: the plugin and the contract both sides share. */
	static final List<String> PLUGIN_SIDE = List.of("plugin", "api");
	/** Packages only the engine's class loader may load. */
	static final List<String> ENGINE_SIDE = List.of("engine");
	static final List<String> ENGINE_LIBRARIES = List.of("org/tensorflow/",
		"com/google/protobuf/", "org/bytedeco/", "io/jhdf/", "com/google/gson/",
		"org/apache/commons/math3/");

	@Test
	public void pluginSideClassesNameNothingOfTheEngine() throws Exception {
		final Path classes = Paths.get("target/classes/io/github/layertracer");
		final List<String> forbidden = new ArrayList<>(ENGINE_LIBRARIES);
		for (final String p : ENGINE_SIDE)
			forbidden.add("io/github/layertracer/" + p + "/");
		int checked = 0;
		for (final String side : PLUGIN_SIDE) {
			try (Stream<Path> s = Files.walk(classes.resolve(side))) {
				for (final Path c : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".class"))::iterator)
				{
					// class names in a class file's constant pool are plain ASCII, '/'-separated
					final String pool = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
					for (final String f : forbidden)
						assertFalse(pool.contains(f), classes.relativize(c) + " names " + f);
					checked++;
				}
			}
		}
		assertTrue(checked > 30, "plugin-side classes checked: " + checked);
	}

	/**
	 * The core knows nothing of Fiji: the engine never names a plugin class, and only its
	 * operations ({@code engine.ops}, at the bridge) name SciJava.
	 */
	@Test
	public void theCoreNamesNeitherThePluginNorSciJava() throws Exception {
		final Path engine = Paths.get("target/classes/io/github/layertracer/engine");
		int checked = 0;
		try (Stream<Path> s = Files.walk(engine)) {
			for (final Path c : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".class"))::iterator)
			{
				final String pool = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
				assertFalse(pool.contains("io/github/layertracer/plugin/"), c + " names the plugin");
				if (!engine.relativize(c).startsWith("ops")) assertFalse(pool.contains("org/scijava/"),
					c + " names SciJava");
				checked++;
			}
		}
		assertTrue(checked > 50, "engine classes checked: " + checked);
	}

	@Test
	public void nothingOfTheEngineIsShared() throws Exception {
		final java.lang.reflect.Field f = ChildFirstClassLoader.class.getDeclaredField("SHARED");
		f.setAccessible(true);
		for (final String prefix : (String[]) f.get(null)) {
			for (final String p : ENGINE_SIDE)
				assertFalse(("io.github.layertracer." + p + ".").startsWith(prefix) || prefix.startsWith(
					"io.github.layertracer." + p), prefix + " would share the engine package " + p);
			for (final String lib : ENGINE_LIBRARIES)
				assertFalse(lib.replace('/', '.').startsWith(prefix) || prefix.startsWith(lib.replace(
					'/', '.')), prefix + " would share " + lib);
		}
	}

	/**
	 * Every class is on one side: the contract ({@code api}) is shared, so both sides see one
	 * {@code Engine} and one {@code LayerTracerException}; the plugin and the engine are not.
	 */
	@Test
	public void everyClassIsOnOneSideAndTheContractIsShared() throws Exception {
		final Path classes = Paths.get("target/classes");
		int api = 0;
		try (Stream<Path> s = Files.walk(classes.resolve("io/github/layertracer"))) {
			for (final Path c : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".class"))::iterator)
			{
				final String name = classes.relativize(c).toString().replace(java.io.File.separatorChar,
					'.').replaceAll("\\.class$", "");
				final String side = name.substring("io.github.layertracer.".length()).replaceAll(
					"\\..*", "");
				assertTrue(List.of("api", "plugin", "engine").contains(side), name +
					" is outside api, plugin and engine");
				assertEquals(side.equals("api"), ChildFirstClassLoader.shared(name), name);
				if (side.equals("api")) api++;
			}
		}
		assertTrue(api >= 3, "contract classes: " + api);
	}
}
