/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import io.github.layertracer.api.LayerTracerException;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Finds the operations of a SavedModel's meta graph that reach outside the computation: that
 * read, write, list, map or delete files, print to a file, call back into Python or reach the
 * network. A model is a program, and loading it already runs some of it (its restore and
 * initialisation operations); a classifier needs none of these operations.
 * <p>
 * The scan reads the meta graph as parsed by {@link SavedModelFile}, before TensorFlow loads
 * anything: every node of the top-level graph and of every function of the library, called or
 * not (restore and initialisation functions run on load; others may be reached through
 * attributes this scan does not follow).
 * </p>
 * <p>
 * The one exception is the SavedModel's own saver ({@code meta_graph.saver_def}): its save and
 * restore operations are how the loader restores the weights from {@code variables/}. Only
 * checkpoint operations are excused there (a {@code WriteFile} hidden in the saver is not), only
 * on the side they belong to (an operation that writes checkpoints is excused when only the
 * save tensor needs it, never when the restore operation, which runs on load, does), and inside
 * functions only when nothing but the saver calls them.
 * </p>
 */
public final class FileOperationScan {

	/** The option key that lets a model with such operations run, for messages. */
	public static final String OPTION = "allow_file_operations";

	/** Why each denied operation type is denied, by op type. */
	private static final Map<String, String> DENIED = new LinkedHashMap<>();
	/** Checkpoint operations that only read (the restore side of a saver). */
	private static final Set<String> RESTORE_OPS = Set.of("RestoreV2", "Restore", "RestoreSlice");
	/** Checkpoint operations that write or merge (the save side of a saver). */
	private static final Set<String> SAVE_OPS = Set.of("SaveV2", "Save", "SaveSlices",
		"MergeV2Checkpoints");
	/** Checkpoint operations that only build file names (either side). */
	private static final Set<String> NAME_OPS = Set.of("ShardedFilename", "ShardedFilespec");
	/** The streams {@code PrintV2} may print to without touching a file. */
	private static final Set<String> STANDARD_STREAMS = Set.of("stderr", "stdout", "log(info)",
		"log(warning)", "log(error)");

	private static void deny(final String reason, final String... ops) {
		for (final String op : ops)
			DENIED.put(op, reason);
	}

