/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.builtin.CnnBuilder.ExportStyle;
import io.github.layertracer.plugin.cli.Launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** Runs the commands through CommandService with string inputs, as macros and --run do. */
public class CommandsTest {

	private Context context;
	private CommandService commands;

	@BeforeEach
	public void setUp() {
		context = new Context();
		commands = context.service(CommandService.class);
	}

	@AfterEach
	public void tearDown() {
		context.dispose();
	}

	private CommandModule run(final Class<? extends org.scijava.command.Command> c,
		final Map<String, Object> inputs) throws Exception
	{
		return commands.run(c, true, inputs).get();
	}

	@Test
	public void inspectReportsLayersInOrder() throws Exception {
		final CommandModule m = run(InspectModelCommand.class, Map.of("model_dir", TestModels
			.vgg6(ExportStyle.FUNCTION).toString(), "score_kind", "auto"));
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		final String report = (String) m.getOutput("report");
		final int[] at = new int[7];
		final String[] names = { "conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2",
			"logits" };
		for (int i = 0; i < names.length; i++) {
			at[i] = report.indexOf((i + 1) + ". " + names[i]);
			assertTrue(at[i] > 0 && (i == 0 || at[i] > at[i - 1]), names[i] + " in order in\n" +
				report);
		}
	}

