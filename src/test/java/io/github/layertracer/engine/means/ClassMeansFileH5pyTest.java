/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.means;

import static io.github.layertracer.LauncherRun.noise;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.builtin.CnnBuilder.ExportStyle;
import io.github.layertracer.engine.data.ArraySource;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.model.LayerModel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The class-means file read by someone else: h5py (Debian's python3-h5py) runs README's own
 * snippet, and the means must come back with the axis order README documents,
 * {@code [classes, h, w, c]}, every value where our own reader has it.
 */
public class ClassMeansFileH5pyTest {

	private static final String PYTHON = io.github.layertracer.SystemPackages.PYTHON.toString();

	@Test
	public void h5pyReadsTheMeansInTheDocumentedAxisOrder() throws Exception {
		io.github.layertracer.SystemPackages.assumeH5py();
		final Path file = TestModels.newFolder("h5py").resolve("means.h5");
		final ClassMeans means;
		try (LayerModel m = LayerModel.open(TestModels.reversedNames(ExportStyle.GRAPH))) {
			final int px = m.description().input().pixelValues();
			final int[] labels = new int[12];
			for (int i = 0; i < labels.length; i++)
				labels[i] = i % 3;
			means = ClassMeansBuilder.compute(m, new ArraySource(noise(12 * px, 8), labels, px, List
				.of("a", "b", "c")), InputContract.defaults(), null, 4, Progress.NONE);
		}
		ClassMeansFile.write(means, file);
		// README: f["layers/00/means"][()] is [classes, h, w, c], layer 00 the shallowest
		final String script = String.join("\n", "import h5py, sys",
			"f = h5py.File(sys.argv[1])", "m = f['layers/00/means'][()]",
			"print(' '.join(str(d) for d in m.shape))",
			"print(repr(float(m[2, 3, 5, 1])), repr(float(m[1, 7, 0, 3])))",
			"name = f['layers/00'].attrs['name']",
			"print(name.decode() if isinstance(name, bytes) else name)",
			"print(' '.join(str(int(c)) for c in f['layers/00/counts'][()]))");
		final Process p = new ProcessBuilder(PYTHON, "-c", script, file.toString())
			.redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertEquals(0, p.waitFor(), "h5py (apt-get install python3-h5py) read " + file + ":\n" +
			out);
		final List<String> lines = new ArrayList<>(java.util.Arrays.asList(out.split("\\R")));
		final ClassMeans.Layer l = means.layers().get(0);
		final long[] shape = l.shape(); // h, w, c
		assertEquals("3 " + shape[0] + " " + shape[1] + " " + shape[2], lines.get(0));
		final String[] values = lines.get(1).split(" ");
		assertEquals(l.mean(2)[(int) ((3 * shape[1] + 5) * shape[2] + 1)], Double.parseDouble(
			values[0]), 0);
		assertEquals(l.mean(1)[(int) ((7 * shape[1] + 0) * shape[2] + 3)], Double.parseDouble(
			values[1]), 0);
		assertEquals("omega", lines.get(2));
		assertEquals("4 4 4", lines.get(3));
		assertTrue(shape[2] > 3, "the channel index used exists");
	}
}
