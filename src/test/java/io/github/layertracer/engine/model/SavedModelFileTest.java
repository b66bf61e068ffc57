/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import static io.github.layertracer.Refusals.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.layertracer.TestModels;
import io.github.layertracer.api.LayerTracerException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

import com.google.protobuf.TextFormat;

/**
 * The SavedModel front door: the file read by LayerTracer itself before TensorFlow loads
 * anything, the meta graph chosen by its tags, Keras files recognised, and every way the file can
 * be unusable said in the user's terms, never in a library's.
 */
public class SavedModelFileTest {

	/** A message says none of the library's words. */
	private static void noLibraryText(final LayerTracerException e) {
		for (final String s : List.of("Protocol message", "protobuf.", "Exception", "saved_model_cli",
			"While parsing", "at org.", "tensorflow/core"))
			assertFalse(e.getMessage().contains(s), e.getMessage());
	}

	private static float[] scores(final Path model, final ModelOptions o, final float[] image) {
		try (LayerModel m = LayerModel.open(model, o)) {
			return m.run(image, 1, List.of(m.description().scores()))[0];
		}
	}

	@Test
	public void aModelExportedWithAnotherTagOpensByDefaultAndByItsTag() throws Exception {
		final Path model = TinyModels.exported(TestModels.newFolder("tag").resolve("m"), "other");
		final SavedModelFile f = SavedModelFile.read(model);
		assertEquals(1, f.metaGraphs().size());
		assertEquals(List.of("other"), f.metaGraphs().get(0).tags());
		assertEquals(List.of("serving_default"), f.metaGraphs().get(0).signatures());

		// the only meta graph is the default; by its tag it opens too; the weights are restored
		final float[] image = TinyModels.image(1);
		final float[] expected = TinyModels.logits(image, 3);
		assertArrayEquals(expected, scores(model, ModelOptions.defaults(), image), 1e-5f);
		assertArrayEquals(expected, scores(model, ModelOptions.defaults().withTags(List.of(
			"other")), image), 1e-5f);
		try (LayerModel m = LayerModel.open(model)) {
			assertEquals(List.of("opened the meta graph with tag set 'other' (signatures: " +
				"serving_default), the only one in the file"), m.description().notes());
		}

		// a tag it does not have: the listing, read by LayerTracer itself
		final LayerTracerException e = assertMessage(() -> LayerModel.open(model, ModelOptions
			.defaults().withTags(List.of("serve"))), model.toString(), "no meta graph tagged 'serve'",
			"tag set 'other' (signatures: serving_default)", "tags=other");
		noLibraryText(e);
	}

	@Test
	public void severalMetaGraphs() throws Exception {
		// three classes tagged serve, five tagged serve+gpu, four tagged train: which one opened
		// shows in the class count and in the scores
		final Path both = TinyModels.write(TestModels.newFolder("multi").resolve("m"), TinyModels
			.constantClassifier(5, "serving_default", "serve", "gpu"), TinyModels.constantClassifier(
				3, "serving_default", "serve"), TinyModels.constantClassifier(4, "train_step",
					"train"));
		final float[] image = TinyModels.image(2);
		try (LayerModel m = LayerModel.open(both)) {
			assertEquals(3, m.description().classes(), "the meta graph tagged exactly 'serve'");
		}
		assertArrayEquals(TinyModels.logits(image, 5), scores(both, ModelOptions.defaults()
			.withTags(List.of("gpu", "serve")), image), 1e-5f, "tags in any order");
		assertArrayEquals(TinyModels.logits(image, 3), scores(both, ModelOptions.defaults()
			.withTags(List.of("serve")), image), 1e-5f);

		// several and none tagged serve alone: every tag set with its signatures
		final Path noServe = TinyModels.write(TestModels.newFolder("multi").resolve("m"), TinyModels
			.constantClassifier(5, "serving_default", "serve", "gpu"), TinyModels.constantClassifier(
				4, "train_step", "train"));
		final LayerTracerException e = assertMessage(() -> LayerModel.open(noServe), noServe
			.toString(), "2 meta graphs", "none is tagged 'serve' alone",
			"tag set 'serve,gpu' (signatures: serving_default)",
			"tag set 'train' (signatures: train_step)", "tags=");
		noLibraryText(e);
		assertArrayEquals(TinyModels.logits(image, 4), scores(noServe, ModelOptions.defaults()
			.withTags(List.of("train")).withSignature("train_step"), image), 1e-5f);
		assertMessage(() -> LayerModel.open(noServe, ModelOptions.defaults().withTags(List.of(
			"serve"))), "no meta graph tagged 'serve'", "It holds 2:", "tag set 'train'");
	}

