/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.means;

import static io.github.layertracer.Refusals.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.layertracer.TestModels;
import io.github.layertracer.api.CancelledException;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.builtin.CnnBuilder.ExportStyle;
import io.github.layertracer.engine.builtin.CnnBuilder;
import io.github.layertracer.engine.builtin.CnnSpec;
import io.github.layertracer.engine.data.FolderSource;
import io.github.layertracer.engine.data.LabelledSource;
import io.github.layertracer.engine.image.InputConverter;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.TensorSpec;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Class means on a small real model and a small image folder, checked against brute force. */
public class ClassMeansTest {

	private static final List<String> CLASSES = List.of("ant", "bee", "cat");
	private static Path data;

	/** 3 classes x 5 16x16 images whose brightness depends on the class. */
	@BeforeAll
	public static void writeData() throws Exception {
		data = TestModels.newFolder("means-data");
		final Random r = new Random(1);
		for (int k = 0; k < CLASSES.size(); k++) {
			Files.createDirectories(data.resolve(CLASSES.get(k)));
			for (int i = 0; i < 5; i++) {
				final ByteProcessor bp = new ByteProcessor(16, 16);
				for (int p = 0; p < 256; p++)
					bp.set(p, Math.min(255, 40 * k + r.nextInt(60) + (p % 16 < 4 * (k + 1) ? 80 : 0)));
				new FileSaver(new ImagePlus("x", bp)).saveAsPng(data.resolve(CLASSES.get(k)).resolve(
					"img" + i + ".png").toString());
			}
		}
	}

	private static LayerModel model() {
		return LayerModel.open(TestModels.reversedNames(ExportStyle.GRAPH));
	}

	private static ClassMeans compute(final LayerModel m, final int batch) {
		try (LabelledSource s = FolderSource.open(data)) {
			return ClassMeansBuilder.compute(m, s, InputContract.defaults(), null, batch,
				Progress.NONE);
		}
	}

	@Test
	public void meansCountsAndSpreadsMatchBruteForce() {
		try (LayerModel m = model()) {
			final ClassMeans means = compute(m, 4); // 15 images: batches of 4, 4, 4, 3
			assertEquals(CLASSES, means.classNames());
			assertEquals(List.of("omega", "beta", "alpha"), means.layerNames());
			final InputConverter conv = new InputConverter(m.description().input(), InputContract
				.defaults());
			final List<TensorSpec> layers = m.description().layers();
			for (int l = 0; l < layers.size(); l++) {
				final ClassMeans.Layer layer = means.layers().get(l);
				final int f = layer.featureSize();
				assertEquals(layers.get(l).elementSize(), f);
				for (int k = 0; k < 3; k++) {
					final List<float[]> samples = new ArrayList<>();
					for (final Path p : FolderSource.images(data.resolve(CLASSES.get(k))))
						samples.add(m.run(conv.convert(FolderSource.read(p)), 1, List.of(layers.get(
							l)))[0]);
					final double[] mu = new double[f];
					for (final float[] s : samples)
						for (int j = 0; j < f; j++)
							mu[j] += s[j] / 5.0;
					assertArrayEquals(mu, layer.mean(k), 1e-5);
					double ss = 0;
					for (final float[] s : samples)
						for (int j = 0; j < f; j++)
							ss += (s[j] - mu[j]) * (s[j] - mu[j]);
					assertEquals(Math.sqrt(ss / 5), layer.rms()[k], 1e-4 * Math.max(1, Math.sqrt(ss)));
					assertEquals(5, layer.counts()[k]);
				}
			}
		}
	}

	@Test
	public void sameDataSameModelGivesBitIdenticalMeansAndFile() throws Exception {
		final Path a = TestModels.newFolder("m").resolve("a.h5");
		final Path b = TestModels.newFolder("m").resolve("b.h5");
		try (LayerModel m = model()) {
			ClassMeansFile.write(compute(m, 4), a);
			ClassMeansFile.write(compute(m, 4), b);
		}
		final ClassMeans ra = ClassMeansFile.read(a), rb = ClassMeansFile.read(b);
		for (int l = 0; l < ra.layers().size(); l++)
			assertArrayEquals(ra.layers().get(l).means(), rb.layers().get(l).means(), 0.0);
		assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
	}

	@Test
	public void fileRoundTripKeepsEverything() {
		final Path file = TestModels.newFolder("m").resolve("means.h5");
		try (LayerModel m = model()) {
			final ClassMeans written = compute(m, 64);
			ClassMeansFile.write(written, file);
			final ClassMeans read = ClassMeansFile.read(file);
			assertEquals(written.classNames(), read.classNames());
			assertEquals(written.layerNames(), read.layerNames());
			assertEquals(written.signatureFingerprint(), read.signatureFingerprint());
			assertEquals(written.weightsFingerprint(), read.weightsFingerprint());
			assertEquals("range=0..1;channels=rgb", read.contract().toString());
			for (int l = 0; l < read.layers().size(); l++) {
				final ClassMeans.Layer w = written.layers().get(l), r = read.layers().get(l);
				assertArrayEquals(w.shape(), r.shape());
				assertArrayEquals(w.means(), r.means(), 0.0);
				assertArrayEquals(w.counts(), r.counts());
				assertArrayEquals(w.rms(), r.rms(), 0.0);
				assertEquals(w.tensorName(), r.tensorName());
			}
			read.checkAgainst(m.description(), file.toString());
		}
	}

