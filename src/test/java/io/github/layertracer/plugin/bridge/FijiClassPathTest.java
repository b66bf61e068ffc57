/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.builtin.ShapesData;
import io.github.layertracer.engine.data.FolderSource;
import io.github.layertracer.engine.data.LabelledSource;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.means.ClassMeansBuilder;
import io.github.layertracer.engine.means.ClassMeansFile;
import io.github.layertracer.engine.model.LayerModel;
import io.github.layertracer.plugin.command.TraceLayersCommand;
import io.github.layertracer.plugin.updatesite.UpdateSite;

import ij.IJ;
import ij.ImagePlus;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Trace Layers in a JVM whose class path is laid out like a Fiji with the CSBDeep update site:
 * {@code jars/} holds our plugin jar and, besides ImageJ, ImgLib2 and SciJava, TensorFlow 1.15
 * ({@code libtensorflow}, {@code libtensorflow_jni}), protobuf-java 4.28 (what pom-scijava
 * manages) and another JavaCPP; the engine lies in {@code lib/layertracer-engine} and
 * {@code lib/<platform>/layertracer-engine} as the update site installs it. The saliency must
 * equal that of the same trace in the test's own JVM. The same jars with the engine's jars on
 * the class path and the isolation switched off must fail.
 */
public class FijiClassPathTest {

	private static Path dir, fiji, image, means, normal;

	@BeforeAll
	public static void prepare() throws IOException {
		dir = TestModels.newFolder("fiji-like");
		ShapesData.write(dir.resolve("data"), 5, 8);
		means = dir.resolve("means.h5");
		try (LayerModel m = LayerModel.open(TestModels.shapes()); LabelledSource s = FolderSource
			.open(dir.resolve("data")))
		{
			ClassMeansFile.write(ClassMeansBuilder.compute(m, s, InputContract.defaults(), null, 8,
				Progress.NONE), means);
		}
		image = dir.resolve("data/cross/cross_00001.png");
		assertTrue(Files.isRegularFile(image), image.toString());
		fiji = fijiInstallation(dir.resolve("Fiji.app"));
		normal = dir.resolve("normal");
		final Context context = new Context();
		try {
			final CommandModule m = context.service(CommandService.class).run(
				TraceLayersCommand.class, true, Map.of("image", IJ.openImage(image.toString()),
					"model_dir", TestModels.shapes().toString(), "class_means", means.toString(),
					"output_dir", normal.toString(), "masks", "300", "seed", "7", "batch_size", "50"))
				.get();
			assertFalse(m.isCanceled(), m.getCancelReason());
		}
		catch (final Exception e) {
			throw new AssertionError(e);
		}
		finally {
			context.dispose();
		}
	}

	@Test
	public void traceLayersBesideTensorFlow115AndProtobuf4GivesTheSameSaliency() throws Exception {
		final Path out = dir.resolve("isolated");
		final Run run = run(jars(fiji.resolve("jars")), out, false);
		assertEquals(0, run.code, run.output);
		// the class path really offers TensorFlow 1.15 and protobuf 4 ...
		assertTrue(run.output.contains("class path TensorFlow: ") && run.output.contains(
			"libtensorflow-1.15.0.jar"), run.output);
		assertTrue(run.output.contains("protobuf-java-4.28"), run.output);
		// ... and the engine used its own, from lib/
		assertTrue(run.output.contains("engine class loader: layertracer-engine"), run.output);
		assertTrue(run.output.matches("(?s).*engine protobuf: \\S*/lib/layertracer-engine/" +
			"protobuf-java-3\\.21\\.9\\.jar.*"), run.output);
		assertTrue(run.output.matches("(?s).*engine tensorflow: \\S*/lib/layertracer-engine/" +
			"tensorflow-core-api-1\\.1\\.0\\.jar.*"), run.output);
		final float[][] expected = planes(normal.resolve("cross_00001_saliency.tif"));
		final float[][] actual = planes(out.resolve("cross_00001_saliency.tif"));
		assertEquals(5, expected.length);
		for (int l = 0; l < expected.length; l++)
			assertArrayEquals(expected[l], actual[l], 1e-6f, "layer " + l);
	}

	@Test
	public void tensorFlow115RunsRealGraphsBeforeAndAfterATraceInTheSameJvm() throws Exception {
		final float[][] expected = planes(normal.resolve("cross_00001_saliency.tif"));
		for (final String order : List.of("tf115-first", "tf115-after")) {
			final Path out = dir.resolve(order);
			final Run run = run(jars(fiji.resolve("jars")), out, false, order);
			assertEquals(0, run.code, run.output);
			// TensorFlow 1.15's native library ran its graph: 1, 2, 3 squared
			assertTrue(run.output.contains("TF115 1.15.0 square: [1.0, 4.0, 9.0]"), run.output);
			final int tf115 = run.output.indexOf("TF115"), traced = run.output.indexOf("TRACED");
			assertTrue(order.equals("tf115-first") ? tf115 < traced : tf115 > run.output.indexOf(
				"engine tensorflow"), order + "\n" + run.output);
			// and LayerTracer's TensorFlow 2.18 gave the same saliency as in the test's JVM
			final float[][] actual = planes(out.resolve("cross_00001_saliency.tif"));
			for (int l = 0; l < expected.length; l++)
				assertArrayEquals(expected[l], actual[l], 1e-6f, order + " layer " + l);
		}
	}