	@Test
	public void aSavedModelInTextFormatOpens() throws Exception {
		final Path dir = Files.createDirectories(TestModels.newFolder("text").resolve("m"));
		final SavedModel model = SavedModel.newBuilder().setSavedModelSchemaVersion(1)
			.addMetaGraphs(TinyModels.constantClassifier(2, "serving_default", "serve")).build();
		Files.writeString(dir.resolve("saved_model.pbtxt"), TextFormat.printer().printToString(
			model));
		final float[] image = TinyModels.image(3);
		assertArrayEquals(TinyModels.logits(image, 2), scores(dir, ModelOptions.defaults(), image),
			1e-5f);
		Files.writeString(dir.resolve("saved_model.pbtxt"), "meta_graphs { graph_def { node { " +
			"name: \"x\" \n oops");
		noLibraryText(assertMessage(() -> LayerModel.open(dir), "saved_model.pbtxt",
			"not a SavedModel in protocol buffer text format", "line 2"));
	}

	@Test
	public void filesThatAreNotSavedModelsAreNamedAndSaidWhatTheyAre() throws Exception {
		final byte[] real = Files.readAllBytes(TestModels.shapes().resolve("saved_model.pb"));
		final Path root = TestModels.newFolder("broken");

		final Path truncated = Files.createDirectories(root.resolve("truncated"));
		Files.write(truncated.resolve("saved_model.pb"), Arrays.copyOf(real, real.length / 2));
		noLibraryText(assertMessage(() -> LayerModel.open(truncated), truncated.resolve(
			"saved_model.pb").toString(), "is truncated", "export or copy the model again"));

		final Path empty = Files.createDirectories(root.resolve("empty"));
		Files.write(empty.resolve("saved_model.pb"), new byte[0]);
		noLibraryText(assertMessage(() -> LayerModel.open(empty), empty.toString(),
			"empty saved_model.pb (0 bytes)"));

		final Path garbage = Files.createDirectories(root.resolve("garbage"));
		Files.write(garbage.resolve("saved_model.pb"), new byte[] { 0x07, 0x00, (byte) 0xff, 0x13 });
		noLibraryText(assertMessage(() -> LayerModel.open(garbage), garbage.resolve(
			"saved_model.pb").toString(), "is not a protocol buffer"));

		final Path text = Files.createDirectories(root.resolve("text"));
		Files.writeString(text.resolve("saved_model.pb"), "<html><body>Not found</body></html>\n");
		noLibraryText(assertMessage(() -> LayerModel.open(text), "holds text, not a binary",
			"saved_model.pbtxt"));

		final Path lfs = Files.createDirectories(root.resolve("lfs"));
		Files.writeString(lfs.resolve("saved_model.pb"), "version https://git-lfs.github.com/spec/" +
			"v1\noid sha256:4d7a\nsize 12345\n");
		noLibraryText(assertMessage(() -> LayerModel.open(lfs), "Git LFS pointer", "git lfs pull"));

		// a frozen GraphDef saved under the SavedModel's name: a protocol buffer of another kind
		final MetaGraphDef meta = TinyModels.constantClassifier(2, "serving_default", "serve");
		final Path graph = Files.createDirectories(root.resolve("graph"));
		Files.write(graph.resolve("saved_model.pb"), meta.getGraphDef().toByteArray());
		noLibraryText(assertMessage(() -> LayerModel.open(graph), graph.resolve("saved_model.pb")
			.toString(), "holds no meta graph", "not a SavedModel", "tf.io.write_graph"));

		final Path zip = Files.createDirectories(root.resolve("zip"));
		Files.write(zip.resolve("saved_model.pb"), new byte[] { 'P', 'K', 3, 4, 20, 0, 0, 0 });
		noLibraryText(assertMessage(() -> LayerModel.open(zip), "zip archive",
			"model.export(\"dir\")"));
	}

	@Test
	public void anUnreadableFileIsSaidToBeUnreadable() throws Exception {
		final Path dir = TestModels.newFolder("locked");
		final Path model = TinyModels.exported(dir.resolve("m"), "serve");
		final Path pb = model.resolve("saved_model.pb");
		Files.setPosixFilePermissions(pb, PosixFilePermissions.fromString("---------"));
		try {
			assumeFalse(Files.isReadable(pb), "running as root: permissions do not stop reading");
			noLibraryText(assertMessage(() -> LayerModel.open(model), pb.toString(),
				"cannot be read: permission denied"));
		}
		finally {
			Files.setPosixFilePermissions(pb, PosixFilePermissions.fromString("rw-r--r--"));
		}
	}

