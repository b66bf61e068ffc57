/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.builtin.ShapesData;
import io.github.layertracer.engine.data.FolderSource;
import io.github.layertracer.engine.data.LabelledSource;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.means.ClassMeansBuilder;
import io.github.layertracer.engine.means.ClassMeansFile;
import io.github.layertracer.engine.model.LayerModel;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** 50 Trace Layers runs in one JVM: no growth of native memory, classes or class loaders. */
public class EngineSoakTest {

	@Test
	public void fiftyTracesLeakNeitherMemoryNorClasses() throws Exception {
		soak(false);
	}

	@Test
	public void fiftyModelOpensAndClosesLeakNeitherMemoryNorClasses() throws Exception {
		soak(true);
	}

	private static void soak(final boolean reopen) throws Exception {
		final Path dir = TestModels.newFolder("soak");
		ShapesData.write(dir.resolve("data"), 3, 8);
		final Path means = dir.resolve("means.h5");
		try (LayerModel m = LayerModel.open(TestModels.shapes()); LabelledSource s = FolderSource
			.open(dir.resolve("data")))
		{
			ClassMeansFile.write(ClassMeansBuilder.compute(m, s, InputContract.defaults(), null, 8,
				Progress.NONE), means);
		}
		final Context context = new Context();
		try {
			final CommandModule m = context.service(CommandService.class).run(EngineSoakTestCommand.class,
				true, Map.of("model_dir", TestModels.shapes().toString(), "class_means", means
					.toString(), "image_dir", dir.resolve("data").toString(), "traces", "50", "masks",
					"200", "warmup", "10", "reopen", String.valueOf(reopen))).get();
			assertFalse(m.isCanceled(), m.getCancelReason());
			final String report = (String) m.getOutput("report");
			System.out.print(report);
			// after the 50th trace: one model kept open, or none when each trace closes it
			assertTrue(java.util.regex.Pattern.compile("(?m)^50,[0-9.]+,[0-9]+,1," + (reopen ? 0 : 1) +
				"$").matcher(report).find(), report);
			assertEquals(1, (int) (Integer) m.getOutput("engines"), report);
			// a second engine class loader would bring TensorFlow Java's thousands of classes again;
			// a few come from the JVM itself (reflection accessors, lambda forms)
			assertTrue((Integer) m.getOutput("class_growth") <= 20, report);
			if (EngineSoakTestCommand.residentBytes() > 0) assertTrue((Double) m.getOutput(
				"rss_growth_mb") < 48, report);
		}
		finally {
			context.dispose();
		}
	}
}
