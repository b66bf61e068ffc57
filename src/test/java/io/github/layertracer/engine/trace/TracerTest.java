/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.trace;

import static io.github.layertracer.Refusals.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.api.CancelledException;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.builtin.ShapesData;
import io.github.layertracer.engine.data.FolderSource;
import io.github.layertracer.engine.data.LabelledSource;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.means.ClassMeans;
import io.github.layertracer.engine.means.ClassMeansBuilder;
import io.github.layertracer.engine.means.E2cmScorer;
import io.github.layertracer.engine.metrics.Evaluation;
import io.github.layertracer.engine.model.LayerModel;

import ij.IJ;
import ij.ImagePlus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layer-wise RISE on the built-in shapes model with its own data. */
public class TracerTest {

	private static LayerModel model;
	private static ClassMeans means;
	private static Path data;

	@BeforeAll
	public static void setUp() {
		final Path root = TestModels.newFolder("tracer");
		ShapesData.write(root.resolve("train"), 5, 400);
		data = root.resolve("test");
		ShapesData.write(data, 6, 24);
		model = LayerModel.open(TestModels.shapes());
		try (LabelledSource s = FolderSource.open(root.resolve("train"))) {
			means = ClassMeansBuilder.compute(model, s, InputContract.defaults(), null, 64,
				Progress.NONE);
		}
	}

	@AfterAll
	public static void tearDown() {
		model.close();
	}

	private static Tracer tracer(final MaskSettings m) {
		return Tracer.create(model, means, E2cmScorer.Normalisation.E2CM, 1, m, "test");
	}

	private static InputConverter.Planes image(final int i) {
		final ShapesData.Sample s = ShapesData.sample(6, i);
		return InputConverter.planes(FolderSource.read(data.resolve(s.className()).resolve(String
			.format("%s_%05d.png", s.className(), i))));
	}

	private static float[] data(final TraceResult r) {
		final float[] all = new float[(int) (r.saliency().size())];
		int i = 0;
		for (final net.imglib2.type.numeric.real.FloatType v : r.saliency())
			all[i++] = v.get();
		return all;
	}

	@Test
	public void resultHasALayerAxisAndMetadata() {
		final TraceResult r = tracer(MaskSettings.defaults().withMasks(256)).trace(image(0), Target
			.predicted(), Tracer.Attribution.KEEP, Progress.NONE);
		assertArrayEquals(new long[] { 64, 64, 5 }, r.saliency().dimensionsAsLongArray());
		assertEquals(List.of("block1", "block2", "block3", "block4", "logits"), r.layers());
		assertEquals(0, r.targets()[0]); // image 0 is a circle, and the network says so
		assertTrue(r.unmaskedProbability(4, 0) > 0.5f);
		assertTrue(r.settings().contains("seed=1") && r.settings().contains("masks=256"), r
			.settings());
		for (final float v : data(r))
			assertTrue(v >= 0 && v <= 1, "keep-attributed saliency is a mean probability: " + v);
	}

	@Test
	public void mapsComeBackAtTheImageOwnSize() {
		final InputConverter.Planes small = image(1);
		final float[] big = InputConverter.resize(small.plane(0), 64, 64, 96, 80);
		final TraceResult r = tracer(MaskSettings.defaults().withMasks(128)).trace(
			new InputConverter.Planes("big", new float[][] { big }, 96, 80), Target.index(2),
			Tracer.Attribution.KEEP, Progress.NONE);
		assertArrayEquals(new long[] { 96, 80, 5 }, r.saliency().dimensionsAsLongArray());
		assertEquals(2, r.targets()[0]);
	}

	@Test
	public void sameSeedBitIdenticalOtherSeedDifferent() {
		final MaskSettings m = MaskSettings.defaults().withMasks(200).withBatch(32);
		final float[] a = data(tracer(m).trace(image(2), Target.predicted(), Tracer.Attribution.KEEP,
			Progress.NONE));
		final float[] b = data(tracer(m).trace(image(2), Target.predicted(), Tracer.Attribution.KEEP,
			Progress.NONE));
		final float[] c = data(tracer(m.withSeed(2)).trace(image(2), Target.predicted(),
			Tracer.Attribution.KEEP, Progress.NONE));
		assertArrayEquals(a, b, 0f);
		assertFalse(Arrays.equals(a, c));
	}

	@Test
	public void riseMasksKeepTheirShareAndSquaresOccludeOneSquare() {
		final float[] rise = tracer(MaskSettings.defaults().withKeep(0.3).withBatch(40)).masks(0);
		assertEquals(40 * 64 * 64, rise.length);
		double mean = 0;
		for (final float v : rise) {
			assertTrue(v >= 0 && v <= 1);
			mean += v / rise.length;
		}
		assertEquals(0.3, mean, 0.06);
		// different masks within a batch and across batches
		assertFalse(Arrays.equals(Arrays.copyOfRange(rise, 0, 4096), Arrays.copyOfRange(rise, 4096,
			8192)));
		final Tracer squares = tracer(MaskSettings.defaults().withType(MaskSettings.Type.SQUARE)
			.withSquare(0.25, 0.25).withBatch(10));
		final float[] sq = squares.masks(3);
		for (int i = 0; i < 10; i++) {
			int zeros = 0;
			for (int u = 0; u < 4096; u++)
				if (sq[i * 4096 + u] == 0) zeros++;
			assertEquals(16 * 16, zeros, "one 16 x 16 square per mask");
		}
	}

