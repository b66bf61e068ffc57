/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.means;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.builtin.BuiltinModels;
import io.github.layertracer.engine.builtin.ShapesData;
import io.github.layertracer.engine.data.IdxSource;
import io.github.layertracer.engine.data.LabelledSource;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.model.LayerModel;

import ij.IJ;
import ij.ImagePlus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The early-exit curve on the built-in models with their own data. */
public class LayerAccuracyTest {

	private static LayerAccuracy evaluate(final LayerModel m, final ClassMeans means,
		final LabelledSource test, final E2cmScorer.Normalisation n)
	{
		final E2cmScorer scorer = E2cmScorer.attach(m, means, n, 1, "test");
		return LayerAccuracy.evaluate(scorer, test, new InputConverter(m.description().input(),
			means.contract()), null, 128, Progress.NONE);
	}

	private static void assertEarlyExitCurve(final LayerAccuracy acc, final String what) {
		final List<LayerAccuracy.Row> rows = acc.rows();
		final LayerAccuracy.Row network = rows.get(rows.size() - 1);
		final LayerAccuracy.Row lastConv = rows.get(rows.size() - 2);
		for (int i = 1; i < rows.size() - 1; i++)
			assertTrue(rows.get(i).accuracy > rows.get(i - 1).accuracy, what + ": accuracy rises " +
				"from " + rows.get(i - 1).layer + " to " + rows.get(i).layer + "\n" + acc.toCsv());
		assertTrue(network.accuracy - lastConv.accuracy <= 0.03, what + ": " + lastConv.layer +
			" within 3 points of the network\n" + acc.toCsv());
	}

	@Test
	public void shapesModelWithItsOwnData() throws Exception {
		final Path folder = TestModels.newFolder("acc");
		ShapesData.write(folder.resolve("train"), 5, 800);
		ShapesData.write(folder.resolve("test"), 6, 400);
		try (LayerModel m = LayerModel.open(TestModels.shapes())) {
			final ClassMeans means;
			try (LabelledSource s = LabelledSource.open(folder.resolve("train"), null, null)) {
				means = ClassMeansBuilder.compute(m, s, InputContract.defaults(), null, 64,
					Progress.NONE);
			}
			final LayerAccuracy acc;
			try (LabelledSource s = LabelledSource.open(folder.resolve("test"), null, null)) {
				acc = evaluate(m, means, s, E2cmScorer.Normalisation.E2CM);
			}
			assertEarlyExitCurve(acc, "shapes");
			assertEquals(List.of("block1", "block2", "block3", "block4", "logits"), acc.rows().stream()
				.map(r -> r.layer).collect(java.util.stream.Collectors.toList()));

			final Path csv = folder.resolve("out/accuracy.csv");
			acc.writeCsv(csv);
			final List<String> lines = Files.readAllLines(csv);
			assertTrue(lines.get(0).startsWith("layer,index,depth,accuracy,normalised_accuracy," +
				"mean_confidence"), lines.get(0));
			assertEquals(6, lines.size());
			assertTrue(lines.get(5).startsWith("logits,5,") && lines.get(5).endsWith(",400,network"),
				lines.get(5));
			final Path png = folder.resolve("out/accuracy.png");
			acc.writePlot(png);
			final ImagePlus plot = IJ.openImage(png.toString());
			assertTrue(plot != null && plot.getWidth() > 300, "plot readable as PNG");
		}
	}

	@Test
	public void fashionModelWithRealFashionMnist() {
		io.github.layertracer.SystemPackages.assumeFashionMnist();
		final Path dir = BuiltinModels.FASHION_MNIST_DIR;
		try (LayerModel m = LayerModel.open(TestModels.fashion())) {
			final ClassMeans means;
			try (LabelledSource s = IdxSource.open(dir.resolve("train-images-idx3-ubyte.gz"), dir
				.resolve("train-labels-idx1-ubyte.gz"), BuiltinModels.FASHION_CLASSES))
			{
				means = ClassMeansBuilder.compute(m, s, InputContract.defaults(), null, 256,
					Progress.NONE);
			}
			assertEquals(60000, java.util.Arrays.stream(means.layers().get(0).counts()).sum());
			final LayerAccuracy acc;
			try (LabelledSource s = IdxSource.open(dir.resolve("t10k-images-idx3-ubyte.gz"), dir
				.resolve("t10k-labels-idx1-ubyte.gz"), BuiltinModels.FASHION_CLASSES))
			{
				acc = evaluate(m, means, s, E2cmScorer.Normalisation.E2CM);
			}
			assertEarlyExitCurve(acc, "fashion");
			assertTrue(acc.rows().get(acc.rows().size() - 1).accuracy >= 0.88, acc.toCsv());
			// raw distances saturate: the original normalisation is far more confident than E2CM
			try (LabelledSource s = IdxSource.open(dir.resolve("t10k-images-idx3-ubyte.gz"), dir
				.resolve("t10k-labels-idx1-ubyte.gz"), BuiltinModels.FASHION_CLASSES))
			{
				final LayerAccuracy raw = evaluate(m, means, s, E2cmScorer.Normalisation.NONE);
				assertTrue(raw.rows().get(0).meanConfidence > acc.rows().get(0).meanConfidence + 0.2,
					raw.toCsv() + acc.toCsv());
				// nearest-mean accuracy does not depend on the normalisation
				assertEquals(acc.rows().get(2).accuracy, raw.rows().get(2).accuracy, 0.0);
			}
		}
	}
}
