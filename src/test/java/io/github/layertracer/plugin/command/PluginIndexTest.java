/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The plugin index that SciJava (and so Fiji) reads lists every user command with its menu
 * path, and none of the developer commands.
 */
public class PluginIndexTest {

	@Test
	public void everyCommandIsIndexedWithItsMenuPath() throws Exception {
		final StringBuilder index = new StringBuilder();
		for (final URL url : Collections.list(getClass().getClassLoader().getResources(
			"META-INF/json/org.scijava.plugin.Plugin")))
		{
			try (InputStream in = url.openStream()) {
				index.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		final String text = index.toString();
		// in the order of the work, by SciJava menu weights (gaps: separators in SciJava menus)
		final Map<String, String> commands = Map.ofEntries(Map.entry("InspectModelCommand",
			"{\"label\":\"Inspect Model\",\"weight\":1.0}"), Map.entry("ComputeClassMeansCommand",
				"{\"label\":\"Compute Class Means\",\"weight\":2.0}"), Map.entry("LayerAccuracyCommand",
					"{\"label\":\"Layer Accuracy\",\"weight\":3.0}"), Map.entry("TraceLayersCommand",
						"{\"label\":\"Trace Layers\",\"weight\":11.0}"), Map.entry("TraceImageFileCommand",
							"{\"label\":\"Trace Image File\",\"weight\":12.0}"), Map.entry("TraceFolderCommand",
								"{\"label\":\"Trace Folder\",\"weight\":13.0}"), Map.entry(
									"EvaluateSaliencyCommand", "{\"label\":\"Evaluate Saliency\",\"weight\":21.0}"),
			Map.entry("ExportAnimationCommand", "{\"label\":\"Export Animation\",\"weight\":22.0}"),
			Map.entry("RunDemoCommand", "{\"label\":\"Demo\",\"weight\":31.0},{\"label\":\"Run Demo\"," +
				"\"weight\":1.0}"));
		for (final Map.Entry<String, String> c : commands.entrySet()) {
			final int at = text.indexOf("io.github.layertracer.plugin.command." + c.getKey() + "\"");
			assertTrue(at >= 0, c.getKey() + " is in the plugin index");
			final int end = text.indexOf("}}", at);
			assertTrue(text.substring(at, end).contains("\"menu\":[{\"label\":\"Plugins\"},{\"label\":" +
				"\"LayerTracer\"}," + c.getValue() + "]"), c.getKey() + " has menu " + c.getValue() + ": " +
					text.substring(at, end));
		}
		// benchmarks, the soak test and the demo builders are the launcher's only: not in Fiji
		for (final String dev : java.util.List.of("TraceBenchmarkCommand",
			"ClassMeansBenchmarkCommand", "MaskQualityBenchmarkCommand", "EngineSoakTestCommand",
			"MakeDemoDataCommand", "BuildDemoModelCommand"))
			assertTrue(!text.contains("io.github.layertracer.plugin.command." + dev + "\""), dev +
				" is kept out of Fiji's plugin index");
		int ours = 0;
		for (int at = text.indexOf("\"class\":\"io.github.layertracer."); at >= 0; at = text.indexOf(
			"\"class\":\"io.github.layertracer.", at + 1))
			ours++;
		assertTrue(text.contains("io.github.layertracer.plugin.command.UnpromptedInputs\""),
			"the preprocessor that keeps macros from prompting");
		assertEquals(commands.size() + 2, ours, "LayerTracer's entries: the commands, the service " +
			"and the preprocessor");
	}
}