	@Test
	public void readFailuresInTheUsersTerms() {
		// what root cannot provoke above: the exception the JDK throws, mapped to the message
		final Path pb = Path.of("/data/model/saved_model.pb");
		final LayerTracerException denied = SavedModelFile.readFailure(pb,
			new java.nio.file.AccessDeniedException(pb.toString()));
		assertEquals("SavedModel file /data/model/saved_model.pb cannot be read: permission " +
			"denied; make it readable for the user running Fiji (or ask its owner to)", denied
				.getMessage());
		final LayerTracerException io = SavedModelFile.readFailure(pb, new java.io.IOException(
			"Input/output error"));
		noLibraryText(io);
		assertFalse(io.getMessage().contains("Input/output error"), io.getMessage());
		assertEquals("Input/output error", io.getCause().getMessage(), "the cause is kept");
	}

	@Test
	public void wireFormatClassification() {
		// a varint key, field 1 (varint) = 150, field 2 (bytes) of length 3
		final byte[] ok = { 0x08, (byte) 0x96, 0x01, 0x12, 0x03, 'a', 'b', 'c' };
		assertEquals(SavedModelFile.Wire.WELL_FORMED, SavedModelFile.wireCheck(ok));
		assertEquals(SavedModelFile.Wire.TRUNCATED, SavedModelFile.wireCheck(Arrays.copyOf(ok, 7)));
		assertEquals(SavedModelFile.Wire.TRUNCATED, SavedModelFile.wireCheck(Arrays.copyOf(ok, 2)));
		assertEquals(SavedModelFile.Wire.NOT_PROTOBUF, SavedModelFile.wireCheck(new byte[] { 0x00,
			0x01 }), "field number 0");
		assertEquals(SavedModelFile.Wire.NOT_PROTOBUF, SavedModelFile.wireCheck(new byte[] { 0x0f,
			0x01 }), "wire type 7");
		assertEquals(SavedModelFile.Wire.NOT_PROTOBUF, SavedModelFile.wireCheck(new byte[] { 0x0b,
			0x01 }), "a group");
	}

	@Test
	public void kerasFilesGetTheWayToASavedModel() throws Exception {
		final Path root = TestModels.newFolder("keras");
		final Path keras = root.resolve("classifier.keras");
		Files.write(keras, new byte[] { 'P', 'K', 3, 4 });
		final Path h5 = root.resolve("classifier.h5");
		Files.write(h5, new byte[] { (byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' });
		for (final Path file : List.of(keras, h5)) {
			final LayerTracerException e = assertMessage(() -> LayerModel.open(file), file.toString(),
				"not a TensorFlow SavedModel folder", "Keras 3", "TensorFlow 2.16",
				"model.export(\"classifier_savedmodel\")", "Keras 2",
				"model.save(\"classifier_savedmodel\")",
				"tf.saved_model.save(model, \"classifier_savedmodel\")");
			noLibraryText(e);
		}
		assertMessage(() -> LayerModel.open(keras), "a Keras model file (.keras");
		assertMessage(() -> LayerModel.open(h5), "an HDF5 file (.h5", "class means");

		// a folder holding such a file and no saved_model.pb
		final Path folder = Files.createDirectories(root.resolve("download"));
		Files.write(folder.resolve("model.HDF5"), new byte[] { (byte) 0x89, 'H', 'D', 'F' });
		Files.writeString(folder.resolve("README.txt"), "my model\n");
		noLibraryText(assertMessage(() -> LayerModel.open(folder), folder.toString(),
			"holds no saved_model.pb but model.HDF5", "model.export(\"model_savedmodel\")",
			"tf.saved_model.save(model, \"model_savedmodel\")"));

		// the graph file given instead of its folder
		final Path model = TinyModels.exported(root.resolve("m"), "serve");
		assertMessage(() -> LayerModel.open(model.resolve("saved_model.pb")), "give the folder",
			model.toAbsolutePath().toString());
		// a folder without either: the plain message
		final Path other = Files.createDirectories(root.resolve("other"));
		Files.writeString(other.resolve("notes.txt"), "x", StandardCharsets.UTF_8);
		assertMessage(() -> LayerModel.open(other), "is not a TensorFlow SavedModel",
			"no saved_model.pb");
	}
}
