/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.ContractModels;
import io.github.layertracer.LauncherRun;
import io.github.layertracer.TestModels;
import io.github.layertracer.engine.builtin.CnnBuilder;
import io.github.layertracer.engine.builtin.ShapesData;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.means.ClassMeansFile;
import io.github.layertracer.engine.model.LayerModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a model expects, through the launcher as a user runs it: the range a model states by its
 * own scaling step is found and used; a range or channel order it does not state is measured
 * from labelled images; every candidate's accuracy is reported and the right one restores the
 * training accuracy while the wrong one sits near chance; a trace with class means uses their
 * contract and refuses another; a run on a wrong contract says so.
 */
public class InputContractTest {

	private static Path dir, shapesTest, shapesMeansData;

	@BeforeAll
	public static void prepare() {
		dir = TestModels.newFolder("contract");
		// the shapes model's own held-out test images (seed 1 + 1 000 000), and other images for
		// the class means
		shapesTest = dir.resolve("shapes-test");
		ShapesData.write(shapesTest, 1_000_001, 800);
		shapesMeansData = dir.resolve("shapes-means");
		ShapesData.write(shapesMeansData, 77, 200);
	}

	private static LauncherRun run(final String... args) {
		final LauncherRun r = new LauncherRun(args);
		assertEquals(0, r.code, r.toString());
		return r;
	}

	/** The network's own accuracy from an accuracy table: its last row. */
	private static double networkAccuracy(final Path csv) throws Exception {
		final List<String> rows = Files.readAllLines(csv);
		final String[] last = rows.get(rows.size() - 1).split(",");
		assertEquals("network", last[last.length - 1]);
		return Double.parseDouble(last[3]);
	}

	/** Means and accuracy of a model on labelled data; the network's accuracy. */
	private static double meansAndAccuracy(final Path model, final Path means, final Path data,
		final Path test, final String... input) throws Exception
	{
		final String[] base = { "means", "--model", model.toString(), "--data", data.toString(),
			"--out", means.toString() };
		run(concat(base, input));
		final Path csv = means.resolveSibling(means.getFileName() + ".csv");
		run("accuracy", "--model", model.toString(), "--means", means.toString(), "--data", test
			.toString(), "--out", csv.toString());
		return networkAccuracy(csv);
	}

