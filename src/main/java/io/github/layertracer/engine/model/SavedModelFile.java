/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.engine.model;

import io.github.layertracer.api.LayerTracerException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;

import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * A SavedModel folder as LayerTracer reads it itself, before TensorFlow loads anything: the
 * {@code saved_model.pb} (or {@code saved_model.pbtxt}) parsed with TensorFlow's own
 * {@link SavedModel} message, its meta graphs with their tag sets and signature keys, and the
 * choice of the meta graph to load.
 * <p>
 * Everything that can be wrong with the path is said here in the user's terms: a Keras file given
 * instead of a SavedModel (with the Python line that exports one), a folder without
 * {@code saved_model.pb}, a file that is empty, truncated, text, not a protocol buffer or not a
 * SavedModel, one that cannot be read, a tag set the file does not hold. No message carries a
 * library's exception text; the cause stays attached for logs.
 * </p>
 */
public final class SavedModelFile {

	/** The tag TensorFlow Serving and Keras put on the inference graph. */
	public static final String SERVE = "serve";

	private static final long MAX_PROTO_BYTES = Integer.MAX_VALUE - 8L;

	/** One meta graph of the file: its tag set and its signature keys. */
	public static final class MetaGraph {

		private final List<String> tags;
		private final List<String> signatures;
		private final MetaGraphDef def;

		MetaGraph(final MetaGraphDef def) {
			this.def = def;
			this.tags = Collections.unmodifiableList(new ArrayList<>(def.getMetaInfoDef()
				.getTagsList()));
			this.signatures = Collections.unmodifiableList(def.getSignatureDefMap().keySet().stream()
				.sorted().collect(Collectors.toList()));
		}

		/** Its tags, in the file's order. */
		public List<String> tags() {
			return tags;
		}

		/** Its signature keys, sorted. */
		public List<String> signatures() {
			return signatures;
		}

		/** The meta graph itself: graph, function library, signatures, saver. */
		MetaGraphDef def() {
			return def;
		}

		/** The tags as the {@code tags=} option takes them: comma-separated. */
		public String tagList() {
			return String.join(",", tags);
		}

		/** Whether the tag set is exactly the given one, in any order. */
		boolean hasTags(final List<String> wanted) {
			return new HashSet<>(tags).equals(new HashSet<>(wanted));
		}

		/** {@code tag set 'serve' (signatures: a, b)}. */
		String describe() {
			return (tags.isEmpty() ? "a meta graph without tags" : "tag set '" + tagList() + "'") +
				" (signatures: " + (signatures.isEmpty() ? "none" : String.join(", ", signatures)) +
				")";
		}

		/**
		 * Whether loading restores weights from {@code variables/}: the graph or a function of its
		 * library has a restore operation.
		 */
		boolean restoresVariables() {
			if (hasRestore(def.getGraphDef().getNodeList())) return true;
			for (final FunctionDef f : def.getGraphDef().getLibrary().getFunctionList())
				if (hasRestore(f.getNodeDefList())) return true;
			return false;
		}

		/**
		 * Operation types of the graph and its functions that are neither TensorFlow's (the one
		 * LayerTracer runs) nor functions of the library: custom operations or ones from a newer
		 * TensorFlow, which loading would fail on. Sorted.
		 */
		List<String> unknownOperations() {
			final Set<String> functions = new HashSet<>();
			for (final FunctionDef f : def.getGraphDef().getLibrary().getFunctionList())
				functions.add(f.getSignature().getName());
			final Set<String> unknown = new java.util.TreeSet<>();
			final List<NodeDef> all = new ArrayList<>(def.getGraphDef().getNodeList());
			for (final FunctionDef f : def.getGraphDef().getLibrary().getFunctionList())
				all.addAll(f.getNodeDefList());
			for (final NodeDef n : all)
				if (!functions.contains(n.getOp()) && !OpDefs.registered(n.getOp())) unknown.add(n
					.getOp());
			return new ArrayList<>(unknown);
		}

		private static boolean hasRestore(final List<NodeDef> nodes) {
			for (final NodeDef n : nodes)
				if (n.getOp().equals("RestoreV2") || n.getOp().equals("Restore") || n.getOp().equals(
					"RestoreSlice")) return true;
			return false;
		}
	}

