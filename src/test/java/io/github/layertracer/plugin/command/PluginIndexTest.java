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
		final Map<String, String> commands = Map.ofEntries(Map.entry("InspectModelCommand",
			"Plugins>LayerTracer>Inspect Model"), Map.entry("ComputeClassMeansCommand",
				"Plugins>LayerTracer>Compute Class Means"), Map.entry("TraceLayersCommand",
					"Plugins>LayerTracer>Trace Layers"), Map.entry("LayerAccuracyCommand",
						"Plugins>LayerTracer>Layer Accuracy"), Map.entry("TraceFolderCommand",
							"Plugins>LayerTracer>Trace Folder"), Map.entry("ExportAnimationCommand",
								"Plugins>LayerTracer>Export Animation"), Map.entry("TraceImageFileCommand",
									"Plugins>LayerTracer>Trace Image File"), Map.entry("EvaluateSaliencyCommand",
										"Plugins>LayerTracer>Evaluate Saliency"), Map.entry("RunDemoCommand",
											"Plugins>LayerTracer>Demo>Run Demo"));
		for (final Map.Entry<String, String> c : commands.entrySet()) {
			final int at = text.indexOf("io.github.layertracer.plugin.command." + c.getKey() + "\"");
			assertTrue(at >= 0, c.getKey() + " is in the plugin index");
			final int end = text.indexOf("}}", at);
			assertTrue(text.substring(at, end).contains("\"menuPath\":\"" + c.getValue() + "\""), c
				.getKey() + " has menu path " + c.getValue() + ": " + text.substring(at, end));
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
		assertEquals(commands.size() + 1, ours, "LayerTracer's entries: the commands and the service");
	}
}
