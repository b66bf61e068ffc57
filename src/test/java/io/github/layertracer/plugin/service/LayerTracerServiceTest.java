/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.api.Engine;
import io.github.layertracer.api.Operation;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.builtin.ShapesData;
import io.github.layertracer.engine.data.FolderSource;
import io.github.layertracer.engine.data.LabelledSource;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.means.ClassMeansBuilder;
import io.github.layertracer.engine.means.ClassMeansFile;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.ModelOptions;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;
import org.scijava.Context;

public class LayerTracerServiceTest {

	private static Path means(final Path dir, final String name, final List<String> layers) {
		final Path file = dir.resolve(name);
		try (LayerModel m = LayerModel.open(TestModels.shapes(), ModelOptions.defaults().withLayers(
			layers)); LabelledSource s = FolderSource.open(dir.resolve("data")))
		{
			ClassMeansFile.write(ClassMeansBuilder.compute(m, s, InputContract.defaults(), null, 16,
				Progress.NONE), file);
		}
		return file;
	}

	/** The inputs of Trace Layers for a blank 64 x 64 image. */
	static Map<String, Object> traceLayers(final Path model, final Path means) {
		final Map<String, Object> in = new HashMap<>();
		in.put("model_dir", model);
		in.put("tags", "");
		in.put("allow_file_operations", false);
		in.put("precision", "float32");
		in.put("class_means", means);
		in.put("masks", 10);
		in.put("agreement", 0.99);
		in.put("mask_type", "rise");
		in.put("sampling", "scrambled");
		in.put("grid", 8);
		in.put("keep", 0.5);
		in.put("seed", 1L);
		in.put("batch_size", 10);
		in.put("target", "predicted");
		in.put("attribution", "keep");
		in.put("normalisation", "e2cm");
		in.put("temperature", 1.0);
		in.put("threads", 0);
		in.put("input_range", "auto");
		in.put("channel_order", "auto");
		in.put("norm_mean", "");
		in.put("norm_std", "");
		in.put("output_dir", null);
		in.put("overlay", false);
		in.put("image", ArrayImgs.floats(64, 64, 1));
		in.put("image_name", "blank");
		in.put("base_name", "blank");
		return in;
	}

	@SuppressWarnings("unchecked")
	private static List<String> layers(final Engine engine, final Path means) {
		return (List<String>) engine.call(Operation.TRACE_LAYERS, traceLayers(TestModels.shapes(),
			means), null, null).get("layers");
	}

	@Test
	public void oneEngineForAllContextsKeepingOneModelPerFolderUntilDispose() {
		final Path dir = TestModels.newFolder("service");
		ShapesData.write(dir.resolve("data"), 2, 16);
		final Path all = means(dir, "all.h5", List.of());
		final Path last = means(dir, "last.h5", List.of("block4"));
		final Context context = new Context(LayerTracerService.class);
		final Context other = new Context(LayerTracerService.class);
		try {
			final LayerTracerService service = context.service(LayerTracerService.class);
			final Engine engine = service.engine();
			// created once per JVM, in its own class loader
			assertSame(engine, other.service(LayerTracerService.class).engine());
			assertNotSame(Engine.class.getClassLoader(), engine.getClass().getClassLoader());
			assertTrue(engine.about().get("class loader").contains("layertracer-engine"), engine
				.about().toString());

			assertEquals(5, layers(engine, all).size());
			assertEquals(1, service.openModels());
			layers(engine, all);
			assertEquals(1, service.openModels());
			// other means reopen the folder's model with their layers (the old one is closed)
			assertEquals(List.of("block4", "logits"), layers(engine, last));
			assertEquals(1, service.openModels());
		}
		finally {
			context.dispose();
		}
		assertEquals(0, other.service(LayerTracerService.class).openModels());
		other.dispose();
	}
}