	private final Path folder;
	private final Path file;
	private final List<MetaGraph> metaGraphs;

	private SavedModelFile(final Path folder, final Path file, final List<MetaGraph> metaGraphs) {
		this.folder = folder;
		this.file = file;
		this.metaGraphs = Collections.unmodifiableList(metaGraphs);
	}

	/** The SavedModel folder. */
	public Path folder() {
		return folder;
	}

	/** The file that was read: {@code saved_model.pb}, or {@code saved_model.pbtxt}. */
	public Path file() {
		return file;
	}

	/** Every meta graph of the file, in the file's order. */
	public List<MetaGraph> metaGraphs() {
		return metaGraphs;
	}

	/**
	 * Checks the path and reads the folder's {@code saved_model.pb} (TensorFlow's choice when
	 * both exist) or {@code saved_model.pbtxt}.
	 *
	 * @throws LayerTracerException if the path is missing, a file (a Keras {@code .keras} or
	 *           {@code .h5} file gets the way to export a SavedModel from it), a folder without
	 *           a SavedModel, or a file that cannot be read or is not a SavedModel
	 */
	public static SavedModelFile read(final Path folder) {
		checkPath(folder);
		final Path pb = folder.resolve("saved_model.pb");
		if (Files.isRegularFile(pb)) return parseBinary(folder, pb);
		final Path text = folder.resolve("saved_model.pbtxt");
		return parseText(folder, text, bytes(text));
	}

	/**
	 * The meta graph to load. With no tags asked for: the one tagged exactly {@code serve}, else
	 * the file's only one. With tags: the one with exactly that tag set, in any order.
	 *
	 * @throws LayerTracerException if there is no such meta graph (listing what the file holds)
	 */
	public MetaGraph choose(final List<String> tags) {
		if (tags == null || tags.isEmpty()) {
			for (final MetaGraph m : metaGraphs)
				if (m.hasTags(List.of(SERVE))) return m;
			if (metaGraphs.size() == 1) return metaGraphs.get(0);
			throw new LayerTracerException("SavedModel " + folder + " holds " + metaGraphs.size() +
				" meta graphs and none is tagged '" + SERVE + "' alone, so LayerTracer cannot tell " +
				"which to open. It holds: " + listing() + ". Choose one with tags=..., e.g. tags=" +
				example());
		}
		for (final MetaGraph m : metaGraphs)
			if (m.hasTags(tags)) return m;
		throw new LayerTracerException("SavedModel " + folder + " has no meta graph tagged '" +
			String.join(",", tags) + "'. It holds " + (metaGraphs.size() == 1 ? "one: " : metaGraphs
				.size() + ": ") + listing() + ". Set tags=" + example() + (metaGraphs.size() == 1
					? ", or leave tags empty to open the only one" : ""));
	}

	/**
	 * Refuses, before TensorFlow tries, a meta graph it cannot load: operations it does not
	 * know, or weights to restore without a {@code variables/} folder.
	 */
	void checkLoadable(final MetaGraph meta) {
		final List<String> unknown = meta.unknownOperations();
		if (!unknown.isEmpty()) throw new LayerTracerException("SavedModel " + folder + " uses " +
			(unknown.size() == 1 ? "an operation" : unknown.size() + " operations") + " that the " +
			"TensorFlow inside LayerTracer (" + org.tensorflow.TensorFlow.version() + ") does not " +
			"have: " + String.join(", ", unknown.subList(0, Math.min(10, unknown.size()))) + (unknown
				.size() > 10 ? " and " + (unknown.size() - 10) + " more" : "") + " (custom " +
			"operations, or ones from a newer TensorFlow); export the model with standard " +
			"TensorFlow operations, or with TensorFlow " + org.tensorflow.TensorFlow.version() +
			" or older");
		if (!Files.isDirectory(folder.resolve("variables")) && meta.restoresVariables())
			throw new LayerTracerException("SavedModel " + folder + " has no variables/ folder, so " +
				"its weights are missing (expected variables/variables.index and variables.data-*): " +
				"copy the whole folder that model.save or tf.saved_model.save wrote");
	}

	private String listing() {
		return metaGraphs.stream().map(MetaGraph::describe).collect(Collectors.joining("; "));
	}