	static {
		// TensorFlow's own `saved_model_cli scan` denylist: ReadFile, WriteFile, PrintV2
		// (PrintV2 is denied below only where it prints to something other than a standard
		// stream: its output_stream may be "file://path", which appends to that file).
		deny("reads a file", "ReadFile");
		deny("writes a file", "WriteFile");
		deny("prints to a file", "PrintV2");
		// Listing the file system: reveals what is there (names, which files exist).
		deny("lists the files matching a pattern", "MatchingFiles");
		// Checkpoints: they read and write the files named by their prefix input. A saver needs
		// them (see the exception above); anywhere else they read or overwrite any file.
		deny("writes a checkpoint file", "SaveV2", "Save", "SaveSlices");
		deny("reads a checkpoint file", "RestoreV2", "Restore", "RestoreSlice", "DTensorRestoreV2",
			"LoadAndRemapMatrix");
		// TensorFlow has no DeleteFile or RenameFile operation; this one renames the shards into
		// the destination and deletes the originals (and, with delete_old_dirs, their folders).
		deny("merges checkpoint files, renaming and deleting files", "MergeV2Checkpoints");
		// Only builds strings, but is a saver's part and names files to write; the plural
		// "ShardedFilenames" some documents mention is not a TensorFlow operation.
		deny("builds checkpoint file names", "ShardedFilename", "ShardedFilespec");
		// Maps a file into memory (memory_region_name is a path).
		deny("maps a file into memory", "ImmutableConst");
		// TF1 queue readers: the reader ops create a reader of the files fed to it, the read ops
		// read them.
		deny("reads files (a queue reader)", "WholeFileReader", "WholeFileReaderV2",
			"TextLineReader", "TextLineReaderV2", "TFRecordReader", "TFRecordReaderV2",
			"FixedLengthRecordReader", "FixedLengthRecordReaderV2", "LMDBReader", "ReaderRead",
			"ReaderReadV2", "ReaderReadUpTo", "ReaderReadUpToV2");
		// tf.data sources that take file names.
		deny("reads the files it is given (a dataset)", "TFRecordDataset", "TFRecordDatasetV2",
			"TextLineDataset", "FixedLengthRecordDataset", "FixedLengthRecordDatasetV2",
			"CSVDataset", "CSVDatasetV2", "ExperimentalCSVDataset", "LMDBDataset",
			"ExperimentalLMDBDataset", "RecordInput");
		deny("lists the files matching a pattern (a dataset)", "MatchingFilesDataset",
			"ExperimentalMatchingFilesDataset");
		deny("queries a database file", "SqlDataset", "ExperimentalSqlDataset");
		// tf.data operations that keep or load data on disk.
		deny("caches a dataset in a file", "CacheDataset", "CacheDatasetV2");
		deny("writes or reads dataset snapshots on disk", "SnapshotDataset", "SnapshotDatasetV2",
			"SnapshotDatasetReader", "SnapshotNestedDatasetReader", "SnapshotChunkDataset",
			"ListSnapshotChunksDataset");
		deny("writes a dataset to files", "SaveDataset", "SaveDatasetV2", "DatasetToTFRecord",
			"ExperimentalDatasetToTFRecord");
		deny("reads a dataset saved on disk", "LoadDataset");
		// tf.data service: a server reached over the network.
		deny("talks to a tf.data service over the network", "DataServiceDataset",
			"DataServiceDatasetV2", "DataServiceDatasetV3", "DataServiceDatasetV4",
			"RegisterDataset", "RegisterDatasetV2", "DistributedSave");
		// A serialized dataset graph carried as a string: what it runs cannot be scanned.
		deny("runs an embedded dataset graph that cannot be checked", "DatasetFromGraph");
		// Summaries: the writers create event files (or a database) in a log folder; the write
		// ops append to them. The ops that only build summary protos (ScalarSummary, …) are
		// harmless and not listed.
		deny("writes summaries to event files", "CreateSummaryFileWriter", "SummaryWriter",
			"WriteSummary", "WriteScalarSummary", "WriteHistogramSummary", "WriteImageSummary",
			"WriteAudioSummary", "WriteGraphSummary", "WriteRawProtoSummary", "ImportEvent",
			"FlushSummaryWriter", "CloseSummaryWriter");
		deny("writes summaries to a database file", "CreateSummaryDbWriter");
		// Debugging ops: their debug_urls send tensors to files (file://) or to a gRPC server.
		deny("sends tensors to debug files or a debug server", "DebugIdentity", "DebugIdentityV2",
			"DebugIdentityV3", "DebugNanCount", "DebugNumericSummary");
		deny("writes tensors to a file", "DumpTensor");
		deny("writes statistics to a file", "CalibrationStatisticsSaver");
		// Vocabulary and lookup tables filled from files named in the graph.
		deny("fills a lookup table from a text file", "InitializeTableFromTextFile",
			"InitializeTableFromTextFileV2");
		deny("reads vocabulary files", "GenerateVocabRemapping");
		deny("reads a vocabulary file", "FixedUnigramCandidateSampler");
		deny("reads a text corpus file", "Skipgram");
		deny("reads a protocol buffer descriptor file", "DecodeProtoV2", "EncodeProto");
		// Python callbacks: run whatever Python code they name.
		deny("calls back into Python, which can run any program", "PyFunc", "PyFuncStateless",
			"EagerPyFunc");
		// Network: remote procedure calls and functions run on another machine. Collectives and
		// Send/Recv are not listed: without a cluster, which LayerTracer never configures, they
		// stay within the session's own devices.
		deny("makes or serves remote procedure calls over the network", "RpcClient", "RpcServer",
			"RpcServerRegister", "RpcServerStart", "RpcCall", "RpcCheckStatus", "RpcGetValue",
			"DeleteRpcFutureResource");
		deny("runs a function on another machine or device", "RemoteCall");
		deny("changes how TensorFlow reaches file systems (credentials, endpoints)",
			"FileSystemSetConfiguration");
	}

