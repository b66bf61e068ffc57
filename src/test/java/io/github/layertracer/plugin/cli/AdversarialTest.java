/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.LauncherRun;
import io.github.layertracer.TestModels;
import io.github.layertracer.engine.builtin.CnnBuilder.ExportStyle;
import io.github.layertracer.engine.means.ClassMeans;
import io.github.layertracer.engine.means.ClassMeansFile;
import io.github.layertracer.plugin.command.TraceImageFileCommand;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Bad input, fed as a hostile user would, through the launcher and through CommandService:
 * each case must end with exit 1 or 2 (or 3 for a batch with a bad image), a message that names
 * the file, option or value and what was expected, no stack trace, and no new or changed file
 * where the command writes. Tiny untrained models keep it fast.
 */
public class AdversarialTest {

	private static Path dir, model, means, image, data, out;

	private static void png(final Path file, final long seed) throws Exception {
		final Random r = new Random(seed);
		final byte[] px = new byte[16 * 16];
		r.nextBytes(px);
		Files.createDirectories(file.getParent());
		assertTrue(new FileSaver(new ImagePlus("x", new ByteProcessor(16, 16, px))).saveAsPng(file
			.toString()));
	}

	@BeforeAll
	public static void prepare() throws Exception {
		dir = TestModels.newFolder("adversarial");
		model = TestModels.reversedNames(ExportStyle.GRAPH); // 16 x 16 x 1, 3 classes, untrained
		data = dir.resolve("data");
		for (int k = 0; k < 3; k++)
			for (int i = 0; i < 3; i++)
				png(data.resolve("class" + k).resolve("img" + i + ".png"), 10 * k + i);
		means = dir.resolve("means.h5");
		final LauncherRun m = new LauncherRun("means", "--model", model.toString(), "--data", data.toString(),
			"--out", means.toString());
		assertEquals(0, m.code, m.toString());
		image = dir.resolve("image.png");
		png(image, 99);
		out = Files.createDirectories(dir.resolve("out"));
		Files.writeString(out.resolve("earlier-result.txt"), "kept\n");
	}

	/** Names, sizes and modification times of everything under a folder. */
	private static Map<String, String> snapshot(final Path folder) throws Exception {
		final Map<String, String> m = new TreeMap<>();
		if (!Files.exists(folder)) return m;
		try (Stream<Path> s = Files.walk(folder)) {
			for (final Path p : (Iterable<Path>) s::iterator)
				m.put(folder.relativize(p).toString(), Files.isDirectory(p) ? "dir" : Files.size(p) +
					"@" + Files.getLastModifiedTime(p).toMillis());
		}
		return m;
	}