	private static String[] concat(final String[] a, final String[] b) {
		final String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

	@Test
	public void aRangeTheModelStatesIsFoundInTheGraphAndUsed() throws Exception {
		final CnnBuilder.Trained shapes = TestModels.trained("shapes");
		for (final CnnBuilder.ExportStyle style : List.of(CnnBuilder.ExportStyle.GRAPH,
			CnnBuilder.ExportStyle.FUNCTION))
		{
			// the trained shapes network behind a Rescaling(1/255) of its own: it takes 0..255
			final Path model = dir.resolve("shapes-255-" + style);
			CnnBuilder.export(shapes.withInputScaling(1 / 255f, 0), model, style, null);
			try (LayerModel m = LayerModel.open(model)) {
				assertEquals(InputContract.Range.ZERO_255, m.description().statedRange(), style
					.toString());
			}
			final LauncherRun inspect = run("inspect", "--model", model.toString());
			assertTrue(inspect.out.contains(
				"Input values: 0..255 (the model scales by 1/255 itself, layer rescaling)"), inspect.out);

			final Path means = dir.resolve("means-255-" + style + ".h5");
			final double right = meansAndAccuracy(model, means, shapesMeansData, shapesTest);
			assertEquals(InputContract.Range.ZERO_255, ClassMeansFile.read(means).contract().range());
			assertEquals(shapes.testAccuracy, right, 0.01, "the training's test accuracy, restored");
			// the same model given 0..1 sees nearly black images: near chance (4 classes)
			final double wrong = meansAndAccuracy(model, dir.resolve("means-255-wrong-" + style +
				".h5"), shapesMeansData, shapesTest, "--input-range", "0..1");
			assertTrue(wrong < 0.4, "0..1 into a model that expects 0..255: " + wrong);
		}
	}

	private static Path shapes255;

	/** The trained shapes network behind a Rescaling(1/255) of its own (graph style). */
	private static synchronized Path shapes255() {
		if (shapes255 == null) {
			shapes255 = dir.resolve("shapes-255");
			CnnBuilder.export(TestModels.trained("shapes").withInputScaling(1 / 255f, 0), shapes255,
				CnnBuilder.ExportStyle.GRAPH, null);
		}
		return shapes255;
	}

	/** Every candidate's accuracy as the means report gives it. */
	private static double candidate(final String report, final String contract) {
		final Matcher m = Pattern.compile(Pattern.quote(contract) + " ([0-9.]+) %").matcher(report);
		assertTrue(m.find(), contract + " in\n" + report);
		return Double.parseDouble(m.group(1)) / 100;
	}

	@Test
	public void aRangeTheModelDoesNotStateIsMeasuredFromLabels() throws Exception {
		final Path model = ContractModels.minusOneToOne();
		final Path means = dir.resolve("pm1.h5");
		final LauncherRun m = run("means", "--model", model.toString(), "--data", ContractModels
			.levelImages().toString(), "--out", means.toString());
		assertTrue(m.out.contains("Input: -1..1 (measured from labels: network accuracy"), m.out);
		assertEquals(InputContract.Range.MINUS_ONE_ONE, ClassMeansFile.read(means).contract()
			.range());
		// every candidate reported; the wrong ones near chance (3 classes), the right one high
		assertTrue(candidate(m.out, "0..1") < 0.45, m.out);
		assertTrue(candidate(m.out, "0..255") < 0.45, m.out);
		assertTrue(candidate(m.out, "-1..1") > 0.9, m.out);
		final Path csv = dir.resolve("pm1.csv");
		run("accuracy", "--model", model.toString(), "--means", means.toString(), "--data",
			ContractModels.levelImages().toString(), "--out", csv.toString());
		assertEquals(ContractModels.testAccuracy(model), networkAccuracy(csv), 0.01);
	}

	@Test
	public void aChannelOrderIsMeasuredFromLabels() throws Exception {
		final Path model = ContractModels.bgr();
		final Path means = dir.resolve("bgr.h5");
		final LauncherRun m = run("means", "--model", model.toString(), "--data", ContractModels
			.tintImages().toString(), "--out", means.toString());
		final InputContract c = ClassMeansFile.read(means).contract();
		assertEquals(InputContract.ChannelOrder.BGR, c.order(), m.out);
		assertEquals(InputContract.Range.ZERO_ONE, c.range(), m.out);
		assertTrue(candidate(m.out, "0..1") < 0.45, m.out);
		assertTrue(candidate(m.out, "0..1, bgr") > 0.9, m.out);
		final Path csv = dir.resolve("bgr.csv");
		run("accuracy", "--model", model.toString(), "--means", means.toString(), "--data",
			ContractModels.tintImages().toString(), "--out", csv.toString());
		assertEquals(ContractModels.testAccuracy(model), networkAccuracy(csv), 0.01);
		// the wrong order, given by hand, near chance
		final Path wrong = dir.resolve("rgb.h5");
		run("means", "--model", model.toString(), "--data", ContractModels.tintImages().toString(),
			"--out", wrong.toString(), "--channel-order", "rgb");
		final Path wrongCsv = dir.resolve("rgb.csv");
		final LauncherRun acc = run("accuracy", "--model", model.toString(), "--means", wrong
			.toString(), "--data", ContractModels.tintImages().toString(), "--out", wrongCsv
				.toString());
		assertTrue(networkAccuracy(wrongCsv) < 0.45, acc.out);
		// labels at hand: accuracy says the file's contract is not what the network does best with
		assertTrue(acc.out.contains("Warning: the class means were computed with input 0..1, " +
			"with which the network's accuracy is"), acc.out);
		assertTrue(acc.out.contains("channel_order=bgr"), acc.out);
	}

	@Test
	public void theRealKerasModelKeepsItsInputAndAccuracy() throws Exception {
		final Path means = dir.resolve("mnist.h5");
		final LauncherRun m = run("means", "--model", TestModels.kerasMnistCnn().toString(),
			"--data", TestModels.mnistImages().toString(), "--labels", TestModels.mnistLabels()
				.toString(), "--out", means.toString(), "--batch", "500");
		assertEquals(InputContract.defaults(), ClassMeansFile.read(means).contract(), m.out);
		assertTrue(m.out.contains("Input: 0..1 (measured from labels"), m.out);
		assertFalse(m.out.contains("Warning"), m.out);
		final Path csv = dir.resolve("mnist.csv");
		run("accuracy", "--model", TestModels.kerasMnistCnn().toString(), "--means", means
			.toString(), "--data", TestModels.mnistImages().toString(), "--labels", TestModels
				.mnistLabels().toString(), "--out", csv.toString(), "--batch", "500");
		assertEquals(0.990, networkAccuracy(csv), 0.0005); // as README's table has it
	}

	@Test
	public void aTraceUsesTheMeansContractAndRefusesAnother() throws Exception {
		final Path means = dir.resolve("shapes.h5");
		run("means", "--model", TestModels.shapes().toString(), "--data", shapesMeansData
			.toString(), "--out", means.toString());
		final Path image = Files.list(shapesTest.resolve("circle")).sorted().findFirst().get();
		final Path out = dir.resolve("refused");
		final LauncherRun t = new LauncherRun("trace", "--model", TestModels.shapes().toString(),
			"--means", means.toString(), "--image", image.toString(), "--out", out.toString(),
			"--masks", "64", "--input-range", "0..255");
		assertEquals(1, t.code, t.toString());
		assertTrue(t.err.contains("were computed with input 0..1") && t.err.contains(
			"input_range=0..255 was given"), t.err);
		assertFalse(Files.exists(out), "nothing written");
		final LauncherRun ok = run("trace", "--model", TestModels.shapes().toString(), "--means",
			means.toString(), "--image", image.toString(), "--out", out.toString(), "--masks", "64");
		assertTrue(ok.out.contains("Input: 0..1 (measured from labels"), ok.out);
		final String json = Files.readString(out.resolve(image.getFileName().toString().replace(
			".png", "") + "_saliency.json"));
		assertTrue(json.contains("\"range\": \"0..1\"") && json.contains(
			"\"channel_order\": \"rgb\""), json);
	}

	@Test
	public void aWrongContractIsWarnedAboutAndARightOneIsNot() throws Exception {
		// classic RISE (no class means) on the brightness model (trained on -1..1) fed 0..255:
		// every masked copy is "bright" with p = 1, so the map is flat
		final Path model = ContractModels.minusOneToOne();
		final Path image = Files.list(ContractModels.levelImages().resolve("dim")).sorted()
			.findFirst().get();
		final Path out = dir.resolve("warned");
		final LauncherRun wrong = run("trace", "--model", model.toString(), "--image", image
			.toString(), "--out", out.toString(), "--masks", "128", "--input-range", "0..255");
		assertTrue(wrong.out.contains("Warning: the map of the network's output for") && wrong.out
			.contains("is flat") && wrong.out.contains("set input_range"), wrong.out);
		final String json = Files.readString(Files.list(out).filter(p -> p.toString().endsWith(
			".json")).findFirst().get());
		assertTrue(json.contains("\"warnings\": [\n    \"the map of the network's output"), json);
		final Path ok = dir.resolve("not-warned");
		final LauncherRun right = run("trace", "--model", model.toString(), "--image", image
			.toString(), "--out", ok.toString(), "--masks", "128", "--input-range", "-1..1");
		assertFalse(right.out.contains("Warning"), right.out);
		assertTrue(right.out.contains("Input: -1..1 (set by the user)"), right.out);
		final String okJson = Files.readString(Files.list(ok).filter(p -> p.toString().endsWith(
			".json")).findFirst().get());
		assertTrue(okJson.contains("\"warnings\": []"), okJson);
		// labels at hand, the same wrong input: the network's output is the same for every image
		final LauncherRun means = run("means", "--model", TestModels.shapes().toString(), "--data",
			shapesMeansData.toString(), "--out", dir.resolve("saturated.h5").toString(),
			"--input-range", "0..255");
		assertTrue(means.out.contains("Warning: the run was given input 0..255") && means.out
			.contains("set input_range=0..1 channel_order=rgb"), means.out);
		final LauncherRun folder = run("trace-folder", "--model", model.toString(), "--images",
			ContractModels.levelImages().resolve("medium").toString(), "--out", dir.resolve(
				"saturated-folder").toString(), "--masks", "64", "--input-range", "0..255");
		assertTrue(folder.out.contains("Warning: the map of the network's output for"), folder.out);
		// a model that expects 0..255 given 0..1 sees black images: one output for all of them
		final LauncherRun dark = run("trace-folder", "--model", shapes255().toString(), "--images",
			shapesMeansData.resolve("square").toString(), "--out", dir.resolve("dark-folder")
				.toString(), "--masks", "64", "--input-range", "0..1");
		assertTrue(dark.out.contains("Warning: the network gives the same output for every image"),
			dark.out);
		final LauncherRun light = run("trace-folder", "--model", shapes255().toString(), "--images",
			shapesMeansData.resolve("square").toString(), "--out", dir.resolve("light-folder")
				.toString(), "--masks", "64");
		assertFalse(light.out.contains("Warning"), light.out);
		assertTrue(light.out.contains("Input: 0..255 (found in the graph"), light.out);
	}
}
