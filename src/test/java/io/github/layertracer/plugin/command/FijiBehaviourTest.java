/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.builtin.ShapesData;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.plugin.LutLoader;

import java.awt.image.IndexColorModel;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.plugin.PluginInfo;

/**
 * What Fiji does with LayerTracer's commands, done here with SciJava's own module machinery and
 * every pre- and postprocessor a headless ImageJ has (its file chooser step included): a key left
 * out is never asked for, a remembered value never replaces a declared default, the result opens
 * in colour with the maps over the image, a batch-mode macro gets the stack as its image, and a
 * failing headless Fiji run ends with a non-zero exit code.
 */
public class FijiBehaviourTest {

	private static Path dir, means, imageFile;
	private Context context;

	@BeforeAll
	public static void prepare() throws Exception {
		dir = TestModels.newFolder("fiji");
		ShapesData.write(dir.resolve("data"), 3, 8);
		imageFile = dir.resolve("data/cross/cross_00001.png");
		means = dir.resolve("means.h5");
		final Context c = new Context();
		try {
			final CommandModule m = c.service(CommandService.class).run(
				ComputeClassMeansCommand.class, true, "model_dir", TestModels.shapes().toFile(),
				"data_path", dir.resolve("data").toFile(), "output_file", means.toFile()).get();
			assertFalse(m.isCanceled(), m.getCancelReason());
		}
		finally {
			c.dispose();
		}
	}

	@BeforeEach
	public void setUp() {
		context = new Context();
	}

	@AfterEach
	public void tearDown() {
		context.dispose();
	}

	/** Every input of Trace Layers a macro gives, as the recorder writes them, but {@code left}. */
	private static Map<String, Object> macroKeys(final ImagePlus image, final String... left) {
		final Map<String, Object> in = new HashMap<>();
		for (final ModuleItem<?> item : new CommandInfo(TraceLayersCommand.class).inputs())
			if (!org.scijava.service.Service.class.isAssignableFrom(item.getType()) && !Context.class
				.isAssignableFrom(item.getType())) in.put(item.getName(), item.getDefaultValue());
		in.put("image", image);
		in.put("model_dir", TestModels.shapes().toFile());
		in.put("class_means", means.toFile());
		in.put("masks", "128");
		in.put("output_dir", dir.resolve("out").toFile());
		in.put("overlay", true);
		for (final String k : left)
			in.remove(k);
		return in;
	}

	private CommandModule run(final Context c, final Map<String, Object> inputs)
		throws Exception
	{
		return c.service(CommandService.class).run(TraceLayersCommand.class, true, inputs).get();
	}

	@Test
	public void anOptionalFileLeftOutIsNeverAskedFor() throws Exception {
		final ImagePlus image = IJ.openImage(imageFile.toString());
		// output_dir, the only File left out: SciJava's FilePreprocessor would open a chooser
		final CommandModule m = run(context, macroKeys(image, "output_dir"));
		assertFalse(m.isCanceled(), "traced, no chooser: " + m.getCancelReason());
		assertNotNull(m.getOutput("saliency_stack"));
		// the same without LayerTracer's preprocessor: the chooser is asked for, and headless
		// that silently cancels the command, as imagej-legacy's own runs showed
		final Context without = new Context();
		for (final PluginInfo<?> p : new ArrayList<>(without.getPluginIndex().getAll()))
			if (p.getClassName().equals(UnpromptedInputs.class.getName())) without.getPluginIndex()
				.remove(p);
		try {
			final CommandModule asked = run(without, macroKeys(image, "output_dir"));
			assertTrue(asked.isCanceled(), "FilePreprocessor asked for output_dir");
		}
		finally {
			without.dispose();
		}
	}

	@Test
	public void aRememberedValueNeverReplacesADeclaredDefault() throws Exception {
		// a class-means file remembered from an earlier dialog
		final CommandInfo info = context.service(CommandService.class).getCommand(
			TraceLayersCommand.class);
		@SuppressWarnings("unchecked")
		final ModuleItem<File> item = (ModuleItem<File>) info.getInput("class_means");
		context.service(ModuleService.class).save(item, means.toFile());
		assertEquals(means.toFile(), context.service(ModuleService.class).load(item),
			"remembered");
		final ImagePlus image = IJ.openImage(imageFile.toString());
		final CommandModule m = run(context, macroKeys(image, "class_means"));
		assertFalse(m.isCanceled(), m.getCancelReason());
		// left out: the declared default (none), so the final output only, not the remembered file
		assertEquals(1, ((ImagePlus) m.getOutput("saliency_stack")).getStackSize());
	}

