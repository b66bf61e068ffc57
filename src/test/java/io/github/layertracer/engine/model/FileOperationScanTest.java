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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.TestModels;
import io.github.layertracer.engine.builtin.CnnBuilder.ExportStyle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SaverDef;

/**
 * Models that touch files are refused before TensorFlow loads them, and the files prove it: what
 * the refused model would have written is not there, and with the user's consent the same model
 * runs and writes it. Our own models and the real Keras fixtures pass, their savers excused.
 */
public class FileOperationScanTest {

	private static final ModelOptions ALLOW = ModelOptions.defaults().allowFileOperations(true);

	private static void runsAndScoresAsItsWeightsSay(final LayerModel m) {
		final float[] image = TinyModels.image(7);
		assertArrayEquals(TinyModels.logits(image, 3), m.run(image, 1, List.of(m.description()
			.scores()))[0], 1e-5f);
	}

	private static String notes(final LayerModel m) {
		return String.join("\n", m.description().notes());
	}

	@Test
	public void aModelThatCopiesAFileIsRefusedAndTheCopyIsNotMade() throws Exception {
		final Path dir = TestModels.newFolder("readwrite");
		final Path secret = Files.writeString(dir.resolve("secret.txt"), "the user's secret");
		final Path copy = dir.resolve("stolen.txt");
		final Path model = FileOpModels.readWrite(dir.resolve("model"), secret, copy);

		assertMessage(() -> LayerModel.open(model), model.toString(), "did not load it",
			"'read_secret' (ReadFile, in the top-level graph): reads a file",
			"'copy_secret' (WriteFile, in the top-level graph): writes a file",
			FileOperationScan.OPTION + "=true");
		assertFalse(Files.exists(copy), "refused before anything ran");

		// the user's consent: it runs, says what it has, and the copy is made (the scan guarded
		// a real effect)
		try (LayerModel m = LayerModel.open(model, ALLOW)) {
			assertTrue(notes(m).contains("'copy_secret' (WriteFile, in the top-level graph)"), notes(
				m));
			assertEquals("the user's secret", Files.readString(copy));
			Files.delete(copy);
			runsAndScoresAsItsWeightsSay(m);
			assertEquals("the user's secret", Files.readString(copy), "every run writes it");
		}
	}

	@Test
	public void printingToAFileIsRefused() throws Exception {
		final Path dir = TestModels.newFolder("print");
		final Path log = dir.resolve("printed.txt");
		final Path model = FileOpModels.printToFile(dir.resolve("model"), log);
		assertMessage(() -> LayerModel.open(model), "'print_to_file' (PrintV2, in the top-level " +
			"graph): prints to 'file://" + log + "'");
		assertFalse(Files.exists(log));
		try (LayerModel m = LayerModel.open(model, ALLOW)) {
			runsAndScoresAsItsWeightsSay(m);
			assertTrue(Files.readString(log).contains("printed by the model"));
		}
	}

	@Test
	public void listingFilesIsRefused() throws Exception {
		final Path dir = TestModels.newFolder("list");
		final Path model = FileOpModels.matchingFiles(dir.resolve("model"), dir + "/*");
		assertMessage(() -> LayerModel.open(model), "1 operation",
			"'list_home' (MatchingFiles, in the top-level graph): lists the files matching a pattern");
		try (LayerModel m = LayerModel.open(model, ALLOW)) {
			assertTrue(notes(m).contains("'list_home' (MatchingFiles"), notes(m));
			runsAndScoresAsItsWeightsSay(m);
		}
	}

	@Test
	public void aWriteInsideAFunctionBodyIsRefused() throws Exception {
		final Path dir = TestModels.newFolder("body");
		final Path target = dir.resolve("from-body.txt");
		final Path model = FileOpModels.writeInFunction(dir.resolve("model"), target);
		assertMessage(() -> LayerModel.open(model),
			"'write_from_body' (WriteFile, in function '__inference_model_with_a_write");
		assertFalse(Files.exists(target));
		try (LayerModel m = LayerModel.open(model, ALLOW)) {
			runsAndScoresAsItsWeightsSay(m);
			assertEquals("written inside a function", Files.readString(target));
		}
	}

