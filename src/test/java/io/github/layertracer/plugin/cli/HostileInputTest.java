/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.cli;

import static io.github.layertracer.HostileFiles.fifo;
import static io.github.layertracer.HostileFiles.snapshot;
import static io.github.layertracer.HostileFiles.unreadable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.LauncherRun;
import io.github.layertracer.Refusals;
import io.github.layertracer.TestModels;
import io.github.layertracer.engine.builtin.CnnBuilder;
import io.github.layertracer.engine.builtin.CnnBuilder.ExportStyle;
import io.github.layertracer.engine.builtin.CnnSpec;
import io.github.layertracer.engine.data.FolderSource;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.engine.model.ModelOptions;
import io.github.layertracer.plugin.command.TraceImageFileCommand;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Issue 21, "every odd input gets a clear answer": what a hostile user hands the launcher
 * (values that scale work or memory past any sense, special files, files LayerTracer cannot
 * read, images it cannot decode) ends with the exit code of a refusal, one line that names the
 * file or value, the limit and what to do, no stack trace and no library's own text, and no
 * file written, changed or removed where the command writes.
 */
public class HostileInputTest {

	private static Path dir, model, means, image, data, out;

	private static void png(final Path file, final long seed) throws Exception {
		final byte[] px = new byte[16 * 16];
		new Random(seed).nextBytes(px);
		Files.createDirectories(file.getParent());
		assertTrue(new FileSaver(new ImagePlus("x", new ByteProcessor(16, 16, px))).saveAsPng(file
			.toString()));
	}

	@BeforeAll
	public static void prepare() throws Exception {
		dir = TestModels.newFolder("hostile");
		model = TestModels.reversedNames(ExportStyle.GRAPH); // 16 x 16 x 1, 3 classes, untrained
		data = dir.resolve("data");
		for (int k = 0; k < 3; k++)
			for (int i = 0; i < 2; i++)
				png(data.resolve("class" + k).resolve("img" + i + ".png"), 10 * k + i);
		means = dir.resolve("means.h5");
		final LauncherRun m = new LauncherRun("means", "--model", model.toString(), "--data", data
			.toString(), "--out", means.toString());
		assertEquals(0, m.code, m.toString());
		image = dir.resolve("image.png");
		png(image, 99);
		out = Files.createDirectories(dir.resolve("out"));
		Files.writeString(out.resolve("earlier-result.txt"), "kept\n");
	}

