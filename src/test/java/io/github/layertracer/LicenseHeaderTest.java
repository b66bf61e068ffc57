/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every source file carries the license header, and the license it names is in the repo. */
public class LicenseHeaderTest {

	@Test
	public void everySourceFileNamesTheLicense() throws Exception {
		final List<Path> sources;
		try (Stream<Path> s = Files.walk(Paths.get("src"))) {
			sources = s.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
		}
		assertTrue(sources.size() > 100, "sources: " + sources.size());
		for (final Path p : sources)
			assertTrue(Files.readString(p).startsWith("/*\n * LayerTracer for Fiji") && Files
				.readString(p).contains("SPDX-License-Identifier: BSD-2-Clause"), p +
					" lacks the license header");
		assertTrue(Files.readString(Paths.get("LICENSE")).startsWith("BSD 2-Clause License"));
		assertTrue(Files.readString(Paths.get("pom.xml")).contains("<name>BSD-2-Clause</name>"));
	}
}