	private String example() {
		for (final MetaGraph m : metaGraphs)
			if (!m.tags().isEmpty()) return m.tagList();
		return SERVE;
	}

	// -- the path --

	private static void checkPath(final Path folder) {
		if (folder == null) throw new LayerTracerException("No model folder given");
		if (!Files.exists(folder)) throw new LayerTracerException("Model folder " + folder +
			" does not exist");
		if (!Files.isDirectory(folder)) {
			final String kind = kerasKind(folder);
			if (kind != null) throw kerasFile(folder, kind, folder);
			if (folder.getFileName() != null && folder.getFileName().toString().equals(
				"saved_model.pb")) throw new LayerTracerException("Model path " + folder +
					" is the SavedModel's graph file; give the folder that holds it and its " +
					"variables/ instead: " + folder.toAbsolutePath().getParent());
			throw new LayerTracerException("Model path " + folder +
				" is a file, not a SavedModel folder (expected a folder with saved_model.pb and " +
				"variables/)");
		}
		if (Files.isRegularFile(folder.resolve("saved_model.pb")) || Files.isRegularFile(folder
			.resolve("saved_model.pbtxt"))) return;
		final List<Path> keras = kerasFiles(folder);
		if (!keras.isEmpty()) throw kerasFile(folder, kerasKind(keras.get(0)), keras.get(0));
		throw new LayerTracerException("Folder " + folder + " is not a TensorFlow SavedModel: it " +
			"has no saved_model.pb (expected the folder written by tf.saved_model.save, by " +
			"model.export in Keras 3 or by model.save in Keras 2)");
	}

	/** {@code .keras} or {@code .h5} for a Keras model file's name, else null. */
	private static String kerasKind(final Path p) {
		final Path name = p.getFileName();
		if (name == null) return null;
		final String n = name.toString().toLowerCase(Locale.ROOT);
		if (n.endsWith(".keras")) return ".keras";
		if (n.endsWith(".h5") || n.endsWith(".hdf5")) return ".h5";
		return null;
	}