	@Test
	public void inspectWithLayerListAndBadModelFolder() throws Exception {
		final Path file = TestModels.newFolder("inspect").resolve("model.txt");
		final CommandModule m = run(InspectModelCommand.class, Map.of("model_dir", TestModels
			.shapes().toString(), "layer_list", "block3,block1", "output_file", file.toString()));
		final String report = (String) m.getOutput("report");
		assertEquals(report, Files.readString(file));
		assertTrue(report.indexOf("1. block3") < report.indexOf("2. block1"), report);
		assertTrue(report.contains("ordered by user"), report);

		final Path wrong = TestModels.newFolder("wrong");
		final CommandModule bad = run(InspectModelCommand.class, Map.of("model_dir", wrong
			.toString()));
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().contains("is not a TensorFlow SavedModel"), bad
			.getCancelReason());
	}

	@Test
	public void makeDataWithStringInputs() throws Exception {
		final Path out = TestModels.newFolder("cmd").resolve("data");
		final CommandModule m = run(MakeDemoDataCommand.class, Map.of("output_dir", out.toString(),
			"image_count", "8", "seed", "3", "kind", "shapes"));
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		assertEquals(9, Files.readAllLines(out.resolve("boxes.csv")).size());
		assertTrue(((String) m.getOutput("report")).contains("Wrote 8 shapes images"));
	}

	@Test
	public void buildModelWithStringInputsInFunctionStyle() throws Exception {
		final Path out = TestModels.newFolder("cmd").resolve("vgg6");
		final CommandModule m = run(BuildDemoModelCommand.class, Map.of("arch", "vgg6-cifar",
			"output_dir", out.toString(), "export_style", "function", "seed", "2"));
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		assertTrue(Files.isRegularFile(out.resolve("saved_model.pb")));
		assertTrue(Files.readString(out.resolve("MODEL.md")).contains("export style: function"));

		final CommandModule bad = run(BuildDemoModelCommand.class, Map.of("arch", "vgg6-cifar",
			"output_dir", out.toString(), "epochs", "3"));
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().contains("takes no epochs"));
	}

	@Test
	public void launcherRunsSubcommandsAndReportsErrors() throws Exception {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err =
			new ByteArrayOutputStream();
		int code = Launcher.run(new String[] { "inspect", "--model", TestModels.shapes()
			.toString() }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err,
				true, StandardCharsets.UTF_8));
		assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
		final String text = out.toString(StandardCharsets.UTF_8);
		assertTrue(text.contains("4. block4") && text.contains("5. logits"), text);

		err.reset();
		code = Launcher.run(new String[] { "inspect", "--model", "/no/such/model" }, new PrintStream(
			out), new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(1, code);
		assertTrue(err.toString(StandardCharsets.UTF_8).contains(
			"Model folder /no/such/model does not exist"), err.toString(StandardCharsets.UTF_8));

		err.reset();
		code = Launcher.run(new String[] { "inspect", "--modle", "x" }, new PrintStream(out),
			new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(2, code);
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown option --modle"));

		err.reset();
		code = Launcher.run(new String[] { "make-data" }, new PrintStream(out), new PrintStream(err,
			true, StandardCharsets.UTF_8));
		assertEquals(2, code);
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("Missing option --out"), err
			.toString(StandardCharsets.UTF_8));
	}

	@Test
	public void demoBuildsDataAndDescribesTheModel() throws Exception {
		final Path out = TestModels.newFolder("demo");
		// reuse the trained test model rather than training again
		io.github.layertracer.api.AtomicFiles.writeFolder(out.resolve("model"), "model", tmp -> {
			Files.createDirectories(tmp.resolve("variables"));
			try (var s = Files.walk(TestModels.shapes())) {
				for (final Path p : (Iterable<Path>) s::iterator) {
					final Path rel = TestModels.shapes().relativize(p);
					if (Files.isRegularFile(p)) Files.copy(p, tmp.resolve(rel.toString()));
				}
			}
		});
		final CommandModule m = run(RunDemoCommand.class, Map.of("output_dir", out.toString(),
			"image_count", "8", "masks", "200"));
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		final String report = (String) m.getOutput("report");
		assertTrue(report.contains("reused the shapes model"), report);
		assertTrue(Files.readString(out.resolve("model-description.txt")).contains("4. block4"));
		assertEquals(9, Files.readAllLines(out.resolve("data/boxes.csv")).size());
		assertTrue(report.contains("computed class means"), report);
		assertEquals(6, Files.readAllLines(out.resolve("layer-accuracy.csv")).size());
		assertTrue(Files.isRegularFile(out.resolve("layer-accuracy.png")));
		assertEquals(List.of("block1", "block2", "block3", "block4"), io.github.layertracer.engine.means.ClassMeansFile
			.read(out.resolve("class-means.h5")).layerNames());
		for (final String name : List.of("circle_00000", "cross_00001", "square_00002",
			"triangle_00003"))
			assertTrue(Files.isRegularFile(out.resolve("traces/" + name + "_saliency.tif")), name);
		assertEquals(6, Files.readAllLines(out.resolve("evaluation.csv")).size());
		assertTrue(report.contains("pointing game"), report);
	}

	@Test
	public void meansAndAccuracyCommandsWriteTheirFiles() throws Exception {
		final Path dir = TestModels.newFolder("means-cmd");
		final Path data = dir.resolve("data");
		io.github.layertracer.engine.builtin.ShapesData.write(data, 12, 40);
		final Path means = dir.resolve("means.h5");
		final CommandModule m = run(ComputeClassMeansCommand.class, Map.of("model_dir", TestModels
			.shapes().toString(), "data_path", data.toString(), "output_file", means.toString(),
			"batch_size", "16"));
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		assertTrue(((String) m.getOutput("report")).contains("Class means of 4 layers x 4 classes " +
			"from 40 images"));
		assertEquals(List.of("block1", "block2", "block3", "block4"), io.github.layertracer.engine.means.ClassMeansFile
			.read(means).layerNames());

		final Path csv = dir.resolve("acc/accuracy.csv");
		final CommandModule a = run(LayerAccuracyCommand.class, Map.of("model_dir", TestModels
			.shapes().toString(), "class_means", means.toString(), "data_path", data.toString(),
			"output_file", csv.toString(), "normalisation", "pooled", "temperature", "2"));
		assertFalse(a.isCanceled(), String.valueOf(a.getCancelReason()));
		assertEquals(6, Files.readAllLines(csv).size());
		assertTrue(Files.isRegularFile(dir.resolve("acc/accuracy.png")));

		// class means of another model: refused, nothing written
		final Path other = dir.resolve("other.csv");
		final CommandModule bad = run(LayerAccuracyCommand.class, Map.of("model_dir", TestModels
			.vgg6(ExportStyle.GRAPH).toString(), "class_means", means.toString(), "data_path", data
				.toString(), "output_file", other.toString()));
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().contains("Class means " + means), bad.getCancelReason());
		assertFalse(Files.exists(other));

		// an output folder that cannot be made (its parent is a file): refused by name
		final Path aFile = data.resolveSibling("a-file");
		Files.writeString(aFile, "a file, not a folder\n");
		final Path impossible = aFile.resolve("m.h5");
		final CommandModule ro = run(ComputeClassMeansCommand.class, Map.of("model_dir", TestModels
			.shapes().toString(), "data_path", data.toString(), "output_file", impossible
				.toString()));
		assertTrue(ro.isCanceled());
		assertTrue(ro.getCancelReason().contains("Cannot create folder " + aFile), ro
			.getCancelReason());
	}

	@Test
	public void launcherMeansSubcommand() throws Exception {
		final Path dir = TestModels.newFolder("means-cli");
		io.github.layertracer.engine.builtin.ShapesData.write(dir.resolve("data"), 3, 12);
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err =
			new ByteArrayOutputStream();
		final int code = Launcher.run(new String[] { "means", "--model", TestModels.shapes()
			.toString(), "--data", dir.resolve("data").toString(), "--out", dir.resolve("m.h5")
				.toString(), "--batch", "5" }, new PrintStream(out, true, StandardCharsets.UTF_8),
			new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
		assertTrue(Files.isRegularFile(dir.resolve("m.h5")));
		assertTrue(out.toString(StandardCharsets.UTF_8).contains("from 12 images"));
	}

	private Path shapesMeans(final Path dir) throws Exception {
		io.github.layertracer.engine.builtin.ShapesData.write(dir.resolve("data"), 21, 80);
		final Path means = dir.resolve("means.h5");
		final CommandModule m = run(ComputeClassMeansCommand.class, Map.of("model_dir", TestModels
			.shapes().toString(), "data_path", dir.resolve("data").toString(), "output_file", means
				.toString()));
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		return means;
	}

	@Test
	public void traceCommandWithStringInputsWritesTiffAndSidecars() throws Exception {
		final Path dir = TestModels.newFolder("trace-cmd");
		final Path means = shapesMeans(dir);
		final Path image = dir.resolve("data/square/square_00002.png");
		final Path out = dir.resolve("out");
		final CommandModule m = run(TraceImageFileCommand.class, Map.ofEntries(Map.entry("model_dir",
			TestModels.shapes().toString()), Map.entry("class_means", means.toString()), Map.entry(
				"image_file", image.toString()), Map.entry("output_dir", out.toString()), Map.entry(
					"masks", "300"), Map.entry("grid", "7"), Map.entry("keep", "0.4"), Map.entry("seed",
						"3"), Map.entry("batch_size", "50"), Map.entry("target", "predicted"), Map.entry(
							"mask_type", "rise")));
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		assertTrue(((String) m.getOutput("report")).contains("square_00002_saliency.tif"));
		assertEquals(5, ij.IJ.openImage(out.resolve("square_00002_saliency.tif").toString())
			.getStackSize());
		assertTrue(Files.readString(out.resolve("square_00002_saliency.json")).contains(
			"rise masks=300 grid=7 keep=0.4 seed=3 batch=50"));

		final CommandModule bad = run(TraceImageFileCommand.class, Map.of("model_dir", TestModels.shapes()
			.toString(), "class_means", means.toString(), "image_file", dir.resolve("nope.png")
				.toString(), "output_dir", out.toString()));
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().contains("Image file " + dir.resolve("nope.png") +
			" does not exist"), bad.getCancelReason());
	}

	@Test
	public void cancellingATraceLeavesNoFiles() throws Exception {
		final Path dir = TestModels.newFolder("trace-cancel");
		final Path means = shapesMeans(dir);
		final Path out = dir.resolve("out");
		final org.scijava.module.ModuleService modules = context.service(
			org.scijava.module.ModuleService.class);
		final org.scijava.module.Module module = modules.createModule(commands.getCommand(
			TraceImageFileCommand.class));
		final java.util.concurrent.Future<org.scijava.module.Module> running = modules.run(module,
			true, Map.of("model_dir", TestModels.shapes().toString(), "class_means", means.toString(),
				"image_file", dir.resolve("data/cross/cross_00001.png").toString(), "output_dir", out
					.toString(), "masks", "400000"));
		Thread.sleep(1500);
		((org.scijava.Cancelable) module.getDelegateObject()).cancel("test");
		running.get();
		assertTrue(((org.scijava.Cancelable) module.getDelegateObject()).isCanceled());
		assertFalse(Files.exists(out) && Files.list(out).findAny().isPresent(),
			"no partial output after cancel");
	}

	@Test
	public void launcherTraceAndEvaluate() throws Exception {
		final Path dir = TestModels.newFolder("trace-cli");
		final Path means = shapesMeans(dir);
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err =
			new ByteArrayOutputStream();
		int code = Launcher.run(new String[] { "evaluate", "--model", TestModels.shapes().toString(),
			"--means", means.toString(), "--data", dir.resolve("data").toString(), "--out", dir
				.resolve("eval.csv").toString(), "--limit", "3", "--masks", "200" }, new PrintStream(out,
					true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
		final List<String> rows = Files.readAllLines(dir.resolve("eval.csv"));
		assertEquals("layer,index,pointing_game,deletion_auc,insertion_auc,random_deletion_auc," +
			"random_insertion_auc,images", rows.get(0));
		assertEquals(6, rows.size());
		assertTrue(rows.get(5).startsWith("logits,5,") && rows.get(5).endsWith(",3"), rows.get(5));
		code = Launcher.run(new String[] { "trace", "--model", TestModels.shapes().toString(),
			"--means", means.toString(), "--image", dir.resolve("data/circle/circle_00000.png")
				.toString(), "--out", dir.resolve("t").toString(), "--masks", "100", "--target", "all",
			"--mask-type", "square" }, new PrintStream(out, true, StandardCharsets.UTF_8),
			new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
		final ij.ImagePlus all = ij.IJ.openImage(dir.resolve("t/circle_00000_saliency.tif")
			.toString());
		assertEquals(20, all.getStackSize()); // 5 layers x 4 classes
	}

	@Test
	public void traceLayersOnAnImageGivesALabelledHyperstackAndKeepsTheModelLoaded()
		throws Exception
	{
		final Path dir = TestModels.newFolder("trace-layers");
		final Path means = shapesMeans(dir);
		final ij.ImagePlus imp = ij.IJ.openImage(dir.resolve("data/triangle/triangle_00003.png")
			.toString());
		imp.getCalibration().pixelWidth = 0.5;
		imp.getCalibration().setUnit("mm");
		final Map<String, Object> inputs = new java.util.HashMap<>(Map.of("image", imp, "model_dir",
			TestModels.shapes().toString(), "class_means", means.toString(), "masks", "200"));
		final CommandModule m = run(TraceLayersCommand.class, inputs);
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		final ij.ImagePlus stack = (ij.ImagePlus) m.getOutput("saliency_stack");
		assertEquals(5, stack.getStackSize());
		assertTrue(stack.getStack().getSliceLabel(5).startsWith("logits triangle p="), stack
			.getStack().getSliceLabel(5));
		assertEquals(0.5, stack.getCalibration().pixelWidth, 0);
		assertEquals("mm", stack.getCalibration().getUnit());
		// two windows (Fiji displays every non-null output): the stack and the maps over the image
		long shown = 0;
		for (final org.scijava.module.ModuleItem<?> item : m.getInfo().outputs())
			if (m.getOutput(item.getName()) != null && !(m.getOutput(item
				.getName()) instanceof String)) shown++;
		assertEquals(2, shown);
		final ij.ImagePlus over = (ij.ImagePlus) m.getOutput("overlay_stack");
		assertEquals(ij.ImagePlus.COLOR_RGB, over.getType());
		assertEquals(5, over.getStackSize());
		assertEquals(stack.getStack().getSliceLabel(5), over.getStack().getSliceLabel(5));
		assertEquals(0.5, over.getCalibration().pixelWidth, 0);
		// the ImgLib2 image, for scripts, rides on the stack with the raw values
		final net.imglib2.img.Img<?> img = (net.imglib2.img.Img<?>) stack.getProperty(
			TraceLayersCommand.SALIENCY_PROPERTY);
		assertArrayEquals(new long[] { 64, 64, 5 }, img.dimensionsAsLongArray());
		// every layer visible without touching the contrast: its own display range, its own
		// minimum and maximum
		assertEquals(5, stack.getNChannels());
		final ij.CompositeImage ci = (ij.CompositeImage) stack;
		for (int l = 1; l <= 5; l++) {
			final float[] plane = (float[]) stack.getStack().getPixels(l);
			double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
			for (final float v : plane) {
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
			assertEquals(min, ci.getChannelLut(l).min, 1e-6, "layer " + l);
			assertEquals(max, ci.getChannelLut(l).max, 1e-6, "layer " + l);
			final net.imglib2.RandomAccess<?> ra = img.randomAccess();
			ra.setPosition(new long[] { 10, 20, l - 1 });
			assertEquals(plane[20 * 64 + 10], ((net.imglib2.type.numeric.real.FloatType) ra.get())
				.get(), 0f, "raw values kept");
		}
		// one copy from the result into the hyperstack: the window's planes are the image's
		for (int l = 1; l <= 5; l++)
			assertTrue(stack.getStack().getPixels(l) == ((net.imglib2.img.planar.PlanarImg<?, ?>) img)
				.getPlane(l - 1).getCurrentStorageArray(), "plane " + l + " is shared, not copied");
		final io.github.layertracer.plugin.service.LayerTracerService service = context.service(
			io.github.layertracer.plugin.service.LayerTracerService.class);
		assertEquals(1, service.openModels());
		inputs.put("seed", "2");
		inputs.put("output_dir", dir.resolve("out").toString());
		assertFalse(run(TraceLayersCommand.class, inputs).isCanceled());
		assertEquals(1, service.openModels(), "the second run reuses the loaded model");
		assertTrue(Files.isRegularFile(dir.resolve("out/triangle_00003_saliency.tif")));

		final CommandModule none = run(TraceLayersCommand.class, Map.of("model_dir", TestModels
			.shapes().toString(), "class_means", means.toString()));
		assertTrue(none.isCanceled());
		assertTrue(none.getCancelReason().contains("No image is open"), none.getCancelReason());
	}

	/** Cancels every task as soon as it reports progress, as a click in Fiji's task monitor. */
	public static final class TaskMonitorClick {

		volatile String cancelled;

		@org.scijava.event.EventHandler
		public void onEvent(final org.scijava.task.event.TaskEvent e) {
			if (e.getTask().getProgressValue() > 0 && !e.getTask().isCanceled()) {
				cancelled = e.getTask().getName();
				e.getTask().cancel("cancel button");
			}
		}
	}

	@Test
	public void aMaskCountThatIsNeitherANumberNorAutoIsRefusedAsAMacroSetsIt() throws Exception {
		final Path dir = TestModels.newFolder("masks-validater");
		for (final String bad : List.of("many", "0", "-5", "99999999999")) {
			final CommandModule m = run(TraceImageFileCommand.class, Map.of("image_file", dir.resolve(
				"x.png").toString(), "model_dir", TestModels.shapes().toString(), "output_dir", dir
					.resolve("out").toString(), "masks", bad));
			assertTrue(m.isCanceled(), bad);
			assertEquals("Input 'masks' (Number of masks (N, or auto)) must be a whole number from " +
				"1 to 2147483647, or auto; got '" + bad + "'", m.getCancelReason());
		}
		assertFalse(Files.exists(dir.resolve("out")), "refused before any work");
	}

	@Test
	public void cancelInFijisTaskMonitorStopsTheTraceAndWritesNothing() throws Exception {
		final Path dir = TestModels.newFolder("task-cancel");
		final Path means = shapesMeans(dir);
		final TaskMonitorClick click = new TaskMonitorClick();
		context.service(org.scijava.event.EventService.class).subscribe(click);
		final Path out = dir.resolve("out");
		final long start = System.nanoTime();
		final CommandModule m = run(TraceImageFileCommand.class, Map.of("image_file", dir.resolve(
			"data/circle/circle_00000.png").toString(), "model_dir", TestModels.shapes().toString(),
			"class_means", means.toString(), "output_dir", out.toString(), "masks", "2000000",
			"batch_size", "16"));
		assertEquals("Trace Image File", click.cancelled, "the command ran as a SciJava task");
		assertTrue(m.isCanceled());
		assertEquals("Cancelled", m.getCancelReason());
		// two million masks take hours; the cancel stops it within a batch
		assertTrue((System.nanoTime() - start) / 1e9 < 60, "stopped within a batch");
		assertFalse(Files.exists(out.resolve("circle_00000_saliency.tif")), "nothing written");
	}

	@Test
	public void traceFolderResumesAndShardsCoverTheFolderOnce() throws Exception {
		final Path dir = TestModels.newFolder("trace-folder");
		final Path means = shapesMeans(dir);
		final Path images = dir.resolve("images");
		io.github.layertracer.engine.builtin.ShapesData.write(images, 31, 6);
		final Path out = dir.resolve("out");
		final Map<String, Object> inputs = new java.util.HashMap<>(Map.of("input_path", images
			.toString(), "model_dir", TestModels.shapes().toString(), "class_means", means.toString(),
			"output_dir", out.toString(), "masks", "100"));
		CommandModule m = run(TraceFolderCommand.class, inputs);
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		assertTrue(((String) m.getOutput("report")).startsWith("Traced 6 images, skipped 0"));
		assertEquals(7, Files.readAllLines(out.resolve("summary.csv")).size());
		// subfolders of the input mirrored in the output
		assertTrue(Files.isRegularFile(out.resolve("circle/circle_00000_saliency.tif")));
		m = run(TraceFolderCommand.class, inputs);
		assertTrue(((String) m.getOutput("report")).startsWith("Traced 0 images, skipped 6"), (String) m
			.getOutput("report"));

		final Path sharded = dir.resolve("sharded");
		inputs.put("output_dir", sharded.toString());
		int[] done = new int[2];
		for (int s = 0; s < 2; s++) {
			inputs.put("shard", s + "/2");
			assertFalse(run(TraceFolderCommand.class, inputs).isCanceled());
			// summary.csv covers the whole folder, whichever shard wrote it last
			final List<String> rows = Files.readAllLines(sharded.resolve("summary.csv"));
			assertEquals(7, rows.size());
			done[s] = (int) rows.stream().filter(r -> r.split(",")[2].equals("done")).count();
		}
		assertEquals(3, done[0], "after the first of two shards, half is done");
		assertEquals(6, done[1], "two shards cover the folder exactly once");
		try (var files = Files.walk(sharded)) {
			assertEquals(6, files.filter(p -> p.toString().endsWith(".tif")).count());
		}
		inputs.put("shard", "2/2");
		final CommandModule bad = run(TraceFolderCommand.class, inputs);
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().contains("Shard '2/2' is not K/N"), bad.getCancelReason());
	}

	@Test
	public void exportAnimationWritesAnAnimatedGifThroughTheLayers() throws Exception {
		final Path dir = TestModels.newFolder("animation");
		final Path means = shapesMeans(dir);
		final Path image = dir.resolve("data/circle/circle_00004.png");
		assertFalse(run(TraceImageFileCommand.class, Map.of("model_dir", TestModels.shapes().toString(),
			"class_means", means.toString(), "image_file", image.toString(), "output_dir", dir
				.resolve("t").toString(), "masks", "100")).isCanceled());
		final Path gif = dir.resolve("anim/circle.gif");
		final CommandModule m = run(ExportAnimationCommand.class, Map.of("image_file", image
			.toString(), "saliency_file", dir.resolve("t/circle_00004_saliency.tif").toString(),
			"output_file", gif.toString(), "frames_between", "3", "scale", "2"));
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		final ij.ImagePlus frames = (ij.ImagePlus) m.getOutput("animation");
		assertEquals(4 * 4 + 1, frames.getStackSize()); // 5 layers, 3 frames between each pair
		assertEquals(128, frames.getWidth());
		// each frame says which layer it shows and that layer's probability: on the frame (white
		// text on a black band at the top left) and as its label
		final ij.ImagePlus tif = ij.IJ.openImage(dir.resolve("t/circle_00004_saliency.tif")
			.toString());
		assertEquals(tif.getStack().getSliceLabel(1), frames.getStack().getSliceLabel(1));
		assertTrue(frames.getStack().getSliceLabel(17).matches("logits circle p=\\d\\.\\d{3}"),
			frames.getStack().getSliceLabel(17));
		for (final int f : new int[] { 1, 17 }) {
			final int[] px = (int[]) frames.getStack().getPixels(f);
			int black = 0, white = 0;
			for (int y = 0; y < 12; y++)
				for (int x = 0; x < 60; x++) {
					final int rgb = px[y * 128 + x] & 0xffffff;
					if (rgb == 0) black++;
					if ((rgb & 0xff) > 200 && (rgb >> 8 & 0xff) > 200 && (rgb >> 16 & 0xff) > 200)
						white++;
				}
			assertTrue(black > 100 && white > 20, "caption on frame " + f + ": " + black + " black, " +
				white + " white pixels");
		}
		try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(
			gif.toFile()))
		{
			final javax.imageio.ImageReader reader = javax.imageio.ImageIO.getImageReadersByFormatName(
				"gif").next();
			reader.setInput(in);
			assertEquals(17, reader.getNumImages(true));
			assertEquals(128, reader.getWidth(0));
		}
		final CommandModule bad = run(ExportAnimationCommand.class, Map.of("image_file", image
			.toString(), "saliency_file", image.toString(), "output_file", dir.resolve("x.gif")
				.toString()));
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().contains("is not a 32-bit saliency stack"), bad
			.getCancelReason());
		assertFalse(Files.exists(dir.resolve("x.gif")));
	}

	@Test
	public void benchmarksPrintTheirFiguresAndSettings() throws Exception {
		final CommandModule trace = run(TraceBenchmarkCommand.class, Map.of("model_name", TestModels
			.reversedNames(ExportStyle.GRAPH).toString(), "masks", "96", "batch_size", "32", "repeats",
			"1", "threads", "1"));
		assertFalse(trace.isCanceled(), String.valueOf(trace.getCancelReason()));
		final String t = (String) trace.getOutput("report");
		for (final String key : List.of("masks=96", "batch=32", "forward_only_seconds=",
			"trace_seconds=", "overhead_ratio=", "peak_rss_mb=", "threads=1"))
			assertTrue(t.contains(key), key + " in\n" + t);

		final Path data = TestModels.newFolder("bench-means").resolve("data");
		io.github.layertracer.engine.builtin.ShapesData.write(data, 8, 16);
		final CommandModule means = run(ClassMeansBenchmarkCommand.class, Map.of("model_dir", TestModels
			.shapes().toString(), "data_path", data.toString(), "batch_size", "8", "repeats", "1"));
		assertFalse(means.isCanceled(), String.valueOf(means.getCancelReason()));
		final String m = (String) means.getOutput("report");
		for (final String key : List.of("images=16", "batch=8", "forward_only_seconds=",
			"means_seconds=", "throughput_ratio="))
			assertTrue(m.contains(key), key + " in\n" + m);
	}
}
