/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.LauncherRun;
import io.github.layertracer.TestModels;
import io.github.layertracer.engine.builtin.CnnBuilder;
import io.github.layertracer.engine.builtin.CnnSpec;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing a user has is lost or hidden: outputs that are inputs are refused, files LayerTracer
 * did not write are never replaced or removed, every image gets its own result, results of
 * another model or other settings are never reused, and the files written are the user's to
 * read (umask) and safe to open (CSV cells). Each case is checked on the files afterwards.
 */
public class NothingLostTest {

	private static Path dir, model, means, data;

	@BeforeAll
	public static void prepare() {
		dir = TestModels.newFolder("nothing-lost");
		model = dir.resolve("model");
		CnnBuilder.export(CnnBuilder.untrained(new CnnSpec("tiny", 64, 64, 1, 4, List.of(
			new CnnSpec.Block("b1", true, 4), new CnnSpec.Block("b2", true, 4)),
			CnnSpec.Head.POOL_DENSE, false), 3), model, CnnBuilder.ExportStyle.GRAPH, null);
		data = dir.resolve("data");
		ok("make-data", "--kind", "shapes", "--out", data.toString(), "--count", "16", "--seed",
			"2");
		means = dir.resolve("means.h5");
		ok("means", "--model", model.toString(), "--data", data.toString(), "--out", means
			.toString());
	}

	private static LauncherRun ok(final String... args) {
		final LauncherRun r = new LauncherRun(args);
		assertEquals(0, r.code, r.toString());
		return r;
	}

	/** A run that must be refused: exit 1 and a message with every part. */
	private static LauncherRun refused(final String[] args, final String... parts) {
		final LauncherRun r = new LauncherRun(args);
		assertEquals(1, r.code, r.toString());
		for (final String p : parts)
			assertTrue(r.err.contains(p), "'" + p + "' in " + r);
		return r;
	}

	private static String[] args(final String... a) {
		return a;
	}

	private static void png(final Path file, final long seed) throws Exception {
		final byte[] px = new byte[64 * 64];
		new Random(seed).nextBytes(px);
		Files.createDirectories(file.getParent());
		assertTrue(new FileSaver(new ImagePlus("x", new ByteProcessor(64, 64, px))).saveAsPng(file
			.toString()));
	}

	@Test
	public void anOutputThatIsAnInputIsRefusedAndTheInputKept() throws Exception {
		final Path pb = model.resolve("saved_model.pb");
		final byte[] model0 = Files.readAllBytes(pb), means0 = Files.readAllBytes(means);
		refused(args("inspect", "--model", model.toString(), "--output-file", pb.toString()),
			"the input 'model_dir'", "never writes");
		assertArrayEquals(model0, Files.readAllBytes(pb));
		refused(args("inspect", "--model", model.toString(), "--output-file", pb.toString()
			.replace("saved_model.pb", "notes.txt")), "lies inside the input 'model_dir'");
		refused(args("accuracy", "--model", model.toString(), "--means", means.toString(),
			"--data", data.toString(), "--out", means.toString()), "is the input 'class_means'");
		assertArrayEquals(means0, Files.readAllBytes(means));
		final Path image = Files.list(data.resolve("circle")).sorted().findFirst().get();
		final byte[] image0 = Files.readAllBytes(image);
		refused(args("animate", "--image", image.toString(), "--saliency", image.toString(),
			"--out", image.toString()), "is the input 'image_file'");
		assertArrayEquals(image0, Files.readAllBytes(image));
		final Path boxes = data.resolve("boxes.csv");
		final byte[] boxes0 = Files.readAllBytes(boxes);
		refused(args("evaluate", "--model", model.toString(), "--data", data.toString(), "--out",
			boxes.toString()), "lies inside the input 'data_dir'");
		assertArrayEquals(boxes0, Files.readAllBytes(boxes));
		refused(args("trace", "--model", model.toString(), "--image", image.toString(), "--out",
			model.resolve("traces").toString()), "lies inside the input 'model_dir'");
		assertFalse(Files.exists(model.resolve("traces")));
	}