	private static List<Path> kerasFiles(final Path folder) {
		final List<Path> out = new ArrayList<>();
		try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
			for (final Path p : s)
				if (Files.isRegularFile(p) && kerasKind(p) != null) out.add(p);
		}
		catch (final IOException e) {
			// an unreadable folder: the caller's message about saved_model.pb stands
		}
		out.sort(null);
		return out;
	}

	private static LayerTracerException kerasFile(final Path given, final String kind,
		final Path file)
	{
		final String what = kind.equals(".keras") ? "a Keras model file (.keras, the format " +
			"model.save writes in Keras 3)" : "an HDF5 file (.h5, the format model.save writes for " +
				"Keras 2 models given a .h5 name)";
		final String stem = stem(file);
		return new LayerTracerException((given.equals(file) ? "Model path " + file + " is "
			: "Folder " + given + " holds no saved_model.pb but " + file.getFileName() + ", ") + what +
			", not a TensorFlow SavedModel folder, which is what LayerTracer opens. Write one in " +
			"Python: with Keras 3 (TensorFlow 2.16 or later, where model.save writes a .keras " +
			"file), model = keras.models.load_model(\"" + file.getFileName() + "\") then " +
			"model.export(\"" + stem + "_savedmodel\"); with Keras 2 (TensorFlow 2.15 or earlier), " +
			"model.save(\"" + stem + "_savedmodel\") or tf.saved_model.save(model, \"" + stem +
			"_savedmodel\"). Then give LayerTracer the folder " + stem + "_savedmodel" + (kind
				.equals(".h5") ? " (if this .h5 holds class means instead, give it as the means " +
					"file and the model's folder as the model)" : ""));
	}

	private static String stem(final Path file) {
		final String n = file.getFileName().toString();
		final int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(0, dot) : n;
	}

	// -- the bytes --

	/** The file's size, checked: not empty, not beyond what a protocol buffer holds. */
	private static long checkedSize(final Path file) throws IOException {
		final long size = Files.size(file);
		if (size == 0) throw new LayerTracerException("SavedModel " + file.getParent() +
			" has an empty " + file.getFileName() + " (0 bytes): the export or the copy was " +
			"interrupted; export or copy the model again");
		if (size > MAX_PROTO_BYTES) throw new LayerTracerException("SavedModel file " + file +
			" is " + size / (1L << 20) + " MB, more than the 2 GB a protocol buffer can hold: " +
			"TensorFlow cannot load it either; export the model with its weights in variables/ " +
			"rather than as constants in the graph");
		return size;
	}

	private static byte[] bytes(final Path file) {
		try {
			checkedSize(file);
			return Files.readAllBytes(file);
		}
		catch (final IOException e) {
			throw readFailure(file, e);
		}
	}

	/** A file that cannot be read, said in the user's terms; the cause stays attached. */
	static LayerTracerException readFailure(final Path file, final IOException e) {
		if (e instanceof AccessDeniedException) return new LayerTracerException("SavedModel file " +
			file + " cannot be read: permission denied; make it readable for the user running Fiji " +
			"(or ask its owner to)", e);
		if (e instanceof NoSuchFileException) return new LayerTracerException("SavedModel file " +
			file + " disappeared while being read; check that nothing is moving or rewriting the " +
			"model folder", e);
		return new LayerTracerException("SavedModel file " + file + " cannot be read: an " +
			"input/output error occurred (a network drive that went away, a damaged disk?); copy the " +
			"model to a local disk and try again", e);
	}

	/**
	 * Parses the binary file as it streams in (the parsed graph is all that is held, not its
	 * bytes too); only a file that does not parse is read again, to say what it is.
	 */
	private static SavedModelFile parseBinary(final Path folder, final Path file) {
		SavedModel model = null;
		InvalidProtocolBufferException failure = null;
		try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file),
			1 << 16))
		{
			final long size = checkedSize(file);
			final CodedInputStream coded = CodedInputStream.newInstance(in);
			coded.setSizeLimit((int) Math.min(Integer.MAX_VALUE, size + 1));
			model = SavedModel.parseFrom(coded);
			coded.checkLastTagWas(0);
		}
		catch (final InvalidProtocolBufferException e) {
			failure = e;
			model = null;
		}
		catch (final IOException e) {
			throw readFailure(file, e);
		}
		// another message's bytes may parse with empty meta graphs: a graph without nodes is none
		if (model == null || model.getMetaGraphsList().stream().allMatch(m -> m.getGraphDef()
			.getNodeCount() == 0))
		{
			final String problem = problem(bytes(file), model != null);
			throw new LayerTracerException("SavedModel file " + file + " " + problem, failure);
		}
		return of(folder, file, model);
	}

	private static SavedModelFile parseText(final Path folder, final Path file,
		final byte[] bytes)
	{
		final SavedModel.Builder b = SavedModel.newBuilder();
		try {
			TextFormat.merge(new String(bytes, StandardCharsets.UTF_8), b);
		}
		catch (final TextFormat.ParseException e) {
			throw new LayerTracerException("SavedModel file " + file + " is not a SavedModel in " +
				"protocol buffer text format: it cannot be read at line " + e.getLine() + ", column " +
				e.getColumn() + "; export the model again", e);
		}
		if (b.getMetaGraphsCount() == 0) throw new LayerTracerException("SavedModel file " + file +
			" holds no meta graph, so it is not a SavedModel; export the model again");
		return of(folder, file, b.build());
	}

	private static SavedModelFile of(final Path folder, final Path file, final SavedModel model) {
		final List<MetaGraph> metas = new ArrayList<>();
		for (final MetaGraphDef m : model.getMetaGraphsList())
			metas.add(new MetaGraph(m));
		return new SavedModelFile(folder, file, metas);
	}

	/** What the bytes of a file that is not a usable SavedModel are, for the user. */
	static String problem(final byte[] bytes, final boolean parsed) {
		if (startsWith(bytes, "version https://git-lfs")) return "is a Git LFS pointer, not the " +
			"model itself: fetch the real file (git lfs pull) or download the model again";
		if (looksLikeText(bytes)) return "holds text, not a binary protocol buffer: it is not a " +
			"SavedModel graph (if it is one in text format, name it saved_model.pbtxt); export or " +
			"copy the model again";
		if (startsWith(bytes, "\u0089HDF") || startsWith(bytes, "PK\u0003\u0004"))
			return "is " + (bytes[0] == 'P' ? "a zip archive (a Keras 3 .keras file, perhaps)"
				: "an HDF5 file (a Keras .h5 model, perhaps)") + " renamed saved_model.pb, not a " +
				"SavedModel: export the model as a SavedModel (Keras 3: model.export(\"dir\"); " +
				"Keras 2: model.save(\"dir\"))";
		switch (wireCheck(bytes)) {
			case TRUNCATED:
				return "is truncated: its last record runs past the end of the file's " + bytes.length +
					" bytes (the export or the copy was interrupted); export or copy the model again";
			case NOT_PROTOBUF:
				return "is not a protocol buffer, so not a SavedModel: the file is damaged, or another " +
					"kind of file was named saved_model.pb; export or copy the model again";
			default:
				return parsed ? "holds no meta graph: it is a protocol buffer but not a SavedModel (a " +
					"frozen graph written by tf.io.write_graph, for example, is not one); export the " +
					"model with tf.saved_model.save, model.export (Keras 3) or model.save (Keras 2)"
					: "is a protocol buffer but not a SavedModel (its records do not match TensorFlow's " +
						"SavedModel message); export the model again";
		}
	}

	private static boolean startsWith(final byte[] bytes, final String prefix) {
		if (bytes.length < prefix.length()) return false;
		for (int i = 0; i < prefix.length(); i++)
			if ((bytes[i] & 0xff) != prefix.charAt(i)) return false;
		return true;
	}

	/** Whether the start of the file is printable text: no control bytes but tabs and newlines. */
	private static boolean looksLikeText(final byte[] bytes) {
		final int n = Math.min(bytes.length, 4096);
		for (int i = 0; i < n; i++) {
			final int b = bytes[i] & 0xff;
			if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' || b == 0x7f) return false;
		}
		return true;
	}

	/** What a walk over the top-level records of a protocol buffer finds. */
	enum Wire {
		WELL_FORMED, TRUNCATED, NOT_PROTOBUF
	}

	/**
	 * Walks the top-level records of the protocol buffer wire format (a key with field number and
	 * wire type, then a varint, 8 bytes, 4 bytes or a length-prefixed payload) without
	 * interpreting them.
	 */
	static Wire wireCheck(final byte[] b) {
		int pos = 0;
		while (pos < b.length) {
			final long[] key = varint(b, pos);
			if (key == null) return Wire.TRUNCATED;
			if (key[1] < 0 || key[0] < 0 || key[0] > 0xffffffffL) return Wire.NOT_PROTOBUF;
			pos = (int) key[1];
			final long field = key[0] >>> 3;
			final int type = (int) (key[0] & 7);
			if (field == 0) return Wire.NOT_PROTOBUF;
			final long next;
			switch (type) {
				case 0: {
					final long[] v = varint(b, pos);
					if (v == null) return Wire.TRUNCATED;
					if (v[1] < 0) return Wire.NOT_PROTOBUF;
					next = v[1];
					break;
				}
				case 1:
					next = pos + 8L;
					break;
				case 2: {
					final long[] len = varint(b, pos);
					if (len == null) return Wire.TRUNCATED;
					if (len[1] < 0 || len[0] < 0 || len[0] > Integer.MAX_VALUE) return Wire.NOT_PROTOBUF;
					next = len[1] + len[0];
					break;
				}
				case 5:
					next = pos + 4L;
					break;
				default: // groups (3, 4) never occur in a SavedModel; 6 and 7 do not exist
					return Wire.NOT_PROTOBUF;
			}
			if (next > b.length) return Wire.TRUNCATED;
			pos = (int) next;
		}
		return Wire.WELL_FORMED;
	}

	/**
	 * A varint at {@code start}: {value, position after it}; null if the bytes end inside it;
	 * {0, -1} if it runs over the ten bytes a varint may have.
	 */
	private static long[] varint(final byte[] b, final int start) {
		long value = 0;
		for (int i = 0; i < 10; i++) {
			if (start + i >= b.length) return null;
			final int x = b[start + i] & 0xff;
			value |= (long) (x & 0x7f) << 7 * i;
			if ((x & 0x80) == 0) return new long[] { value, start + i + 1 };
		}
		return new long[] { 0, -1 };
	}
}
