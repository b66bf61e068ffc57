/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.builtin.ShapesData;
import io.github.layertracer.engine.data.LabelledSource;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.means.ClassMeans;
import io.github.layertracer.engine.means.ClassMeansBuilder;
import io.github.layertracer.engine.means.E2cmScorer;
import io.github.layertracer.engine.means.LayerAccuracy;
import io.github.layertracer.engine.trace.MaskSettings;
import io.github.layertracer.engine.trace.Target;
import io.github.layertracer.engine.trace.TraceResult;
import io.github.layertracer.engine.trace.Tracer;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * bfloat16 gives the maps of float32: on a built-in model (graph export) and on the real Keras
 * CNN (layers inside function bodies), every layer's bfloat16 map against float32's at the same
 * seed agrees (r >= 0.999 on the Keras CNN; >= 0.998 on the shapes model, whose two shallowest
 * layers' nearly flat maps measure 0.9989 and 0.9995), the predicted class is the same, and the
 * class-mean accuracies agree within 0.2 points. Needs a processor with native bfloat16
 * (skipped elsewhere, with the reason).
 */
public class PrecisionTest {

	private static void assumeBfloat16() {
		final String flag = Precision.nativeBfloat16();
		if (flag == null) System.out.println("SKIPPED: the processor has no native bfloat16");
		Assumptions.assumeTrue(flag != null, "the processor has no native bfloat16");
	}

	private static double pearson(final float[] a, final float[] b) {
		return Tracer.pearson(toDouble(a), toDouble(b));
	}

	private static double[] toDouble(final float[] a) {
		final double[] d = new double[a.length];
		for (int i = 0; i < a.length; i++)
			d[i] = a[i];
		return d;
	}

	/** Class means, one trace and the accuracy table of a model in one precision. */
	private static final class Run {

		final TraceResult trace;
		final LayerAccuracy accuracy;
		final Precision.Choice precision;

		Run(final Path model, final Precision p, final LabelledSourceFactory data,
			final InputConverter.Planes image)
		{
			try (LayerModel m = LayerModel.open(model, ModelOptions.defaults().withPrecision(p))) {
				precision = m.precision();
				final ClassMeans means;
				try (LabelledSource s = data.open()) {
					means = ClassMeansBuilder.compute(m, s, InputContract.defaults(), null, 100,
						Progress.NONE);
				}
				final Tracer t = Tracer.create(m, means, E2cmScorer.Normalisation.E2CM, 1, MaskSettings
					.defaults().withMasks(2000).withSeed(5), "test");
				trace = t.trace(image, Target.predicted(), Tracer.Attribution.KEEP, Progress.NONE);
				final E2cmScorer scorer = E2cmScorer.attach(m, means, E2cmScorer.Normalisation.E2CM, 1,
					"test");
				try (LabelledSource s = data.open()) {
					accuracy = LayerAccuracy.evaluate(scorer, s, new InputConverter(m.description()
						.input(), InputContract.defaults()), null, 100, Progress.NONE);
				}
			}
		}
	}

	private interface LabelledSourceFactory {

		LabelledSource open();
	}

	private static void assertSameMaps(final Path model, final LabelledSourceFactory data,
		final InputConverter.Planes image, final double r0)
	{
		final Run f32 = new Run(model, Precision.FLOAT32, data, image);
		final Run bf16 = new Run(model, Precision.BFLOAT16, data, image);
		assertEquals(Precision.BFLOAT16, bf16.precision.precision);
		assertEquals(f32.trace.targets()[0], bf16.trace.targets()[0], "the same predicted class");
		final List<String> layers = f32.trace.layers();
		for (int l = 0; l < layers.size(); l++) {
			final double r = pearson(f32.trace.map(l, 0), bf16.trace.map(l, 0));
			assertTrue(r >= r0, model.getFileName() + " layer " + layers.get(l) + ": r = " + r);
		}
		for (int l = 0; l < f32.accuracy.rows().size(); l++) {
			final LayerAccuracy.Row a = f32.accuracy.rows().get(l), b = bf16.accuracy.rows().get(l);
			assertEquals(a.accuracy, b.accuracy, 0.002, a.layer + " nearest-mean accuracy");
			assertEquals(a.normalisedAccuracy, b.normalisedAccuracy, 0.002, a.layer + " accuracy");
		}
	}

	@Test
	public void bfloat16GivesTheMapsOfFloat32OnAGraphExport() throws Exception {
		assumeBfloat16();
		final Path data = TestModels.newFolder("precision").resolve("shapes");
		ShapesData.write(data, 31, 2000);
		final InputConverter.Planes image = InputConverter.planes(ij.IJ.openImage(data.resolve(
			"triangle/triangle_00003.png").toString()));
		assertSameMaps(TestModels.shapes(), () -> LabelledSource.open(data, null, null), image,
			0.998);
	}

	@Test
	public void bfloat16GivesTheMapsOfFloat32InsideKerasFunctionBodies() {
		assumeBfloat16();
		final float[] digit = new float[28 * 28];
		try (LabelledSource s = LabelledSource.open(TestModels.mnistImages(), TestModels
			.mnistLabels(), null))
		{
			final InputConverter c = new InputConverter(new ImageInput(new TensorSpec("x", "x:0",
				new long[] { -1, 28, 28, 1 }, "DT_FLOAT", -1)), InputContract.defaults());
			s.next(c, digit, 0);
		}
		final InputConverter.Planes image = new InputConverter.Planes("digit", new float[][] {
			digit }, 28, 28);
		assertSameMaps(TestModels.kerasMnistCnn(), () -> LabelledSource.open(TestModels
			.mnistImages(), TestModels.mnistLabels(), null), image, 0.999);
	}

	@Test
	public void autoTakesBfloat16WhereTheProcessorHasItAndSaysWhy() {
		final Precision.Choice c = Precision.AUTO.resolve();
		final String flag = Precision.nativeBfloat16();
		assertEquals(flag != null ? Precision.BFLOAT16 : Precision.FLOAT32, c.precision);
		assertTrue(c.reason.contains(flag != null ? flag : "no native bfloat16"), c.reason);
		try (LayerModel m = LayerModel.open(TestModels.shapes(), ModelOptions.defaults()
			.withPrecision(Precision.AUTO)))
		{
			// the probe check found the model unchanged in bfloat16, where it ran
			assertEquals(c.precision, m.precision().precision, m.precision().toString());
		}
	}
}