	@Test
	public void aFileLayerTracerDidNotWriteIsNeverReplaced() throws Exception {
		final Path mine = dir.resolve("mine");
		final Path photo = mine.resolve("existing.png");
		png(photo, 1);
		final byte[] photo0 = Files.readAllBytes(photo);
		refused(args("means", "--model", model.toString(), "--data", data.toString(), "--out",
			photo.toString()), "exists and was not written by LayerTracer");
		assertArrayEquals(photo0, Files.readAllBytes(photo));
		// LayerTracer's own output is replaced on a second run, and only it
		final Path h5 = mine.resolve("means.h5");
		ok("means", "--model", model.toString(), "--data", data.toString(), "--out", h5.toString());
		ok("means", "--model", model.toString(), "--data", data.toString(), "--out", h5.toString());
		assertArrayEquals(photo0, Files.readAllBytes(photo));
		// a summary.csv of the user's in the output folder stays the user's
		final Path out = dir.resolve("folder-out");
		Files.createDirectories(out);
		Files.writeString(out.resolve("summary.csv"), "my,own,table\n");
		refused(args("trace-folder", "--images", data.resolve("circle").toString(), "--model",
			model.toString(), "--out", out.toString(), "--masks", "16"), "summary.csv",
			"was not written by LayerTracer");
		assertEquals("my,own,table\n", Files.readString(out.resolve("summary.csv")));
	}

	@Test
	public void rewritingAFolderLayerTracerWroteKeepsTheUsersFiles() throws Exception {
		final Path set = dir.resolve("set");
		ok("make-data", "--kind", "shapes", "--out", set.toString(), "--count", "8");
		png(set.resolve("photo.png"), 3);
		Files.writeString(set.resolve("circle").resolve("analysis.csv"), "mine\n");
		final byte[] photo = Files.readAllBytes(set.resolve("photo.png"));
		ok("make-data", "--kind", "shapes", "--out", set.toString(), "--count", "4", "--seed", "9");
		assertArrayEquals(photo, Files.readAllBytes(set.resolve("photo.png")));
		assertEquals("mine\n", Files.readString(set.resolve("circle").resolve("analysis.csv")));
		// the old images not written again are gone: LayerTracer's own, replaced as a whole
		try (java.util.stream.Stream<Path> s = Files.list(set.resolve("circle"))) {
			assertEquals(List.of("analysis.csv", "circle_00000.png"), s.map(p -> p.getFileName()
				.toString()).filter(n -> !n.startsWith(".")).sorted().collect(java.util.stream.Collectors
					.toList()));
		}
		// a user's file where the new set writes one of its own: refused, nothing changed
		png(set.resolve("circle").resolve("circle_00004.png"), 4);
		final byte[] users = Files.readAllBytes(set.resolve("circle").resolve("circle_00004.png"));
		refused(args("make-data", "--kind", "shapes", "--out", set.toString(), "--count", "8"),
			"circle/circle_00004.png", "which LayerTracer did not write");
		assertArrayEquals(users, Files.readAllBytes(set.resolve("circle").resolve(
			"circle_00004.png")));
		assertTrue(Files.isRegularFile(set.resolve("circle").resolve("circle_00000.png")),
			"the earlier set is still whole");
		final Path built = dir.resolve("built");
		ok("build-model", "--arch", "vgg6-cifar", "--out", built.toString());
		Files.writeString(built.resolve("LICENSE"), "my licence\n");
		final byte[] pb = Files.readAllBytes(built.resolve("saved_model.pb"));
		ok("build-model", "--arch", "vgg6-cifar", "--out", built.toString(), "--seed", "2");
		assertEquals("my licence\n", Files.readString(built.resolve("LICENSE")));
		assertFalse(Arrays.equals(pb, Files.readAllBytes(built.resolve("saved_model.pb"))),
			"the model itself was rebuilt");
	}

	@Test
	public void everyImageGetsItsOwnResult() throws Exception {
		final Path images = dir.resolve("twins");
		png(images.resolve("a.png"), 5);
		final ImagePlus tif = new ImagePlus("a", new ByteProcessor(64, 64));
		tif.getProcessor().setColor(200);
		tif.getProcessor().fillOval(10, 10, 30, 30);
		IJ.saveAsTiff(tif, images.resolve("a.tif").toString());
		png(images.resolve("b.png"), 6);
		final Path out = dir.resolve("twins-out");
		ok("trace-folder", "--images", images.toString(), "--model", model.toString(), "--out", out
			.toString(), "--masks", "16");
		assertTrue(Files.isRegularFile(out.resolve("a.png_saliency.tif")));
		assertTrue(Files.isRegularFile(out.resolve("a.tif_saliency.tif")));
		assertTrue(Files.isRegularFile(out.resolve("b_saliency.tif")), "a unique name as ever");
		final List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
		assertEquals(List.of("image,result,status,target,target_name,message"), summary.subList(0,
			1));
		assertTrue(summary.get(1).startsWith("a.png,a.png_saliency.tif,done"), summary.toString());
		assertTrue(summary.get(2).startsWith("a.tif,a.tif_saliency.tif,done"), summary.toString());
		assertNotEquals(Files.readString(out.resolve("a.png_saliency.json")), Files.readString(out
			.resolve("a.tif_saliency.json")));
	}