	@Test
	public void allClassesAndDropAttribution() {
		final Tracer t = tracer(MaskSettings.defaults().withMasks(128));
		final TraceResult all = t.trace(image(3), Target.all(), Tracer.Attribution.KEEP,
			Progress.NONE);
		assertArrayEquals(new long[] { 64, 64, 5, 4 }, all.saliency().dimensionsAsLongArray());
		assertArrayEquals(new int[] { 0, 1, 2, 3 }, all.targets());
		final TraceResult one = t.trace(image(3), Target.index(3), Tracer.Attribution.KEEP,
			Progress.NONE);
		assertArrayEquals(one.map(4, 0), all.map(4, 3), 0f);
		final TraceResult drop = t.trace(image(3), Target.index(3), Tracer.Attribution.DROP,
			Progress.NONE);
		assertFalse(Arrays.equals(one.map(4, 0), drop.map(4, 0)));
		assertMessage(() -> t.trace(image(3), Target.index(4), Tracer.Attribution.KEEP,
			Progress.NONE), "Target class 4 does not exist", "circle, cross, square, triangle");
	}

	@Test
	public void cancelStopsWithinOneBatch() {
		final AtomicInteger batches = new AtomicInteger();
		final Progress cancelAfterTwo = new Progress() {

			@Override
			public void update(final long done, final long total) {
				batches.incrementAndGet();
			}

			@Override
			public boolean isCancelled() {
				return batches.get() >= 2;
			}
		};
		assertThrows(CancelledException.class, () -> tracer(MaskSettings.defaults()
			.withMasks(640).withBatch(64)).trace(image(0), Target.predicted(), Tracer.Attribution.KEEP,
				cancelAfterTwo));
		assertEquals(2, batches.get());
	}

	@Test
	public void writtenTiffHasOneLabelledPagePerLayerAndSidecars() throws Exception {
		final TraceResult r = tracer(MaskSettings.defaults().withMasks(128)).trace(image(0), Target
			.predicted(), Tracer.Attribution.KEEP, Progress.NONE);
		final Path out = TestModels.newFolder("trace-out");
		final Path tif = TraceWriter.write(r, out, "circle_saliency");
		final ImagePlus imp = IJ.openImage(tif.toString());
		assertEquals(5, imp.getStackSize());
		assertEquals(64, imp.getWidth());
		assertTrue(imp.getStack().getSliceLabel(1).startsWith("block1 circle p="), imp.getStack()
			.getSliceLabel(1));
		assertTrue(imp.getStack().getSliceLabel(5).startsWith("logits circle p="));
		assertArrayEquals(r.map(2, 0), (float[]) imp.getStack().getPixels(3), 0f);
		// the sidecar read by a JSON parser
		final com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(Files
			.readString(out.resolve("circle_saliency.json"))).getAsJsonObject();
		assertEquals(List.of("block1", "block2", "block3", "block4", "logits"), new com.google.gson.Gson()
			.fromJson(json.get("layers"), List.class));
		assertEquals(0, json.getAsJsonArray("targets").get(0).getAsJsonObject().get("index")
			.getAsInt());
		assertEquals("circle", json.getAsJsonArray("targets").get(0).getAsJsonObject().get("name")
			.getAsString());
		assertTrue(json.get("settings").getAsString().contains("seed=1"), json.toString());
		assertEquals(r.unmaskedProbability(4, 0), json.getAsJsonObject("unmasked_probability")
			.getAsJsonArray("logits").get(0).getAsDouble(), 1e-6);
		assertEquals(6, Files.readAllLines(out.resolve("circle_saliency.csv")).size());
		try (var files = Files.list(out)) {
			assertEquals(List.of(".layertracer-output", "circle_saliency.csv", "circle_saliency.json",
				"circle_saliency.tif"), files.map(f -> f.getFileName().toString()).sorted().collect(
					java.util.stream.Collectors.toList()), "no temporary files left");
		}
		// the marker names exactly the three files LayerTracer wrote
		assertEquals(List.of("circle_saliency.csv", "circle_saliency.json", "circle_saliency.tif"),
			Files.readAllLines(out.resolve(".layertracer-output")).stream().filter(l -> !l.startsWith(
				"#")).sorted().collect(java.util.stream.Collectors.toList()));
	}

	@Test
	public void finalLayerPointsAtTheShapesAndBeatsARandomMap() {
		final Tracer t = tracer(MaskSettings.defaults().withMasks(2000));
		final Evaluation e = Evaluation.run(t, data, 20, 3, 16, Progress.NONE);
		final Evaluation.Row last = e.rows().get(e.rows().size() - 1);
		assertTrue(last.pointingGame() >= 0.9, e.toCsv());
		assertTrue(last.deletionAuc() < e.randomDeletionAuc(), e.toCsv());
		assertTrue(last.insertionAuc() > e.randomInsertionAuc(), e.toCsv());
		System.out.print(e.toCsv());
	}
}
