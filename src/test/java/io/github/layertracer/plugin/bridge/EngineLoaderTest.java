/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.api.CancelledException;
import io.github.layertracer.api.Engine;
import io.github.layertracer.api.Images;
import io.github.layertracer.api.LayerTracerException;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

public class EngineLoaderTest {

	private static ChildFirstClassLoader loader() throws Exception {
		final List<URL> urls = new ArrayList<>();
		urls.add(EngineLoader.codeSource().toUri().toURL());
		for (final Path jar : EngineLoader.engineJars())
			urls.add(jar.toUri().toURL());
		return new ChildFirstClassLoader(urls.toArray(new URL[0]), EngineLoaderTest.class
			.getClassLoader());
	}

	@Test
	public void bridgeAndSharedLibrariesComeFromTheParentEverythingElseFromTheEngine()
		throws Exception
	{
		try (ChildFirstClassLoader loader = loader()) {
			for (final Class<?> shared : List.of(Engine.class, Images.class,
				CancelledException.class, LayerTracerException.class, ij.ImagePlus.class,
				net.imglib2.img.Img.class, org.scijava.Context.class, String.class))
				assertSame(shared, loader.loadClass(shared.getName()), shared.getName());
			// the test's class path has TensorFlow Java too: the engine does not use it
			for (final String own : List.of("org.tensorflow.SavedModelBundle",
				"com.google.protobuf.Message", "io.github.layertracer.engine.model.LayerModel",
				"io.github.layertracer.engine.ops.LocalEngine", "io.github.layertracer.engine.Progress"))
			{
				final Class<?> c = loader.loadClass(own);
				assertSame(loader, c.getClassLoader(), own);
				assertNotSame(Class.forName(own), c, own);
			}
			// resources, such as JavaCPP's native libraries, from the engine's jars first
			final URL pom = loader.getResource(
				"META-INF/maven/com.google.protobuf/protobuf-java/pom.properties");
			assertTrue(pom.toString().contains("/engine/protobuf-java-3.21.9.jar"), pom.toString());
		}
	}

	@Test
	public void platformNamesAreTheUpdaters() {
		assertEquals("linux64", EngineLoader.platform("Linux", "amd64"));
		assertEquals("linux-arm64", EngineLoader.platform("Linux", "aarch64"));
		assertEquals("macos-arm64", EngineLoader.platform("Mac OS X", "aarch64"));
		assertEquals("macos64", EngineLoader.platform("Mac OS X", "x86_64"));
		assertEquals("win64", EngineLoader.platform("Windows 11", "amd64"));
		assertEquals("win-arm64", EngineLoader.platform("Windows 11", "aarch64"));
	}

	@Test
	public void inAFijiFolderOnlyTheRunningPlatformsNativeJarIsUsed() throws Exception {
		// a Fiji folder that holds every platform's native jar (copied between machines)
		final Path lib = TestModels.newFolder("fiji").resolve("lib");
		final Path engine = Files.createDirectories(lib.resolve(EngineLoader.FIJI_FOLDER));
		Files.write(engine.resolve("tensorflow-core-api-1.1.0.jar"), new byte[0]);
		final List<String> platforms = List.of("linux64", "linux-arm64", "macos-arm64", "win64");
		for (final String p : platforms)
			Files.write(Files.createDirectories(lib.resolve(p).resolve(EngineLoader.FIJI_FOLDER))
				.resolve("tensorflow-core-native-1.1.0-" + p + ".jar"), new byte[0]);
		System.setProperty(EngineLoader.ENGINE_DIR_PROPERTY, engine.toString());
		try {
			final List<String> names = new ArrayList<>();
			EngineLoader.engineJars().forEach(j -> names.add(lib.relativize(j).toString()));
			assertEquals(List.of("layertracer-engine/tensorflow-core-api-1.1.0.jar",
				EngineLoader.currentPlatform() + "/layertracer-engine/tensorflow-core-native-1.1.0-" +
					EngineLoader.currentPlatform() + ".jar"), names);
		}
		finally {
			System.clearProperty(EngineLoader.ENGINE_DIR_PROPERTY);
		}
	}

	@Test
	public void aMissingEngineIsNamedWithWhereItWasLookedFor() throws Exception {
		final Path empty = TestModels.newFolder("no-engine");
		System.setProperty(EngineLoader.ENGINE_DIR_PROPERTY, empty.toString());
		try {
			final LayerTracerException e = assertThrows(LayerTracerException.class,
				EngineLoader::engineJars);
			assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains(
				"tensorflow-core-api-") && e.getMessage().contains("update site"), e.getMessage());
			// a folder with the engine's jars is taken as it is
			Files.createSymbolicLink(empty.resolve("tensorflow-core-api-1.1.0.jar"), Path.of(
				"target/engine/tensorflow-core-api-1.1.0.jar").toAbsolutePath());
			assertTrue(EngineLoader.engineJars().get(0).startsWith(empty));
		}
		finally {
			System.clearProperty(EngineLoader.ENGINE_DIR_PROPERTY);
		}
	}
}