	/** A model without variables: the logits a fixed linear map of the mean image. */
	private static Path constantModel(final String name, final float weight) throws Exception {
		final Path out = dir.resolve(name);
		final CnnSpec spec = new CnnSpec(name, 64, 64, 1, 4, List.of(new CnnSpec.Block("b1", false,
			4)), CnnSpec.Head.POOL_DENSE, false);
		final CnnBuilder.Trained t = CnnBuilder.untrained(spec, 7);
		final List<float[]> w = new ArrayList<>(t.weights);
		for (final float[] a : w)
			for (int i = 0; i < a.length; i++)
				a[i] *= weight;
		io.github.layertracer.engine.builtin.ConstantModels.export(spec, w, out);
		return out;
	}

	@Test
	public void anotherModelsResultsAreNeverReused() throws Exception {
		final Path a = constantModel("const-a", 1), b = constantModel("const-b", -1);
		assertFalse(Files.exists(a.resolve("variables").resolve("variables.index")),
			"graphs without variables");
		final Path out = dir.resolve("const-out");
		ok("trace-folder", "--images", data.resolve("cross").toString(), "--model", a.toString(),
			"--out", out.toString(), "--masks", "16");
		refused(args("trace-folder", "--images", data.resolve("cross").toString(), "--model", b
			.toString(), "--out", out.toString(), "--masks", "16"), "were made with other settings, " +
				"another model");
	}

	@Test
	public void everySettingThatChangesAMapRefusesTheResultsOfAnother() throws Exception {
		final Path out = dir.resolve("keys");
		final List<String> base = List.of("trace-folder", "--images", data.resolve("square")
			.toString(), "--model", model.toString(), "--means", means.toString(), "--out", out
				.toString(), "--masks", "16");
		ok(base.toArray(new String[0]));
		for (final String[] o : new String[][] { { "--attribution", "drop" }, { "--target", "0" }, {
			"--normalisation", "pooled" }, { "--temperature", "2" }, { "--sampling", "random" }, {
				"--seed", "3" }, { "--grid", "4" }, { "--keep", "0.3" }, { "--mask-type", "square" }, {
					"--masks", "24" } })
		{
			final List<String> a = new ArrayList<>(base);
			a.addAll(List.of(o));
			refused(a.toArray(new String[0]), "were made with other settings");
		}
		// the input contract: without class means, where it is not in the means file's hash
		final Path plain = dir.resolve("keys-plain");
		final List<String> noMeans = List.of("trace-folder", "--images", data.resolve("square")
			.toString(), "--model", model.toString(), "--out", plain.toString(), "--masks", "16");
		ok(noMeans.toArray(new String[0]));
		final List<String> other = new ArrayList<>(noMeans);
		other.addAll(List.of("--input-range", "0..255"));
		refused(other.toArray(new String[0]), "were made with other settings");
		// and the same settings resume
		final LauncherRun again = ok(base.toArray(new String[0]));
		assertTrue(again.out.contains("skipped 4 with results"), again.out);
	}