	@Test
	public void aWriteInTheInitialisationOpIsRefusedBeforeLoading() throws Exception {
		// TensorFlow runs the init op while it loads the model: only a scan before loading stops it
		final Path dir = TestModels.newFolder("init");
		final Path target = dir.resolve("on-load.txt");
		final Path model = FileOpModels.writeOnLoad(dir.resolve("model"), target);
		assertMessage(() -> LayerModel.open(model), "'init/write' (WriteFile, in the top-level " +
			"graph): writes a file, as soon as the model is loaded");
		assertFalse(Files.exists(target));
		try (LayerModel m = LayerModel.open(model, ALLOW.scoresOnly().withScoreKind(
			ScoreKind.LOGITS)))
		{
			assertEquals("written while loading", Files.readString(target), "written by loading " +
				"alone: no batch ran (scores given, so no probe)");
			runsAndScoresAsItsWeightsSay(m);
		}
	}

	// -- the saver's exception, on hand-built meta graphs --

	private static NodeDef node(final String name, final String op, final String... inputs) {
		return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(inputs)).build();
	}

	private static NodeDef call(final String name, final String function, final String... inputs) {
		return node(name, "StatefulPartitionedCall", inputs).toBuilder().putAttr("f", AttrValue
			.newBuilder().setFunc(NameAttrList.newBuilder().setName(function)).build()).build();
	}

	private static FunctionDef function(final String name, final NodeDef... nodes) {
		final FunctionDef.Builder f = FunctionDef.newBuilder();
		f.getSignatureBuilder().setName(name);
		for (final NodeDef n : nodes)
			f.addNodeDef(n);
		return f.build();
	}

	/** A TF1-style saver as TF Java writes it, plus the extra nodes. */
	private static MetaGraphDef tf1(final String restoreOp, final NodeDef... extra) {
		final MetaGraphDef.Builder m = MetaGraphDef.newBuilder().setSaverDef(SaverDef.newBuilder()
			.setFilenameTensorName("save/filename:0").setSaveTensorName("save/control_dependency")
			.setRestoreOpName(restoreOp));
		m.getGraphDefBuilder().addNode(node("save/filename", "Placeholder")).addNode(node(
			"save/Const", "Const")).addNode(node("save/Save", "SaveV2", "save/filename",
				"save/Const")).addNode(node("save/control_dependency", "Identity", "save/filename",
					"^save/Save")).addNode(node("save/Restore", "RestoreV2", "save/filename",
						"save/Const")).addNode(node("save/restore_all", "NoOp", "^save/Restore"));
		for (final NodeDef n : extra)
			m.getGraphDefBuilder().addNode(n);
		return m.build();
	}

	private static List<String> ops(final List<FileOperationScan.Finding> fs) {
		return fs.stream().map(f -> f.op() + "@" + (f.function() == null ? "" : f.function()) + ":" +
			f.node()).collect(Collectors.toList());
	}

	@Test
	public void theSaversOwnCheckpointOperationsAreExcusedAndNothingElse() {
		final FileOperationScan.Result clean = FileOperationScan.scan(tf1("save/restore_all"));
		assertEquals(List.of(), ops(clean.findings()));
		assertEquals(List.of("SaveV2@:save/Save", "RestoreV2@:save/Restore"), ops(clean
			.saverOperations()));

		// a WriteFile hidden in the restore path (it would run on load) is not excused
		final FileOperationScan.Result hidden = FileOperationScan.scan(tf1("evil/restore_all",
			FileOpModels.constString("evil/name", "/home/user/.bashrc"), node("evil/write",
				"WriteFile", "evil/name", "evil/name"), node("evil/restore_all", "NoOp",
					"^save/restore_all", "^evil/write")));
		assertEquals(List.of("WriteFile@:evil/write"), ops(hidden.findings()));
		assertTrue(hidden.findings().get(0).runsOnLoad());
		assertTrue(hidden.findings().get(0).describe().endsWith("as soon as the model is loaded"));

		// a checkpoint write the restore operation needs runs on load: not excused either, while
		// the restore side's own read still is
		final FileOperationScan.Result saveOnRestore = FileOperationScan.scan(tf1(
			"evil/restore_all", node("evil/save", "SaveV2", "save/filename", "save/Const"), node(
				"evil/restore_all", "NoOp", "^save/restore_all", "^evil/save")));
		assertEquals(List.of("SaveV2@:evil/save"), ops(saveOnRestore.findings()));

		// checkpoint operations outside the saver: refused
		final FileOperationScan.Result outside = FileOperationScan.scan(tf1("save/restore_all",
			FileOpModels.constString("other/prefix", "/tmp/other"), node("other/restore",
				"RestoreV2", "other/prefix", "other/prefix"), node("other/merge", "MergeV2Checkpoints",
					"other/prefix", "other/prefix")));
		assertEquals(List.of("RestoreV2@:other/restore", "MergeV2Checkpoints@:other/merge"), ops(
			outside.findings()));
		assertFalse(outside.findings().get(0).runsOnLoad());

		// printing to a standard stream is fine, to a file it is not
		final NodeDef stderr = node("print/stderr", "PrintV2", "save/Const");
		final NodeDef stdout = node("print/stdout", "PrintV2", "save/Const").toBuilder().putAttr(
			"output_stream", AttrValue.newBuilder().setS(com.google.protobuf.ByteString.copyFromUtf8(
				"stdout")).build()).build();
		final NodeDef file = node("print/file", "PrintV2", "save/Const").toBuilder().putAttr(
			"output_stream", AttrValue.newBuilder().setS(com.google.protobuf.ByteString.copyFromUtf8(
				"file:///tmp/log")).build()).build();
		assertEquals(List.of("PrintV2@:print/file"), ops(FileOperationScan.scan(tf1(
			"save/restore_all", stderr, stdout, file)).findings()));
	}

	/** A TF2-style saver: save and restore functions called by the saver's call nodes. */
	private static MetaGraphDef tf2(final List<NodeDef> extraNodes,
		final List<FunctionDef> extraFunctions)
	{
		final MetaGraphDef.Builder m = MetaGraphDef.newBuilder().setSaverDef(SaverDef.newBuilder()
			.setFilenameTensorName("saver_filename:0").setSaveTensorName("StatefulPartitionedCall_1:0")
			.setRestoreOpName("StatefulPartitionedCall_2"));
		m.getGraphDefBuilder().addNode(node("saver_filename", "Placeholder")).addNode(call(
			"StatefulPartitionedCall_1", "__inference__traced_save_1", "saver_filename")).addNode(
				call("StatefulPartitionedCall_2", "__inference__traced_restore_2", "saver_filename"))
			.addNode(node("image", "Placeholder")).addNode(call("StatefulPartitionedCall",
				"__inference_signature_wrapper_3", "image")).addAllNode(extraNodes);
		m.getGraphDefBuilder().getLibraryBuilder().addFunction(function(
			"__inference__traced_save_1", node("ShardedFilename", "ShardedFilename"), node("SaveV2",
				"SaveV2"), node("MergeV2Checkpoints", "MergeV2Checkpoints"))).addFunction(function(
					"__inference__traced_restore_2", node("RestoreV2", "RestoreV2"))).addFunction(
						function("__inference_signature_wrapper_3", node("MatMul", "MatMul")))
			.addAllFunction(extraFunctions);
		return m.build();
	}

	@Test
	public void tf2SaverFunctionsAreExcusedOnlyWhileNothingElseCallsThem() {
		final FileOperationScan.Result clean = FileOperationScan.scan(tf2(List.of(), List.of()));
		assertEquals(List.of(), ops(clean.findings()));
		assertEquals(Set.of("ShardedFilename@__inference__traced_save_1:ShardedFilename",
			"SaveV2@__inference__traced_save_1:SaveV2",
			"MergeV2Checkpoints@__inference__traced_save_1:MergeV2Checkpoints",
			"RestoreV2@__inference__traced_restore_2:RestoreV2"), new TreeSet<>(ops(clean
				.saverOperations())));
		// the restore function runs on load
		assertTrue(clean.saverOperations().stream().filter(f -> f.op().equals("RestoreV2"))
			.allMatch(FileOperationScan.Finding::runsOnLoad));

		// the serving path calls the save function too: its writes are no longer the saver's own
		final FileOperationScan.Result shared = FileOperationScan.scan(tf2(List.of(call(
			"serving_save", "__inference__traced_save_1", "image")), List.of()));
		assertEquals(Set.of("ShardedFilename@__inference__traced_save_1:ShardedFilename",
			"SaveV2@__inference__traced_save_1:SaveV2",
			"MergeV2Checkpoints@__inference__traced_save_1:MergeV2Checkpoints"), new TreeSet<>(ops(
				shared.findings())));

		// a function nobody calls, and one reached only through an If's branch: scanned all the
		// same; a function the restore calls may not write
		final NodeDef branch = node("cond", "If", "image").toBuilder().putAttr("then_branch",
			AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName("then_fn")).build())
			.build();
		final FileOperationScan.Result more = FileOperationScan.scan(tf2(List.of(branch), List.of(
			function("unused_fn", node("w", "WriteFile")), function("then_fn", node("r",
				"ReadFile")))));
		assertEquals(Set.of("WriteFile@unused_fn:w", "ReadFile@then_fn:r"), new TreeSet<>(ops(more
			.findings())));
		final MetaGraphDef.Builder restoreWrites = tf2(List.of(), List.of()).toBuilder();
		restoreWrites.getGraphDefBuilder().getLibraryBuilder().getFunctionBuilder(1).addNodeDef(
			node("sneaky", "WriteFile"));
		assertEquals(List.of("WriteFile@__inference__traced_restore_2:sneaky"), ops(
			FileOperationScan.scan(restoreWrites.build()).findings()));
	}

	@Test
	public void ourModelsAndTheRealKerasExportsPassWithTheirSaversExcused() {
		for (final Path keras : List.of(TestModels.kerasMnistCnn(), TestModels.kerasMnistMlp())) {
			final FileOperationScan.Result r = FileOperationScan.scan(SavedModelFile.read(keras)
				.choose(List.of()).def());
			assertEquals(List.of(), ops(r.findings()), keras.toString());
			final Set<String> excused = new TreeSet<>();
			for (final FileOperationScan.Finding f : r.saverOperations()) {
				assertTrue(f.function().startsWith("__inference__traced_"), f.describe());
				excused.add(f.op());
			}
			assertEquals(Set.of("MergeV2Checkpoints", "RestoreV2", "SaveV2", "ShardedFilename"),
				excused, keras.toString());
		}
		final List<Path> ours = new ArrayList<>(List.of(TestModels.shapes()));
		for (final ExportStyle s : ExportStyle.values())
			ours.add(TestModels.vgg6(s));
		for (final Path model : ours) {
			final FileOperationScan.Result r = FileOperationScan.scan(SavedModelFile.read(model)
				.choose(List.of()).def());
			assertEquals(List.of(), ops(r.findings()), model.toString());
			assertEquals(List.of("SaveV2@:save/Save", "RestoreV2@:save/Restore"), ops(r
				.saverOperations()), model.toString());
		}
	}

	@Test
	public void theDenylistHoldsTensorFlowsOwnAndNamesOnlyRealOperations() {
		final Set<String> registered = new TreeSet<>();
		for (final OpDef d : TensorFlow.registeredOpList().getOpList())
			registered.add(d.getName());
		final Set<String> unknown = new TreeSet<>(FileOperationScan.denylist().keySet());
		unknown.removeAll(registered);
		assertEquals(Set.of(), unknown, "typos or operations this TensorFlow does not have");
		// saved_model_cli scan's default denylist
		assertTrue(FileOperationScan.denylist().keySet().containsAll(List.of("ReadFile",
			"WriteFile", "PrintV2")));
		for (final String op : List.of("MatchingFiles", "ImmutableConst", "TFRecordDataset",
			"TextLineDataset", "FixedLengthRecordDataset", "CreateSummaryFileWriter", "WriteSummary",
			"SaveV2", "RestoreV2", "Save", "Restore", "SaveSlices", "RestoreSlice",
			"MergeV2Checkpoints", "ShardedFilename", "TFRecordReaderV2", "RpcCall", "EagerPyFunc"))
			assertTrue(FileOperationScan.denylist().containsKey(op), op);
	}
}