	@Test
	public void theResultOpensInColourWithTheMapsOverTheImage() throws Exception {
		final ImagePlus image = IJ.openImage(imageFile.toString());
		final CommandModule m = run(context, macroKeys(image));
		final ImagePlus stack = (ImagePlus) m.getOutput("saliency_stack");
		// colour mode: each layer in its fire LUT (grayscale mode would show every LUT grey)
		final CompositeImage ci = (CompositeImage) stack;
		assertEquals(IJ.COLOR, ci.getMode());
		final IndexColorModel fire = LutLoader.getLut("fire");
		assertEquals(fire.getRed(200), ci.getChannelLut(3).getRed(200));
		assertEquals(fire.getBlue(100), ci.getChannelLut(3).getBlue(100));
		// a 64 x 64 map opens zoomed 4 times (256 pixels), its data not resampled
		assertEquals(4, stack.getProperty(Displays.ZOOM_PROPERTY));
		assertEquals(64, stack.getWidth());
		// the second view, pixel by pixel: (image + fire(map)) / 2, each stretched to its range
		final ImagePlus over = (ImagePlus) m.getOutput("overlay_stack");
		assertEquals(64, over.getWidth());
		assertEquals(4, over.getProperty(Displays.ZOOM_PROPERTY));
		@SuppressWarnings("unchecked")
		final Img<FloatType> saliency = (Img<FloatType>) stack.getProperty(
			TraceLayersCommand.SALIENCY_PROPERTY);
		final byte[] grey = (byte[]) image.getProcessor().getPixels();
		for (final int layer : new int[] { 0, 4 }) {
			final float[] map = new float[64 * 64];
			int i = 0;
			for (final FloatType v : net.imglib2.view.Views.flatIterable(net.imglib2.view.Views
				.hyperSlice(saliency, 2, layer)))
				map[i++] = v.get();
			final double[] g = stretch(grey), h = stretch(map);
			final int[] rgb = (int[]) over.getStack().getPixels(layer + 1);
			for (int u = 0; u < rgb.length; u += 97) {
				final int idx = (int) Math.round(255 * h[u]);
				assertEquals((int) Math.round(0.5 * 255 * g[u] + 0.5 * fire.getRed(idx)), rgb[u] >> 16 &
					0xff, "red at " + u);
				assertEquals((int) Math.round(0.5 * 255 * g[u] + 0.5 * fire.getGreen(idx)), rgb[u] >> 8 &
					0xff, "green at " + u);
				assertEquals((int) Math.round(0.5 * 255 * g[u] + 0.5 * fire.getBlue(idx)), rgb[u] & 0xff,
					"blue at " + u);
			}
		}
		// labelled as the stack, as an overlay (never burnt into the pixels)
		assertEquals(stack.getStack().getSliceLabel(5), over.getStack().getSliceLabel(5));
		assertEquals(5, over.getOverlay().size());
		// overlay=false: one window only
		final Map<String, Object> one = macroKeys(image);
		one.put("overlay", false);
		assertNull(run(context, one).getOutput("overlay_stack"));
	}

	private static double[] stretch(final byte[] px) {
		final float[] f = new float[px.length];
		for (int i = 0; i < px.length; i++)
			f[i] = (px[i] & 0xff) / 255f;
		return stretch(f);
	}

	private static double[] stretch(final float[] v) {
		float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
		for (final float x : v) {
			min = Math.min(min, x);
			max = Math.max(max, x);
		}
		final double[] out = new double[v.length];
		for (int i = 0; i < v.length; i++)
			out[i] = max > min ? (v[i] - min) / (double) (max - min) : 0;
		return out;
	}

	/** The command a batch-mode macro calls, run as imagej-legacy runs it: on its own thread. */
	public static String traceFromMacro() {
		try {
			final ImagePlus image = ij.WindowManager.getCurrentImage();
			final Map<String, Object> in = macroKeys(image);
			in.put("overlay", false);
			final CommandModule m = CONTEXT.service(CommandService.class).run(
				TraceLayersCommand.class, true, in).get();
			return m.isCanceled() ? "cancelled: " + m.getCancelReason() : "ok";
		}
		catch (final Exception | Error e) {
			e.printStackTrace();
			return "failed: " + e;
		}
	}

	private static Context CONTEXT;

	@Test
	public void aBatchModeMacroGetsTheResultAsItsActiveImage() throws Exception {
		CONTEXT = context;
		final String macro = String.join("\n", "setBatchMode(true);",
			"newImage('cross', '8-bit black', 64, 64, 1);",
			"r = call('" + FijiBehaviourTest.class.getName() + ".traceFromMacro');",
			"return r + '|' + nImages + '|' + getTitle() + '|' + nSlices;");
		// on a thread named as ImageJ names its macro threads
		final String[] result = new String[1];
		final Thread t = new Thread(() -> result[0] = IJ.runMacro(macro), "Run$_test Macro$");
		t.start();
		t.join();
		assertEquals("ok|2|cross_saliency|5", result[0], "the stack is the macro's image");
	}

	/** A headless Fiji run whose command fails, in a JVM of its own. */
	public static void main(final String[] args) throws Exception {
		if (args.length > 0) Failures.continueOnError(args[0]);
		final Context c = new Context();
		try {
			c.service(CommandService.class).run(InspectModelCommand.class, true, "model_dir",
				new File("/no/such/model")).get();
		}
		finally {
			c.dispose();
		}
		System.exit(0);
	}

	private static int exitCode(final String... args) throws Exception {
		final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
			"bin", "java").toString(), "-Djava.awt.headless=true", "-D" + Failures.EXIT_PROPERTY +
				"=true", "-cp", System.getProperty("java.class.path"), FijiBehaviourTest.class
					.getName()));
		cmd.addAll(List.of(args));
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(3, TimeUnit.MINUTES), out);
		assertTrue(out.contains("Inspect Model: Model folder /no/such/model does not exist"), out);
		return p.exitValue();
	}

	@Test
	public void aFailingHeadlessRunExitsNonZeroUnlessAskedToGoOn() throws Exception {
		assertEquals(1, exitCode());
		assertEquals(0, exitCode("true"), "continueOnError: the caller checks Failures.count");
		assertFalse(Files.exists(dir.resolve("never")));
	}
}