	@Test
	public void traceFolderTracesWhatItIsGivenOrSaysWhy() throws Exception {
		final Path link = dir.resolve("link-to-circles");
		Files.createSymbolicLink(link, data.resolve("circle"));
		final Path out = dir.resolve("linked-out");
		final LauncherRun r = ok("trace-folder", "--images", link.toString(), "--model", model
			.toString(), "--out", out.toString(), "--masks", "16");
		assertTrue(r.out.contains("Traced 4 images"), r.out);
		refused(args("trace-folder", "--images", data.toString(), "--model", model.toString(),
			"--out", data.toString(), "--masks", "16"), "is the input 'input_path'");
		final Path outer = dir.resolve("outer");
		final Path inner = outer.resolve("inner");
		Files.createDirectories(inner);
		png(inner.resolve("x.png"), 9);
		refused(args("trace-folder", "--images", inner.toString(), "--model", model.toString(),
			"--out", outer.toString(), "--masks", "16"), "holds the input 'input_path'");
		final Path empty = dir.resolve("no-images");
		Files.createDirectories(empty);
		Files.writeString(empty.resolve("notes.txt"), "no images here");
		refused(args("trace-folder", "--images", empty.toString(), "--model", model.toString(),
			"--out", dir.resolve("empty-out").toString(), "--masks", "16"), "No images found in " +
				empty);
		// a link inside the output folder is never written through
		final Path nested = dir.resolve("nested");
		png(nested.resolve("sub").resolve("y.png"), 10);
		final Path outside = dir.resolve("outside");
		Files.createDirectories(outside);
		final Path out2 = dir.resolve("out-with-link");
		Files.createDirectories(out2);
		Files.createSymbolicLink(out2.resolve("sub"), outside);
		final LauncherRun w = new LauncherRun("trace-folder", "--images", nested.toString(),
			"--model", model.toString(), "--out", out2.toString(), "--masks", "16");
		assertEquals(3, w.code, w.toString());
		assertTrue(w.out.contains("is a symbolic link"), w.toString());
		try (java.util.stream.Stream<Path> s = Files.list(outside)) {
			assertEquals(0, s.count(), "nothing written outside the output folder");
		}
	}

	/** The pixels of every page of a TIFF. */
	private static List<float[]> pages(final Path tif) {
		final ImagePlus imp = IJ.openImage(tif.toString());
		final List<float[]> out = new ArrayList<>();
		for (int i = 1; i <= imp.getStackSize(); i++)
			out.add((float[]) imp.getStack().getPixels(i));
		return out;
	}

	@Test
	public void theThreadCountNeverChangesAMap() throws Exception {
		final Path image = Files.list(data.resolve("triangle")).sorted().findFirst().get();
		final List<List<float[]>> maps = new ArrayList<>();
		for (final String threads : List.of("1", "2", "0")) {
			final Path out = dir.resolve("threads-" + threads);
			ok("trace", "--model", model.toString(), "--means", means.toString(), "--image", image
				.toString(), "--out", out.toString(), "--masks", "256", "--threads", threads);
			maps.add(pages(out.resolve(image.getFileName().toString().replace(".png", "") +
				"_saliency.tif")));
		}
		for (int t = 1; t < maps.size(); t++)
			for (int l = 0; l < maps.get(0).size(); l++)
				assertArrayEquals(maps.get(0).get(l), maps.get(t).get(l), "layer " + l + ", bit for bit");
	}

	@Test
	public void filesFollowTheUmaskAndOpenSafely() throws Exception {
		final Path images = dir.resolve("odd names");
		png(images.resolve("=cmd|' calc'!A0.png"), 11);
		final Path out = dir.resolve("odd-out");
		ok("trace-folder", "--images", images.toString(), "--model", model.toString(), "--out", out
			.toString(), "--masks", "16");
		final String summary = Files.readString(out.resolve("summary.csv"));
		assertTrue(summary.split("\n")[1].startsWith("'=cmd|' calc'!A0.png,"), summary);
		// permissions as the user's umask gives a new file in that folder, not forced
		final Path probe = Files.createFile(out.resolve("probe"));
		final String expected = PosixFilePermissions.toString(Files.getPosixFilePermissions(probe));
		for (final String f : List.of("summary.csv", "=cmd|' calc'!A0_saliency.tif",
			"=cmd|' calc'!A0_saliency.json"))
			assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(out
				.resolve(f))), f);
		// two identical runs write identical sidecars, byte for byte
		final Path image = images.resolve("=cmd|' calc'!A0.png");
		final Path t1 = dir.resolve("same-1"), t2 = dir.resolve("same-2");
		ok("trace", "--model", model.toString(), "--image", image.toString(), "--out", t1
			.toString(), "--masks", "16");
		ok("trace", "--model", model.toString(), "--image", image.toString(), "--out", t2
			.toString(), "--masks", "16");
		assertArrayEquals(Files.readAllBytes(t1.resolve("=cmd|' calc'!A0_saliency.json")), Files
			.readAllBytes(t2.resolve("=cmd|' calc'!A0_saliency.json")));
	}
}
