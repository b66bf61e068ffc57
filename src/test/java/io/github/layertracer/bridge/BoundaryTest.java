package io.github.layertracer.bridge;

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
 * The class-loader boundary, checked on the compiled classes: what Fiji loads (commands,
 * service, launcher, bridge, update site) never names TensorFlow, protobuf, JavaCPP, jhdf, Gson,
 * Commons Math or an engine package, since Fiji's class path may hold other versions of the
 * first and none of the engine's jars; and nothing of the engine is shared across the boundary.
 */
public class BoundaryTest {

	/** Packages Fiji's own class loader loads. */
	static final List<String> PLUGIN_SIDE = List.of("command", "service", "cli", "bridge",
		"updatesite");
	/** Packages only the engine's class loader may load. */
	static final List<String> ENGINE_SIDE = List.of("engine", "model", "trace", "means", "data",
		"image", "builtin", "bench", "metrics");
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
}