	/** Runs a bad command line; checks the exit code, the message and the untouched output. */
	private static DynamicTest refused(final String name, final int code, final List<String> says,
		final Path watched, final String... args)
	{
		return DynamicTest.dynamicTest(name, () -> {
			final Map<String, String> before = snapshot(watched);
			final LauncherRun r = new LauncherRun(args);
			assertEquals(code, r.code, name + "\n" + r);
			for (final String s : says)
				assertTrue(r.err.contains(s), name + ": message names '" + s + "'\n" + r);
			assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), name +
				": no stack trace\n" + r);
			assertEquals(1, r.err.lines().filter(l -> l.startsWith("Error: ") || l.startsWith(
				"Option --")).count(), name + ": one line per problem\n" + r);
			assertEquals(before, snapshot(watched), name + ": nothing written or changed in " +
				watched);
		});
	}

	private static String[] trace(final String... extra) {
		final List<String> a = new ArrayList<>(List.of("trace", "--model", model.toString(),
			"--means", means.toString(), "--image", image.toString(), "--out", out.toString(),
			"--masks", "16", "--batch", "8"));
		for (int i = 0; i < extra.length; i += 2) {
			final int at = a.indexOf(extra[i]);
			if (at >= 0) a.set(at + 1, extra[i + 1]);
			else {
				a.add(extra[i]);
				a.add(extra[i + 1]);
			}
		}
		return a.toArray(new String[0]);
	}

	@TestFactory
	public List<DynamicTest> badOptionValues() {
		final List<DynamicTest> t = new ArrayList<>();
		t.add(refused("seed not a number", 2, List.of("--seed", "'abc'", "whole number"), out, trace(
			"--seed", "abc")));
		t.add(refused("seed too long", 2, List.of("--seed", "whole number"), out, trace("--seed",
			"99999999999999999999")));
		t.add(refused("masks not whole", 2, List.of("--masks", "'200.7'"), out, trace("--masks",
			"200.7")));
		t.add(refused("masks beyond int", 2, List.of("--masks", "too large"), out, trace("--masks",
			"99999999999")));
		t.add(refused("threads negative", 2, List.of("--threads", "minimum 0"), out, trace(
			"--threads", "-3")));
		t.add(refused("keep out of range", 2, List.of("--keep", "maximum 0.99"), out, trace("--keep",
			"1.5")));
		t.add(refused("unknown mask type", 2, List.of("--mask-type", "'circles'", "rise, square"),
			out, trace("--mask-type", "circles")));
		t.add(refused("temperature NaN", 2, List.of("--temperature", "finite"), out, trace(
			"--temperature", "NaN")));
		t.add(refused("opacity 2", 2, List.of("--opacity", "maximum 1"), out, "animate", "--image",
			image.toString(), "--saliency", image.toString(), "--out", out.resolve("a.gif").toString(),
			"--opacity", "2"));
		t.add(refused("scale 0", 2, List.of("--scale", "minimum 1"), out, "animate", "--image", image
			.toString(), "--saliency", image.toString(), "--out", out.resolve("a.gif").toString(),
			"--scale", "0"));
		t.add(refused("scale 100", 2, List.of("--scale", "maximum 16"), out, "animate", "--image",
			image.toString(), "--saliency", image.toString(), "--out", out.resolve("a.gif").toString(),
			"--scale", "100"));
		t.add(refused("frames between -1", 2, List.of("--frames-between", "minimum 0"), out,
			"animate", "--image", image.toString(), "--saliency", image.toString(), "--out", out
				.resolve("a.gif").toString(), "--frames-between", "-1"));
		t.add(refused("evaluate steps 0", 2, List.of("--steps", "minimum 2"), out, "evaluate",
			"--model", model.toString(), "--data", data.toString(), "--out", out.resolve("e.csv")
				.toString(), "--steps", "0"));
		t.add(refused("demo with 2 images", 2, List.of("--image-count", "minimum 4"), dir.resolve(
			"demo"), "demo", "--out", dir.resolve("demo").toString(), "--image-count", "2"));
		t.add(refused("boolean typo", 2, List.of("--overwrite", "true nor false"), out,
			"trace-folder", "--images", data.toString(), "--model", model.toString(), "--out", out
				.toString(), "--overwrite", "yes"));
		return t;
	}

	@TestFactory
	public List<DynamicTest> badFiles() throws Exception {
		final List<DynamicTest> t = new ArrayList<>();
		final Path text = dir.resolve("text.png");
		Files.writeString(text, "not an image\n");
		final Path nan = dir.resolve("nan.tif");
		final float[] px = new float[16 * 16];
		px[5 * 16 + 3] = Float.NaN;
		new FileSaver(new ImagePlus("nan", new FloatProcessor(16, 16, px))).saveAsTiff(nan
			.toString());
		final Path whole = dir.resolve("whole.tif");
		new FileSaver(new ImagePlus("w", new FloatProcessor(16, 16, new float[16 * 16])))
			.saveAsTiff(whole.toString());
		final Path cut = dir.resolve("cut.tif");
		final byte[] bytes = Files.readAllBytes(whole);
		Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
		final Path badMeans = dir.resolve("nan-means.h5");
		final ClassMeans m = ClassMeansFile.read(means);
		final ClassMeans.Layer l0 = m.layers().get(0);
		final double[] mu = l0.means().clone();
		mu[7] = Double.NaN;
		final List<ClassMeans.Layer> layers = new ArrayList<>(m.layers());
		layers.set(0, new ClassMeans.Layer(l0.name(), l0.tensorName(), l0.shape(), mu, l0.counts(),
			l0.rms()));
		ClassMeansFile.write(new ClassMeans(layers, m.classNames(), m.contract(), m
			.signature(), m.signatureFingerprint(), m.weightsFingerprint()), badMeans);
		final Path fileAsOut = dir.resolve("a-file");
		Files.writeString(fileAsOut, "x");

		t.add(refused("missing image", 1, List.of("/no/such.png", "does not exist"), out, trace(
			"--image", "/no/such.png")));
		t.add(refused("folder as image", 1, List.of(data.toString(), "is a folder"), out, trace(
			"--image", data.toString())));
		t.add(refused("text file named png", 1, List.of(text.toString(), "not a valid"), out, trace(
			"--image", text.toString())));
		t.add(refused("non-finite pixel", 1, List.of(nan.toString(), "non-finite", "x=3, y=5"), out,
			trace("--image", nan.toString())));
		t.add(refused("TIFF cut short", 1, List.of(cut.toString(), "cut short"), out, trace(
			"--image", cut.toString())));
		t.add(refused("folder as class means", 1, List.of(data.toString(), "is a folder", ".h5"),
			out, trace("--means", data.toString())));
		t.add(refused("class means with a NaN", 1, List.of(badMeans.toString(), "non-finite",
			l0.name()), out, trace("--means", badMeans.toString())));
		t.add(refused("file as output folder", 1, List.of(fileAsOut.toString(), "is a file"), dir
			.resolve("out"), trace("--out", fileAsOut.toString())));
		t.add(refused("missing labelled data", 1, List.of("/no/data", "do not exist"), dir,
			"means", "--model", model.toString(), "--data", "/no/data", "--out", dir.resolve(
				"m2.h5").toString()));
		t.add(refused("IDX without labels", 1, List.of("needs its IDX label file"), dir, "means",
			"--model", model.toString(), "--data", TestModels.mnistImages().toString(), "--out", dir
				.resolve("m3.h5").toString()));
		return t;
	}

	@TestFactory
	public List<DynamicTest> badModels() throws Exception {
		final List<DynamicTest> t = new ArrayList<>();
		final Path noVariables = dir.resolve("no-variables");
		Files.createDirectories(noVariables);
		Files.copy(model.resolve("saved_model.pb"), noVariables.resolve("saved_model.pb"));
		final Path empty = dir.resolve("empty-pb");
		Files.createDirectories(empty.resolve("variables"));
		Files.write(empty.resolve("saved_model.pb"), new byte[0]);
		final Path twoInputs = TwoInputModel.build(dir.resolve("two-inputs"));
		t.add(refused("no variables folder", 1, List.of(noVariables.toString(), "variables/"), out,
			trace("--model", noVariables.toString())));
		t.add(refused("empty saved_model.pb", 1, List.of(empty.toString(), "empty saved_model.pb"),
			out, trace("--model", empty.toString())));
		t.add(refused("two inputs", 1, List.of(twoInputs.toString(), "has 2 inputs", "extra"), out,
			"trace", "--model", twoInputs.toString(), "--image", image.toString(), "--out", out
				.toString(), "--masks", "8"));
		t.add(refused("tap with a bad index", 1, List.of("omega/output:abc"), out, "inspect",
			"--model", model.toString(), "--taps", "omega/output:abc"));
		t.add(refused("tap index out of range", 1, List.of("omega/output:7", "1 output"), out,
			"inspect", "--model", model.toString(), "--taps", "omega/output:7"));
		t.add(refused("unknown layer", 1, List.of("'gamma'", "closest layer names"), out, "inspect",
			"--model", model.toString(), "--layers", "gamma"));
		return t;
	}

	/** A PNG whose header says 20000 x 20000 (nothing else: readers take the size from it). */
	private static Path hugePngHeader(final Path file) throws Exception {
		final java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
		b.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10 });
		final java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17);
		ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(20000).putInt(20000).put(
			(byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
		final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
		crc.update(ihdr.array());
		b.write(new byte[] { 0, 0, 0, 13 });
		b.write(ihdr.array());
		b.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
		Files.write(file, b.toByteArray());
		return file;
	}

	@TestFactory
	public List<DynamicTest> moreBadInput() throws Exception {
		final List<DynamicTest> t = new ArrayList<>();
		final Path huge = hugePngHeader(dir.resolve("huge.png"));
		t.add(refused("image too large for memory", 1, List.of(huge.toString(), "MB of Java memory"),
			out, trace("--image", huge.toString())));
		final Path nanModel = NanModel.build(dir.resolve("nan-model"));
		t.add(refused("model with NaN scores", 1, List.of(nanModel.toString(), "non-finite final " +
			"scores"), out, "inspect", "--model", nanModel.toString()));
		return t;
	}

	@Test
	public void optionalFilesLeftOutAreSimplyAbsent() {
		// every option but the optional output file: no bare "Error: " from a file chooser
		final LauncherRun r = new LauncherRun("inspect", "--model", model.toString(), "--signature",
			"serving_default", "--layers", "omega,alpha", "--taps", "beta/output:0", "--scores",
			"auto");
		assertEquals(0, r.code, r.toString());
		assertTrue(r.out.contains("1. omega") && r.out.contains("beta/output:0"), r.out);
		final LauncherRun acc = new LauncherRun("accuracy", "--model", model.toString(), "--means", means
			.toString(), "--data", data.toString(), "--out", dir.resolve("acc.csv").toString(),
			"--normalisation", "pooled", "--temperature", "2", "--batch", "16");
		assertEquals(0, acc.code, acc.toString());
		assertTrue(Files.isRegularFile(dir.resolve("acc.csv")));
	}

	@Test
	public void foldersThatAreNotLayerTracersAreNeverReplaced() throws Exception {
		// a user's model folder with files of their own: refused before any training
		final Path user = Files.createDirectories(dir.resolve("user-model"));
		Files.writeString(user.resolve("LICENSE"), "mine\n");
		Files.writeString(user.resolve("saved_model.pb"), "pretend\n");
		final Map<String, String> before = snapshot(user);
		final long start = System.nanoTime();
		final LauncherRun build = new LauncherRun("build-model", "--arch", "shapes", "--out", user.toString(),
			"--epochs", "1");
		assertEquals(1, build.code, build.toString());
		assertTrue(build.err.contains("not written by LayerTracer"), build.err);
		assertTrue((System.nanoTime() - start) / 1e9 < 10, "refused before training");
		assertEquals(before, snapshot(user));
		// a folder holding a boxes.csv is not the data set's to replace either
		final Path userData = Files.createDirectories(dir.resolve("user-data"));
		Files.writeString(userData.resolve("boxes.csv"), "file,class\n");
		Files.writeString(userData.resolve("notes.txt"), "mine\n");
		final Map<String, String> dataBefore = snapshot(userData);
		final LauncherRun make = new LauncherRun("make-data", "--kind", "shapes", "--out", userData.toString(),
			"--count", "4");
		assertEquals(1, make.code, make.toString());
		assertEquals(dataBefore, snapshot(userData));
		// a file named as the demo's folder: refused at once
		final Path file = dir.resolve("README.md");
		Files.writeString(file, "# mine\n");
		final LauncherRun demo = new LauncherRun("demo", "--out", file.toString());
		assertEquals(1, demo.code, demo.toString());
		assertTrue(demo.err.contains("is a file"), demo.err);
		assertEquals("# mine\n", Files.readString(file));
		// what LayerTracer wrote itself it may write again
		final Path ours = dir.resolve("ours");
		assertEquals(0, new LauncherRun("make-data", "--kind", "shapes", "--out", ours.toString(), "--count",
			"4").code);
		assertEquals(0, new LauncherRun("make-data", "--kind", "shapes", "--out", ours.toString(), "--count",
			"8").code);
		try (Stream<Path> s = Files.walk(ours)) {
			assertEquals(8, s.filter(p -> p.toString().endsWith(".png")).count());
		}
	}

	@Test
	public void traceFolderKeysResultsByRelativePathAndNeverMixesSettings() throws Exception {
		final Path images = dir.resolve("tf-images");
		png(images.resolve("a/img.png"), 1);
		png(images.resolve("b/img.png"), 2);
		png(images.resolve("c,d/img.png"), 3); // a comma in the path
		Files.writeString(images.resolve("b/broken.png"), "not an image\n");
		// a stale temporary file of a killed run in the output folder
		final Path results = dir.resolve("tf-results");
		Files.createDirectories(results.resolve("a"));
		final Path stale = results.resolve("a/.img_saliency.tif.123.tmp");
		Files.write(stale, new byte[1000]);
		Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 3600_000));
		final String[] args = { "trace-folder", "--images", images.toString(), "--model", model
			.toString(), "--means", means.toString(), "--out", results.toString(), "--masks", "16",
			"--batch", "8", "--seed", "3" };
		final LauncherRun first = new LauncherRun(args);
		assertEquals(3, first.code, "a bad image: the rest done, exit 3\n" + first);
		assertTrue(first.out.contains("Traced 3 images") && first.out.contains("1 could not be"),
			first.toString());
		assertFalse(first.err.contains("\tat "), first.err);
		for (final String r : List.of("a/img_saliency.tif", "b/img_saliency.tif",
			"c,d/img_saliency.tif"))
			assertTrue(Files.isRegularFile(results.resolve(r)), r);
		assertFalse(Files.exists(stale), "stale temporary removed");
		// the summary, read as CSV: every image of the folder, the bad one with its reason
		final List<String> rows = Files.readAllLines(results.resolve("summary.csv"));
		assertEquals("image,result,status,target,target_name,message", rows.get(0));
		assertEquals(5, rows.size(), String.join("\n", rows));
		assertTrue(rows.stream().anyMatch(r -> r.startsWith("b/broken.png,,failed,,,") && r
			.contains("not a valid")), String.join("\n", rows));
		assertTrue(rows.contains("\"c,d/img.png\",\"c,d/img_saliency.tif\",done," + rows.stream()
			.filter(r -> r.startsWith("\"c,d")).findFirst().get().split(",done,")[1]), String.join("\n",
				rows));
		// a second run: nothing traced again, outputs not taken for inputs
		final Map<String, String> before = snapshot(results);
		final LauncherRun again = new LauncherRun(args);
		assertEquals(3, again.code, again.toString());
		assertTrue(again.out.contains("Traced 0 images, skipped 3"), again.out);
		try (Stream<Path> s = Files.walk(results)) {
			assertEquals(3, s.filter(p -> p.toString().endsWith("_saliency.tif")).count());
		}
		// other settings into the same folder: refused, nothing changed ...
		final String[] otherSeed = args.clone();
		otherSeed[otherSeed.length - 1] = "4";
		final Map<String, String> kept = snapshot(results);
		final LauncherRun mixed = new LauncherRun(otherSeed);
		assertEquals(1, mixed.code, mixed.toString());
		assertTrue(mixed.err.contains("other settings") && mixed.err.contains("overwrite"), mixed
			.err);
		assertEquals(kept, snapshot(results));
		// ... unless asked to recompute them
		final List<String> redo = new ArrayList<>(List.of(otherSeed));
		redo.addAll(List.of("--overwrite", "true"));
		final LauncherRun recomputed = new LauncherRun(redo.toArray(new String[0]));
		assertEquals(3, recomputed.code, recomputed.toString());
		assertTrue(recomputed.out.contains("Traced 3 images"), recomputed.out);
		assertTrue(io.github.layertracer.engine.trace.TraceWriter.readJson(results.resolve(
			"a/img_saliency.json")).get("settings").getAsString().contains("seed=4"));
		assertFalse(before.isEmpty());
	}

	@Test
	public void theSameRefusalsThroughCommandService() throws Exception {
		// as a macro or a script calls the command: a number outside its limits is refused with
		// the input's name, the image is checked, nothing is written
		final Context context = new Context();
		try {
			final CommandService commands = context.service(CommandService.class);
			final Map<String, String> before = snapshot(out);
			final CommandModule threads = commands.run(TraceImageFileCommand.class, true, Map.of("model_dir",
				model.toString(), "class_means", means.toString(), "image_file", image.toString(),
				"output_dir", out.toString(), "threads", -3, "masks", 16)).get();
			assertTrue(threads.isCanceled());
			assertTrue(threads.getCancelReason().contains("'threads'") && threads.getCancelReason()
				.contains("at least 0"), threads.getCancelReason());
			final CommandModule missing = commands.run(TraceImageFileCommand.class, true, Map.of("model_dir",
				model.toString(), "class_means", means.toString(), "image_file", "/no/such.png",
				"output_dir", out.toString(), "masks", 16)).get();
			assertTrue(missing.isCanceled());
			assertTrue(missing.getCancelReason().contains("/no/such.png") && missing
				.getCancelReason().contains("does not exist"), missing.getCancelReason());
			final CommandModule choice = commands.run(TraceImageFileCommand.class, true, Map.of("model_dir",
				model.toString(), "image_file", image.toString(), "output_dir", out.toString(),
				"attribution", "both", "masks", 16)).get();
			assertTrue(choice.isCanceled());
			assertTrue(choice.getCancelReason().contains("'attribution'") && choice.getCancelReason()
				.contains("keep, drop"), choice.getCancelReason());
			assertEquals(before, snapshot(out));
		}
		finally {
			context.dispose();
		}
	}
}
