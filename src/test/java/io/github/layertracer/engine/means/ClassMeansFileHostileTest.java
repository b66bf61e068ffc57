/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.means;

import static io.github.layertracer.LauncherRun.noise;
import static io.github.layertracer.Refusals.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.HostileFiles;
import io.github.layertracer.LauncherRun;
import io.github.layertracer.TestModels;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.engine.Progress;
import io.github.layertracer.engine.builtin.CnnBuilder.ExportStyle;
import io.github.layertracer.engine.data.ArraySource;
import io.github.layertracer.engine.image.InputContract;
import io.github.layertracer.engine.model.LayerModel;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Class-means files that are not what they say: attributes of another type than the format
 * has (as another tool writes them), missing parts, other HDF5 files, files that are no HDF5
 * at all, and datasets too large for memory. Each is refused with what is wrong in words,
 * never a library's exception text.
 */
public class ClassMeansFileHostileTest {

	private static Path dir, model, means;

	@BeforeAll
	public static void prepare() {
		dir = TestModels.newFolder("means-hostile");
		model = TestModels.reversedNames(ExportStyle.GRAPH);
		means = dir.resolve("means.h5");
		try (LayerModel m = LayerModel.open(model)) {
			final int px = m.description().input().pixelValues();
			final int[] labels = { 0, 1, 2, 0, 1, 2 };
			ClassMeansFile.write(ClassMeansBuilder.compute(m, new ArraySource(noise(6 * px, 3),
				labels, px, List.of("a", "b", "c")), InputContract.defaults(), null, 6, Progress.NONE),
				means);
		}
	}

	/** A file with only the root attributes given, in the order given. */
	private static Path rootOnly(final String name, final Map<String, Object> attributes) {
		final Path p = dir.resolve(name);
		try (WritableHdfFile f = HdfFile.write(p)) {
			attributes.forEach(f::putAttribute);
		}
		return p;
	}

	private static LayerTracerException refused(final Path file, final String... parts) {
		final LayerTracerException e = assertMessage(() -> ClassMeansFile.read(file), parts);
		assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
		assertFalse(e.getMessage().contains("Exception") || e.getMessage().contains("class ["), e
			.getMessage());
		return e;
	}

	@Test
	public void attributesOfAnotherTypeAreNamedWithTheirType() {
		refused(rootOnly("bytes.h5", new java.util.LinkedHashMap<>(Map.of("format",
			ClassMeansFile.FORMAT, "format_version", 1))), "attribute 'classes' missing");
		final Map<String, Object> a = new java.util.LinkedHashMap<>();
		a.put("format", ClassMeansFile.FORMAT);
		a.put("format_version", 1);
		a.put("classes", new byte[] { 97, 98, 99 });
		refused(rootOnly("classes-as-bytes.h5", a), "attribute 'classes'", "holds bytes",
			"expected a list of texts");
		a.put("classes", new String[] { "a", "b", "c" });
		a.put("layer_names", 5);
		refused(rootOnly("layers-as-number.h5", a), "attribute 'layer_names'",
			"holds a whole number", "expected a list of texts");
		a.put("format_version", "one");
		refused(rootOnly("version-as-text.h5", a), "attribute 'format_version'", "holds text",
			"expected a whole number");
		a.put("format_version", 1);
		a.put("layer_names", new String[] { "omega" });
		refused(rootOnly("no-layers.h5", a), "'layers/00' is missing");
		a.put("format", 3.5);
		refused(rootOnly("format-as-number.h5", a), "attribute 'format'", "holds a float64 number",
			"expected text");
	}

	@Test
	public void otherFilesAreToldApartFromDamagedOnes() throws Exception {
		refused(rootOnly("keras-weights.h5", Map.of("keras_version", "2.15.0")),
			"an HDF5 file but not a LayerTracer class-means file");
		final Path png = dir.resolve("picture.h5");
		Files.write(png, ("\u0089PNG\r\n\u001a\n" + "x".repeat(100)).getBytes(
			StandardCharsets.ISO_8859_1));
		refused(png, "is not an HDF5 file", "Compute Class Means");
		final Path tiny = dir.resolve("tiny.h5");
		Files.write(tiny, new byte[] { 1, 2, 3 });
		refused(tiny, "corrupt or truncated", "3 bytes");
		// a file cut in half: the place it could not be read is named, jHDF's text is not
		final byte[] whole = Files.readAllBytes(means);
		final Path cut = dir.resolve("cut.h5");
		Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
		refused(cut, "corrupt or truncated");
	}