	/**
	 * Runs a command line that must be refused: the exit code, every part of the message, one
	 * line, no stack trace or exception name, and {@code watched} exactly as before.
	 */
	private static LauncherRun refused(final int code, final Path watched, final List<String> says,
		final String... args) throws Exception
	{
		final Map<String, String> before = snapshot(watched);
		final LauncherRun r = assertTimeoutPreemptively(Duration.ofSeconds(120), () ->
			new LauncherRun(args), "refused at once, not hanging");
		assertEquals(code, r.code, r.toString());
		for (final String s : says)
			assertTrue(r.err.contains(s), "message names '" + s + "'\n" + r);
		assertFalse(r.err.contains("\tat ") || r.err.contains("Exception") || r.err.contains(
			"internal error"), "no stack trace, no library's text\n" + r);
		assertEquals(1, r.err.lines().filter(l -> l.startsWith("Error: ") || l.startsWith(
			"Option --")).count(), "one line per problem\n" + r);
		assertEquals(before, snapshot(watched), "nothing written, changed or removed in " + watched);
		return r;
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

	// 1. limits on what scales work or memory

	@Test
	public void threadsAboveTheLimitAreRefusedByLauncherCommandAndEngine() throws Exception {
		refused(2, out, List.of("Option --threads", "'100000'", "above the maximum 256"), trace(
			"--threads", "100000"));
		refused(2, dir, List.of("Option --threads", "above the maximum 256"), "accuracy", "--model",
			model.toString(), "--means", means.toString(), "--data", data.toString(), "--out", dir
				.resolve("acc.csv").toString(), "--threads", "257");
		assertNull(Launcher.check(trace("--threads", "256")), "the limit itself is allowed");
		// as a macro calls it
		final Context context = new Context();
		try {
			final Map<String, String> before = snapshot(out);
			final CommandModule m = context.service(CommandService.class).run(
				TraceImageFileCommand.class, true, Map.of("model_dir", model.toString(), "class_means",
					means.toString(), "image_file", image.toString(), "output_dir", out.toString(),
					"threads", 100000, "masks", "16")).get();
			assertTrue(m.isCanceled());
			assertTrue(m.getCancelReason().contains("'threads'") && m.getCancelReason().contains(
				"at most 256"), m.getCancelReason());
			assertEquals(before, snapshot(out));
		}
		finally {
			context.dispose();
		}
		// a direct caller of the engine, before TensorFlow starts a thread
		Refusals.assertMessage(() -> ModelOptions.defaults().withThreads(100000), "Threads",
			"0 (TensorFlow decides) to 256", "100000");
		Refusals.assertMessage(() -> ModelOptions.defaults().withThreads(-1), "got -1");
	}

	@Test
	public void gridsThatDoNotFitAreRefusedBeforeAnyMask() throws Exception {
		refused(2, out, List.of("Option --grid", "'100000'", "above the maximum 128"), trace(
			"--grid", "100000"));
		// the default sampling is scrambled Sobol: 2 + s^2 coordinates, at most 1000 (on a
		// 64 x 64 input, where a grid of 40 fits)
		final Path wide = dir.resolve("wide-model");
		CnnBuilder.export(CnnBuilder.untrained(new CnnSpec("wide", 64, 64, 1, 3, List.of(
			new CnnSpec.Block("c1", true, 2)), CnnSpec.Head.POOL_DENSE, false), 1), wide,
			ExportStyle.GRAPH, null);
		refused(1, out, List.of("Mask grid 40", "scrambled sampling", "at most 31",
			"sampling=random"), "trace", "--model", wide.toString(), "--image", image.toString(),
			"--out", out.toString(), "--masks", "16", "--grid", "40");
		// finer than the 16 x 16 input
		refused(1, out, List.of("Mask grid 20", "16 x 16", "at most 16"), trace("--grid", "20",
			"--sampling", "random"));
		// the largest grids that fit still trace
		final Path fine = dir.resolve("fine");
		final LauncherRun ok = new LauncherRun(trace("--grid", "16", "--sampling", "random",
			"--out", fine.toString()));
		assertEquals(0, ok.code, ok.toString());
		assertTrue(Files.isRegularFile(fine.resolve("image_saliency.tif")));
	}

	@Test
	public void animationsTooLongOrTooLargeAreRefused() throws Exception {
		final Path gif = out.resolve("a.gif");
		refused(2, out, List.of("Option --frames-between", "'1000000'", "above the maximum 60"),
			"animate", "--image", image.toString(), "--saliency", image.toString(), "--out", gif
				.toString(), "--frames-between", "1000000");
		refused(2, out, List.of("Option --scale", "above the maximum 16"), "animate", "--image",
			image.toString(), "--saliency", image.toString(), "--out", gif.toString(), "--scale",
			"17");
		assertFalse(Files.exists(gif));
		// a direct caller: refused before a frame is made
		final float[][] maps = { new float[256], new float[256] };
		final io.github.layertracer.engine.image.InputConverter.Planes planes =
			new io.github.layertracer.engine.image.InputConverter.Planes("x", new float[][] {
				new float[256] }, 16, 16);
		Refusals.assertMessage(() -> io.github.layertracer.engine.trace.LayerAnimation.frames(
			planes, List.of("a", "b"), maps, 16, 16, 1000000, 0.5, 1), "Frames between layers",
			"from 0 to 60", "1000000");
		Refusals.assertMessage(() -> io.github.layertracer.engine.trace.LayerAnimation.frames(
			planes, List.of("a", "b"), maps, 16, 16, 4, 0.5, 100), "Scale", "from 1 to 16");
	}

	@Test
	public void aModelWithAHugeInputIsRefusedWithTheMemoryItWouldNeed() throws Exception {
		// 30000 x 30000 grey: 9e8 values per image; the network itself is tiny
		final CnnSpec spec = new CnnSpec("huge", 30000, 30000, 1, 2, List.of(new CnnSpec.Block("c1",
			false, 2)), CnnSpec.Head.POOL_DENSE, false);
		final Path huge = dir.resolve("huge-input");
		CnnBuilder.export(CnnBuilder.untrained(spec, 1), huge, ExportStyle.GRAPH, null);
		final LauncherRun r = refused(1, huge, List.of(huge.toString(), "(-1, 30000, 30000, 1)",
			"900000000 values per image", "at most 16777216", "3433 MB", "smaller input"), "inspect",
			"--model", huge.toString());
		assertFalse(r.err.contains("NegativeArraySize"), r.err);
		Refusals.assertMessage(() -> LayerModel.open(huge).close(), "900000000 values");
	}

	@Test
	public void idxHeadersThatDeclareTooMuchAreRefusedBeforeAllocating() throws Exception {
		final Path images = dir.resolve("huge-images.idx");
		Files.write(images, ByteBuffer.allocate(16 + 64).putInt(0x803).putInt(65535).putInt(65535)
			.putInt(65535).array());
		final Path labels = dir.resolve("labels.idx");
		Files.write(labels, ByteBuffer.allocate(8 + 65535).putInt(0x801).putInt(65535).array());
		final Path m2 = dir.resolve("m2.h5");
		refused(1, dir, List.of(images.toString(), "65535 x 65535 = 4294836225 bytes",
			"at most 16777216"), "means", "--model", model.toString(), "--data", images.toString(),
			"--labels", labels.toString(), "--out", m2.toString());
		// a header that declares more images than the file holds
		final Path many = dir.resolve("many-images.idx");
		Files.write(many, ByteBuffer.allocate(16 + 256).putInt(0x803).putInt(65535).putInt(16)
			.putInt(16).array());
		refused(1, dir, List.of(many.toString(), "65535 records", "truncated"), "means", "--model",
			model.toString(), "--data", many.toString(), "--labels", labels.toString(), "--out", m2
				.toString());
		// and a label file that does the same: its labels are read whole
		final Path manyLabels = dir.resolve("many-labels.idx");
		Files.write(manyLabels, ByteBuffer.allocate(8 + 10).putInt(0x801).putInt(Integer.MAX_VALUE)
			.array());
		refused(1, dir, List.of(manyLabels.toString(), "2147483647 records"), "means", "--model",
			model.toString(), "--data", many.toString(), "--labels", manyLabels.toString(), "--out",
			m2.toString());
	}

	@Test
	public void batchesLargerThanMemoryAreRefusedBeforeAllocating() throws Exception {
		// 10^8 images of 16 x 16: 25.6e9 values, more than a Java array holds
		refused(1, dir, List.of("A batch of 100000000 images of 16 x 16 x 1 values",
			"more than one Java array holds", "smaller batch size"), "means", "--model", model
				.toString(), "--data", data.toString(), "--out", dir.resolve("m5.h5").toString(),
			"--batch", "100000000");
		refused(1, dir, List.of("A batch of 100000000 images"), "accuracy", "--model", model
			.toString(), "--means", means.toString(), "--data", data.toString(), "--out", dir
				.resolve("acc2.csv").toString(), "--batch", "100000000");
	}

	@Test
	public void soakWarmupBeyondTheTracesIsRefused() throws Exception {
		final LauncherRun r = refused(1, dir, List.of("Warm-up traces (60)", "fewer than traces " +
			"(50)", "at most 49"), "soak", "--warmup", "60", "--traces", "50");
		assertFalse(r.err.contains("Module threw"), r.err);
	}

	// 2. special files, refused by kind

	@Test
	public void namedPipesAndDevicesAreRefusedByKindWithoutWaiting() throws Exception {
		final Path pipe = fifo(dir.resolve("pipe.png"));
		final Path pipeH5 = fifo(dir.resolve("pipe.h5"));
		refused(1, out, List.of(pipe.toString(), "is a named pipe, not a regular file",
			"image file"), trace("--image", pipe.toString()));
		refused(1, out, List.of(pipeH5.toString(), "is a named pipe, not a regular file", ".h5"),
			trace("--means", pipeH5.toString()));
		refused(1, out, List.of("/dev/zero", "is a device, not a regular file"), trace("--means",
			"/dev/zero"));
		refused(1, out, List.of("/dev/zero", "is a device, not a regular file"), trace("--image",
			"/dev/zero"));
		refused(1, out, List.of("/dev/zero", "is a device, not a regular file"), "trace-folder",
			"--images", data.toString(), "--model", model.toString(), "--means", "/dev/zero", "--out",
			out.toString(), "--masks", "16");
		// IDX images and labels, a list of images, an animation's saliency
		final Path m2 = dir.resolve("m-pipe.h5");
		refused(1, dir, List.of("/dev/zero", "is a device"), "means", "--model", model.toString(),
			"--data", "/dev/zero", "--labels", TestModels.mnistLabels().toString(), "--out", m2
				.toString());
		refused(1, dir, List.of(pipe.toString(), "is a named pipe"), "means", "--model", model
			.toString(), "--data", TestModels.mnistImages().toString(), "--labels", pipe.toString(),
			"--out", m2.toString());
		final Path list = fifo(dir.resolve("images.txt"));
		refused(1, out, List.of("Image list", list.toString(), "is a named pipe"), "trace-folder",
			"--images", list.toString(), "--model", model.toString(), "--out", out.toString(),
			"--masks", "16");
		refused(1, out, List.of(pipe.toString(), "is a named pipe"), "animate", "--image", image
			.toString(), "--saliency", pipe.toString(), "--out", out.resolve("a.gif").toString());
	}

	@Test
	public void missingFilesFoldersAndBrokenLinksAreToldApart() throws Exception {
		refused(1, out, List.of("/no/such.h5", "does not exist"), trace("--means", "/no/such.h5"));
		refused(1, out, List.of(data.toString(), "is a folder"), trace("--means", data
			.toString()));
		final Path link = dir.resolve("link.png");
		Files.createSymbolicLink(link, dir.resolve("gone.png"));
		refused(1, out, List.of(link.toString(), "is a link to", "gone.png", "which does not " +
			"exist"), trace("--image", link.toString()));
		refused(1, dir, List.of(data.toString(), "is a folder"), "means", "--model", model
			.toString(), "--data", TestModels.mnistImages().toString(), "--labels", data.toString(),
			"--out", dir.resolve("m3.h5").toString());
	}

	@Test
	public void filesWithoutReadPermissionSaySo() throws Exception {
		final Path locked = dir.resolve("locked.png");
		Files.copy(image, locked);
		unreadable(locked);
		final Path lockedMeans = dir.resolve("locked.h5");
		Files.copy(means, lockedMeans);
		unreadable(lockedMeans);
		refused(1, out, List.of(locked.toString(), "permission denied"), trace("--image", locked
			.toString()));
		refused(1, out, List.of(lockedMeans.toString(), "permission denied"), trace("--means",
			lockedMeans.toString()));
		final LauncherRun r = refused(1, out, List.of(locked.toString(), "permission denied"), trace(
			"--image", locked.toString()));
		assertFalse(r.err.contains("not a valid"), "not taken for a broken image\n" + r);
	}

	// 4. images ImageJ cannot decode

	/** A JPEG with four colour components (CMYK, as print workflows save them). */
	static Path cmykJpeg(final Path file) throws Exception {
		final java.awt.image.WritableRaster r = java.awt.image.Raster.createInterleavedRaster(
			java.awt.image.DataBuffer.TYPE_BYTE, 16, 16, 4, null);
		final Random random = new Random(4);
		for (int y = 0; y < 16; y++)
			for (int x = 0; x < 16; x++)
				for (int b = 0; b < 4; b++)
					r.setSample(x, y, b, random.nextInt(256));
		final ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
		Files.createDirectories(file.getParent());
		try (ImageOutputStream o = ImageIO.createImageOutputStream(new File(file.toString()))) {
			w.setOutput(o);
			w.write(null, new IIOImage(r, null, null), null);
		}
		finally {
			w.dispose();
		}
		return file;
	}

	@Test
	public void cmykJpegsAreRefusedForTheirColourSpace() throws Exception {
		final Path cmyk = cmykJpeg(dir.resolve("print.jpg"));
		refused(1, out, List.of(cmyk.toString(), "CMYK JPEG", "colour space is not supported",
			"save it as an RGB JPEG, PNG or TIFF"), trace("--image", cmyk.toString()));
		// in a labelled folder: the file is named, the means file is not written
		final Path withCmyk = dir.resolve("data-cmyk");
		png(withCmyk.resolve("a/one.png"), 1);
		cmykJpeg(withCmyk.resolve("b/two.jpg"));
		png(withCmyk.resolve("c/three.png"), 3);
		refused(1, dir, List.of(withCmyk.resolve("b/two.jpg").toString(), "CMYK"), "means",
			"--model", model.toString(), "--data", withCmyk.toString(), "--out", dir.resolve(
				"m4.h5").toString());
		// RGB and grey JPEGs are read as before
		final Path rgb = dir.resolve("rgb.jpg");
		assertTrue(new FileSaver(new ImagePlus("rgb", new ij.process.ColorProcessor(16, 16)))
			.saveAsJpeg(rgb.toString()));
		assertEquals(16, FolderSource.read(rgb).getWidth());
	}
}