	@Test
	public void progressIsReportedAndCancelStopsBetweenBatches() {
		final AtomicInteger updates = new AtomicInteger();
		final Progress cancelAfterTwo = new Progress() {

			@Override
			public void update(final long done, final long total) {
				assertEquals(15, total);
				updates.incrementAndGet();
			}

			@Override
			public boolean isCancelled() {
				return updates.get() >= 2;
			}
		};
		try (LayerModel m = model(); LabelledSource s = FolderSource.open(data)) {
			assertThrows(CancelledException.class, () -> ClassMeansBuilder.compute(m, s,
				InputContract.defaults(), null, 4, cancelAfterTwo));
		}
		assertEquals(2, updates.get());
	}

	@Test
	public void refusals() throws Exception {
		final Path file = TestModels.newFolder("m").resolve("means.h5");
		try (LayerModel m = model()) {
			ClassMeansFile.write(compute(m, 8), file);
		}
		final ClassMeans means = ClassMeansFile.read(file);

		// wrong model: the shapes model has other layers
		try (LayerModel shapes = LayerModel.open(TestModels.shapes())) {
			assertMessage(() -> means.checkAgainst(shapes.description(), file.toString()),
				"3 classes", "has 4");
		}
		// same layer names, other shapes: the same network on 20x20 images
		final Path other = TestModels.newFolder("other").resolve("model");
		final CnnSpec bigger = new CnnSpec("reversed", 20, 20, 1, 3, List.of(new CnnSpec.Block(
			"omega", true, 4), new CnnSpec.Block("beta", true, 4), new CnnSpec.Block("alpha", false,
				4)), CnnSpec.Head.POOL_DENSE, false);
		CnnBuilder.export(CnnBuilder.untrained(bigger, 3), other, ExportStyle.GRAPH, null);
		try (LayerModel m = LayerModel.open(other)) {
			assertMessage(() -> E2cmScorer.attach(m, means, E2cmScorer.Normalisation.E2CM, 1, file
				.toString()), "Layer 'omega' has shape (10, 10, 4) in model",
				"(8, 8, 4) in class means " + file);
		}
		// same architecture, other weights
		final Path retrained = TestModels.newFolder("retrained").resolve("model");
		CnnBuilder.export(CnnBuilder.untrained(new CnnSpec("reversed", 16, 16, 1, 3, List.of(
			new CnnSpec.Block("omega", true, 4), new CnnSpec.Block("beta", true, 4), new CnnSpec.Block(
				"alpha", false, 4)), CnnSpec.Head.POOL_DENSE, false), 99), retrained, ExportStyle.GRAPH,
			null);
		try (LayerModel m = LayerModel.open(retrained)) {
			assertMessage(() -> means.checkAgainst(m.description(), file.toString()),
				"other weights");
		}

		// corrupt and truncated files
		final Path corrupt = TestModels.newFolder("bad").resolve("corrupt.h5");
		Files.write(corrupt, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
		assertMessage(() -> ClassMeansFile.read(corrupt), corrupt.toString(), "corrupt or truncated");
		final byte[] whole = Files.readAllBytes(file);
		final Path truncated = corrupt.resolveSibling("truncated.h5");
		Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
		assertMessage(() -> ClassMeansFile.read(truncated), truncated.toString(),
			"corrupt or truncated");
		assertMessage(() -> ClassMeansFile.read(corrupt.resolveSibling("missing.h5")),
			"does not exist");

		// class count mismatch: two class folders for a three-class model
		final Path two = TestModels.newFolder("two");
		for (final String c : List.of("ant", "bee")) {
			Files.createDirectories(two.resolve(c));
			Files.copy(data.resolve(c).resolve("img0.png"), two.resolve(c).resolve("img0.png"));
		}
		try (LayerModel m = model(); LabelledSource s = FolderSource.open(two)) {
			assertMessage(() -> ClassMeansBuilder.compute(m, s, InputContract.defaults(), null, 4,
				Progress.NONE), "has 2 classes (ant, bee)", "final output has 3");
		}

		// empty class folder
		final Path empty = TestModels.newFolder("empty");
		Files.createDirectories(empty.resolve("ant"));
		Files.createDirectories(empty.resolve("bee"));
		Files.copy(data.resolve("ant/img0.png"), empty.resolve("ant/img0.png"));
		assertMessage(() -> FolderSource.open(empty), "Class folder " + empty.resolve("bee"),
			"has no images");

		// unreadable image, named
		final Path broken = TestModels.newFolder("broken");
		for (final String c : CLASSES) {
			Files.createDirectories(broken.resolve(c));
			Files.copy(data.resolve(c).resolve("img0.png"), broken.resolve(c).resolve("img0.png"));
		}
		Files.write(broken.resolve("bee/img1.png"), new byte[] { 1, 2, 3 });
		try (LayerModel m = model(); LabelledSource s = FolderSource.open(broken)) {
			assertMessage(() -> ClassMeansBuilder.compute(m, s, InputContract.defaults(), null, 4,
				Progress.NONE), "Cannot read image " + broken.resolve("bee/img1.png"));
		}
	}
}