	/**
	 * A copy of the means file whose first layer's means are declared {@code [3, h, w, 1]} by
	 * h5py without being written (chunks never written take no space).
	 */
	private static Path declared(final String name, final int h, final int w) throws Exception {
		final Path file = dir.resolve(name);
		Files.copy(means, file);
		final String script = String.join("\n", "import h5py, sys, numpy as np",
			"f = h5py.File(sys.argv[1], 'r+')", "del f['layers/00/means']",
			"f.create_dataset('layers/00/means', shape=(3, " + h + ", " + w + ", 1), dtype='f8', " +
				"chunks=(1, 100, 100, 1))",
			"f['layers/00'].attrs['shape'] = np.array([" + h + ", " + w + ", 1], dtype=np.int64)",
			"f.close()");
		boolean written;
		try {
			written = new ProcessBuilder("/usr/bin/python3", "-c", script, file.toString())
				.redirectErrorStream(true).start().waitFor() == 0;
		}
		catch (final java.io.IOException e) {
			written = false;
		}
		HostileFiles.skipUnless(written, "python3 with h5py (apt-get install python3-h5py) is " +
			"needed to declare a dataset larger than memory");
		return file;
	}

	@Test
	public void aDatasetLargerThanTheFreeMemoryIsRefusedBeforeItIsRead() throws Exception {
		// 3 x 10000 x 10000 float64: 2.2 GB, one Java array could hold it
		final long max = Runtime.getRuntime().maxMemory();
		HostileFiles.skipUnless(max < 2_300_000_000L, "this JVM may use " + (max >> 20) +
			" MB: a dataset of 2.2 GB might be read, not refused");
		refused(declared("large.h5", 10000, 10000), "dataset '/layers/00/means'",
			"300000000 values", "2288 MB", "MB of Java memory are free", "give Java more memory");
	}

	@Test
	public void aDatasetTooLargeForMemoryIsRefusedBeforeItIsRead() throws Exception {
		// 3 x 40000 x 40000 float64: 38 GB
		final Path huge = declared("huge.h5", 40000, 40000);
		refused(huge, "dataset '/layers/00/means'", "4800000000 values", "36621 MB",
			"more than one Java array holds", "fewer or smaller layers");
		// and the same through the launcher: one line, nothing written
		final Path out = Files.createDirectories(dir.resolve("out"));
		final Path image = dir.resolve("image.png");
		new ij.io.FileSaver(new ij.ImagePlus("x", new ij.process.ByteProcessor(16, 16))).saveAsPng(
			image.toString());
		final Map<String, String> before = HostileFiles.snapshot(out);
		final LauncherRun r = new LauncherRun("trace", "--model", model.toString(), "--means", huge
			.toString(), "--image", image.toString(), "--out", out.toString(), "--masks", "16");
		assertEquals(1, r.code, r.toString());
		assertTrue(r.err.contains("4800000000 values") && !r.err.contains("OutOfMemory"), r
			.toString());
		assertEquals(before, HostileFiles.snapshot(out));
	}

	@Test
	public void attributesOfAnotherTypeThroughTheLauncher() throws Exception {
		final Map<String, Object> a = new java.util.LinkedHashMap<>();
		a.put("format", ClassMeansFile.FORMAT);
		a.put("format_version", 1);
		a.put("classes", new byte[] { 97, 98, 99 });
		final Path bytes = rootOnly("launcher-bytes.h5", a);
		final Path out = Files.createDirectories(dir.resolve("out2"));
		final Map<String, String> before = HostileFiles.snapshot(out);
		final LauncherRun r = new LauncherRun("accuracy", "--model", model.toString(), "--means",
			bytes.toString(), "--data", TestModels.mnistImages().toString(), "--labels", TestModels
				.mnistLabels().toString(), "--out", out.resolve("acc.csv").toString());
		assertEquals(1, r.code, r.toString());
		assertTrue(r.err.contains("attribute 'classes'") && r.err.contains("holds bytes") && !r.err
			.contains("ClassCast"), r.toString());
		assertEquals(before, HostileFiles.snapshot(out));
	}
}