	/** One operation that reaches outside the computation. */
	public static final class Finding {

		private final String node;
		private final String op;
		private final String function;
		private final String reason;
		private final boolean onLoad;

		Finding(final String node, final String op, final String function, final String reason,
			final boolean onLoad)
		{
			this.node = node;
			this.op = op;
			this.function = function;
			this.reason = reason;
			this.onLoad = onLoad;
		}

		/** The node's name. */
		public String node() {
			return node;
		}

		/** The operation type, e.g. {@code WriteFile}. */
		public String op() {
			return op;
		}

		/** The library function that holds it; null for the top-level graph. */
		public String function() {
			return function;
		}

		/** What it does, for the user. */
		public String reason() {
			return reason;
		}

		/** Whether it runs when the model is loaded (restore or initialisation). */
		public boolean runsOnLoad() {
			return onLoad;
		}

		/** Where it sits: {@code the top-level graph} or {@code function '…'}. */
		public String place() {
			return function == null ? "the top-level graph" : "function '" + function + "'";
		}

		/** {@code 'w' (WriteFile, in the top-level graph): writes a file}. */
		public String describe() {
			return "'" + node + "' (" + op + ", in " + place() + "): " + reason + (onLoad
				? ", as soon as the model is loaded" : "");
		}

		@Override
		public String toString() {
			return describe();
		}
	}

	/** What the scan found: the operations to refuse and the saver's own, excused. */
	public static final class Result {

		private final List<Finding> findings;
		private final List<Finding> saver;

		Result(final List<Finding> findings, final List<Finding> saver) {
			this.findings = Collections.unmodifiableList(findings);
			this.saver = Collections.unmodifiableList(saver);
		}

		/** Operations that reach outside the computation; empty for a clean model. */
		public List<Finding> findings() {
			return findings;
		}

		/** The saver's checkpoint operations, which the loader needs and the scan excused. */
		public List<Finding> saverOperations() {
			return saver;
		}

		/** The refusal: every finding (up to 20), what it means and what to do. */
		LayerTracerException refusal(final Path folder) {
			return new LayerTracerException("Model " + folder + " has " + count() + " outside the " +
				"computation, so LayerTracer did not load it: " + list(findings, "; ") + ". An image " +
				"classifier needs none of them; a model that has them can read, change or send your " +
				"files when it runs, some as soon as it is loaded. If you trust this model and where " +
				"it comes from, open it with " + OPTION + "=true");
		}

		/** The findings as notes for the model's description, when the user allowed them. */
		List<String> notes() {
			final List<String> notes = new ArrayList<>();
			if (findings.isEmpty()) return notes;
			notes.add("opened with " + OPTION + "=true: the model has " + count() + " outside the " +
				"computation: " + list(findings, "; "));
			return notes;
		}

		private String count() {
			return findings.size() == 1 ? "1 operation that reaches" : findings.size() +
				" operations that reach";
		}

		private static String list(final List<Finding> fs, final String sep) {
			final StringBuilder sb = new StringBuilder();
			for (int i = 0; i < fs.size() && i < 20; i++) {
				if (i > 0) sb.append(sep);
				sb.append(fs.get(i).describe());
			}
			if (fs.size() > 20) sb.append(sep).append("and ").append(fs.size() - 20).append(" more");
			return sb.toString();
		}
	}

	private FileOperationScan() {}