	@Test
	public void withoutIsolationTensorFlow115Clashes() throws Exception {
		final Run run = run(flatClassPath(true), dir.resolve("flat"), true);
		assertEquals(1, run.code, run.output);
		// TF 1.15's org.tensorflow.Tensor is a class, TF Java's an interface
		assertTrue(run.output.contains("IncompatibleClassChangeError") && run.output.contains(
			"org.tensorflow.Tensor"), run.output);
		assertFalse(Files.exists(dir.resolve("flat/cross_00001_saliency.tif")));
	}

	@Test
	public void withoutIsolationProtobuf4AloneBreaksTensorFlowJava() throws Exception {
		final Run run = run(flatClassPath(false), dir.resolve("flat-protobuf"), true);
		assertEquals(1, run.code, run.output);
		assertTrue(run.output.contains("NoSuchMethodError") && run.output.contains(
			"com.google.protobuf"), run.output);
		assertFalse(Files.exists(dir.resolve("flat-protobuf/cross_00001_saliency.tif")));
	}

	/**
	 * What a Fiji would hold if the engine's jars went into {@code jars/}: the updater keeps one
	 * version of each artifact (Fiji's protobuf-java 4 and the newer JavaCPP), and Fiji sorts its
	 * class path by name.
	 */
	private static List<Path> flatClassPath(final boolean withTensorFlow115) throws IOException {
		final List<Path> cp = new ArrayList<>();
		for (final Path jar : jars(fiji.resolve("jars")))
			if (withTensorFlow115 || !jar.getFileName().toString().startsWith("libtensorflow")) cp.add(
				jar);
		try (Stream<Path> engine = Files.walk(fiji.resolve("lib"))) {
			for (final Path jar : engine.filter(p -> p.toString().endsWith(".jar")).collect(Collectors
				.toList()))
				if (!jar.getFileName().toString().matches("(protobuf-java|javacpp)-.*")) cp.add(jar);
		}
		cp.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
		return cp;
	}

	private static final class Run {

		final int code;
		final String output;

		Run(final int code, final String output) {
			this.code = code;
			this.output = output;
		}
	}

	/** Runs {@link FijiLikeRun} on a class path of {@code jars} (plus the test classes). */
	private static Run run(final List<Path> jars, final Path out, final boolean flat)
		throws IOException, InterruptedException
	{
		return run(jars, out, flat, "");
	}

	private static Run run(final List<Path> jars, final Path out, final boolean flat,
		final String tf115) throws IOException, InterruptedException
	{
		final String cp = Stream.concat(jars.stream(), Stream.of(Paths.get("target/test-classes")
			.toAbsolutePath())).map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
		final List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"),
			"bin", "java").toString(), "-cp", cp));
		if (flat) cmd.add("-D" + EngineLoader.ISOLATION_PROPERTY + "=false");
		cmd.addAll(List.of(FijiLikeRun.class.getName(), image.toString(), TestModels.shapes()
			.toString(), means.toString(), out.toString()));
		if (!tf115.isEmpty()) cmd.add(tf115);
		final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
		pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
		final Process p = pb.start();
		final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(5, TimeUnit.MINUTES));
		return new Run(p.exitValue(), output);
	}

	private static float[][] planes(final Path tif) {
		final ImagePlus imp = IJ.openImage(tif.toString());
		final float[][] planes = new float[imp.getStackSize()][];
		for (int i = 0; i < planes.length; i++)
			planes[i] = (float[]) imp.getStack().getPixels(i + 1);
		return planes;
	}

	private static List<Path> jars(final Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			return s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
		}
	}

	/**
	 * A Fiji folder: {@code jars/} with our jar (built from target/classes), the plugin's class
	 * path from the build and the clashing jars; the engine's jars in {@code lib/} the way the
	 * update site places them. Links, not copies.
	 */
	private static Path fijiInstallation(final Path root) throws IOException {
		final Path jars = Files.createDirectories(root.resolve("jars"));
		writeJar(Paths.get("target/classes"), jars.resolve("layertracer.jar"));
		final Path fijiLike = Paths.get("target/fiji-like");
		for (final String entry : Files.readString(fijiLike.resolve("plugin-classpath.txt")).trim()
			.split(java.io.File.pathSeparator))
			link(Paths.get(entry), jars);
		for (final Path jar : jars(fijiLike.resolve("jars")))
			link(jar, jars);
		for (final Path jar : jars(Paths.get("target/engine"))) {
			final String fijiPath = UpdateSite.enginePath(jar.getFileName().toString());
			link(jar, Files.createDirectories(root.resolve(fijiPath).getParent()));
		}
		return root;
	}

	private static void link(final Path target, final Path folder) throws IOException {
		Files.createSymbolicLink(folder.resolve(target.getFileName()), target.toAbsolutePath());
	}

	private static void writeJar(final Path classes, final Path jar) throws IOException {
		try (OutputStream o = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(
			o); Stream<Path> files = Files.walk(classes))
		{
			for (final Path f : files.filter(Files::isRegularFile).sorted().collect(Collectors
				.toList()))
			{
				out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
				Files.copy(f, out);
				out.closeEntry();
			}
		}
	}
}