	/** Scans the top-level graph and every function of the meta graph's library. */
	static Result scan(final MetaGraphDef meta) {
		final Map<String, NodeDef> top = new LinkedHashMap<>();
		for (final NodeDef n : meta.getGraphDef().getNodeList())
			top.put(n.getName(), n);
		final Map<String, FunctionDef> library = new LinkedHashMap<>();
		for (final FunctionDef f : meta.getGraphDef().getLibrary().getFunctionList())
			library.put(f.getSignature().getName(), f);

		// the saver's two sides, in the top-level graph, and the functions each side calls
		final SaverDef saver = meta.getSaverDef();
		final Set<String> saveSide = closure(top, List.of(saver.getSaveTensorName(), saver
			.getFilenameTensorName()));
		final Set<String> restoreSide = closure(top, List.of(saver.getRestoreOpName(), saver
			.getFilenameTensorName()));
		final Set<String> rest = new HashSet<>(top.keySet());
		rest.removeAll(saveSide);
		rest.removeAll(restoreSide);
		final Set<String> saveFns = functions(top, saveSide, library);
		final Set<String> restoreFns = functions(top, restoreSide, library);
		final Set<String> otherFns = functions(top, rest, library);
		final Set<String> saveOnlyFns = new HashSet<>(saveFns);
		saveOnlyFns.removeAll(restoreFns);
		saveOnlyFns.removeAll(otherFns);
		final Set<String> restoreOnlyFns = new HashSet<>(restoreFns);
		restoreOnlyFns.removeAll(otherFns);

		// what runs on load: the restore operation and the initialisation operations
		final List<String> onLoadRoots = new ArrayList<>(initOps(meta));
		onLoadRoots.add(saver.getRestoreOpName());
		final Set<String> onLoad = closure(top, onLoadRoots);
		final Set<String> onLoadFns = functions(top, onLoad, library);

		final List<Finding> findings = new ArrayList<>();
		final List<Finding> excused = new ArrayList<>();
		for (final NodeDef n : top.values()) {
			final String reason = reason(n);
			if (reason == null) continue;
			final Finding f = new Finding(n.getName(), n.getOp(), null, reason, onLoad.contains(n
				.getName()));
			final boolean saverOwn = RESTORE_OPS.contains(n.getOp()) && (restoreSide.contains(n
				.getName()) || saveSide.contains(n.getName())) || NAME_OPS.contains(n.getOp()) &&
				(restoreSide.contains(n.getName()) || saveSide.contains(n.getName())) || SAVE_OPS
					.contains(n.getOp()) && saveSide.contains(n.getName()) && !restoreSide.contains(n
						.getName());
			(saverOwn ? excused : findings).add(f);
		}
		for (final FunctionDef fn : library.values()) {
			final String name = fn.getSignature().getName();
			for (final NodeDef n : fn.getNodeDefList()) {
				final String reason = reason(n);
				if (reason == null) continue;
				final Finding f = new Finding(n.getName(), n.getOp(), name, reason, onLoadFns.contains(
					name));
				final boolean saverOwn = restoreOnlyFns.contains(name) && (RESTORE_OPS.contains(n
					.getOp()) || NAME_OPS.contains(n.getOp())) || saveOnlyFns.contains(name) && (SAVE_OPS
						.contains(n.getOp()) || RESTORE_OPS.contains(n.getOp()) || NAME_OPS.contains(n
							.getOp()));
				(saverOwn ? excused : findings).add(f);
			}
		}
		return new Result(findings, excused);
	}

	/** Why a node is denied, or null if it is not. */
	static String reason(final NodeDef n) {
		final String reason = DENIED.get(n.getOp());
		if (reason == null) return null;
		switch (n.getOp()) {
			case "PrintV2": {
				// default "stderr"; a placeholder (a function attribute) could be anything
				final AttrValue s = n.getAttrMap().get("output_stream");
				if (s == null) return null;
				if (s.getValueCase() == AttrValue.ValueCase.S && STANDARD_STREAMS.contains(s.getS()
					.toStringUtf8())) return null;
				return "prints to " + (s.getValueCase() == AttrValue.ValueCase.S ? "'" + s.getS()
					.toStringUtf8() + "'" : "a stream set when it is called") + ", not to a console";
			}
			case "DecodeProtoV2":
			case "EncodeProto": {
				// default "local://" (the binary's own descriptors); "bytes://…" carries them inline
				final AttrValue s = n.getAttrMap().get("descriptor_source");
				if (s == null) return null;
				final String v = s.getValueCase() == AttrValue.ValueCase.S ? s.getS().toStringUtf8()
					: null;
				if (v != null && (v.isEmpty() || v.equals("local://") || v.startsWith("bytes://")))
					return null;
				return reason;
			}
			case "FixedUnigramCandidateSampler": {
				final AttrValue s = n.getAttrMap().get("vocab_file");
				if (s == null || s.getValueCase() == AttrValue.ValueCase.S && s.getS().isEmpty())
					return null;
				return reason;
			}
			default:
				return reason;
		}
	}

	/** The initialisation operations TensorFlow's loader runs after restoring. */
	private static List<String> initOps(final MetaGraphDef meta) {
		final List<String> ops = new ArrayList<>();
		final SignatureDef init = meta.getSignatureDefMap().get("__saved_model_init_op");
		if (init != null) for (final TensorInfo t : init.getOutputsMap().values())
			ops.add(t.getName());
		for (final String key : List.of("saved_model_main_op", "legacy_init_op", "main_op",
			"init_op"))
		{
			final CollectionDef c = meta.getCollectionDefMap().get(key);
			if (c != null) ops.addAll(c.getNodeList().getValueList());
		}
		return ops;
	}

	/**
	 * The top-level nodes the given tensors or operations need: their producers and everything
	 * those depend on, control inputs included.
	 */
	private static Set<String> closure(final Map<String, NodeDef> nodes,
		final List<String> roots)
	{
		final Set<String> seen = new HashSet<>();
		final Deque<String> todo = new ArrayDeque<>();
		for (final String r : roots)
			if (r != null && !r.isEmpty()) todo.add(LayerFinder.nodeName(r));
		while (!todo.isEmpty()) {
			final String name = todo.pop();
			final NodeDef n = nodes.get(name);
			if (n == null || !seen.add(name)) continue;
			for (final String in : n.getInputList())
				todo.add(LayerFinder.nodeName(in));
		}
		return seen;
	}

	/** The library functions the given top-level nodes call, directly or through other functions. */
	private static Set<String> functions(final Map<String, NodeDef> top, final Set<String> from,
		final Map<String, FunctionDef> library)
	{
		final Set<String> seen = new HashSet<>();
		final Deque<String> todo = new ArrayDeque<>();
		for (final String name : from) {
			final NodeDef n = top.get(name);
			if (n != null) todo.addAll(called(n, library));
		}
		while (!todo.isEmpty()) {
			final String f = todo.pop();
			if (!seen.add(f)) continue;
			for (final NodeDef n : library.get(f).getNodeDefList())
				todo.addAll(called(n, library));
		}
		return seen;
	}

	/**
	 * The library functions a node names: its op type when that is a function, and every function
	 * in its attributes ({@code f}, {@code then_branch}, {@code body}, {@code branches}, …).
	 */
	private static List<String> called(final NodeDef n, final Map<String, FunctionDef> library) {
		final List<String> out = new ArrayList<>();
		if (library.containsKey(n.getOp())) out.add(n.getOp());
		for (final AttrValue a : n.getAttrMap().values()) {
			if (a.hasFunc() && library.containsKey(a.getFunc().getName())) out.add(a.getFunc()
				.getName());
			if (a.hasList()) for (final org.tensorflow.proto.NameAttrList f : a.getList().getFuncList())
				if (library.containsKey(f.getName())) out.add(f.getName());
		}
		return out;
	}

	/** For tests: the reasons by op type. */
	static Map<String, String> denylist() {
		return Collections.unmodifiableMap(new HashMap<>(DENIED));
	}
}
