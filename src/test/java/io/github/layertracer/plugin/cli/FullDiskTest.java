/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.HostileFiles;
import io.github.layertracer.Refusals;
import io.github.layertracer.TestModels;
import io.github.layertracer.engine.builtin.CnnBuilder;
import io.github.layertracer.engine.builtin.CnnSpec;
import io.github.layertracer.engine.model.TensorFlowErrors;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tensorflow.exceptions.TFResourceExhaustedException;

/**
 * {@code build-model} onto a full disk: a real one, a tmpfs of a few kilobytes mounted in a
 * user namespace of its own ({@code unshare -rm}, no root needed), where the launcher runs in a
 * second JVM. Too small for the variables, TensorFlow's own writer fails; large enough for
 * them but not for {@code saved_model.pb}, Java's does. Both times: one line "cannot write ...:
 * no space left on device", exit 1, and nothing left on the disk.
 */
public class FullDiskTest {

	/** Runs {@code build-model} onto a tmpfs of {@code size}; its output and what is left. */
	private static String buildOnto(final String size) throws Exception {
		final Path mount = TestModels.newFolder("full-disk");
		final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		final String script = "mount -t tmpfs -o size=" + size + " tmpfs \"$1\" || exit 90\n" +
			"echo mounted\n" + "\"$2\" -Xmx1g -Djava.awt.headless=true -cp \"$3\" " + Launcher.class
				.getName() + " build-model --arch shapes --epochs 1 --out \"$1/model\"\n" +
			"echo \"exit=$?\"\necho left:\nfind \"$1\" -mindepth 1\n";
		final ProcessBuilder pb = new ProcessBuilder("unshare", "-rm", "sh", "-c", script, "sh",
			mount.toString(), java, System.getProperty("java.class.path")).redirectErrorStream(true);
		pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
		final Process p;
		try {
			p = pb.start();
		}
		catch (final java.io.IOException e) {
			HostileFiles.skipUnless(false, "unshare (util-linux) is missing: cannot mount a small " +
				"file system without root");
			throw e;
		}
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(5, TimeUnit.MINUTES));
		HostileFiles.skipUnless(out.contains("mounted"), "no user namespaces or tmpfs mounts here " +
			"(unshare -rm, mount -t tmpfs): cannot make a full disk\n" + out);
		return out.replace(mount.toString(), "<disk>");
	}

	private static void assertRefusedAndClean(final String out) {
		assertTrue(out.contains("exit=1"), out);
		final List<String> errors = out.lines().filter(l -> l.startsWith("Error: ")).collect(
			java.util.stream.Collectors.toList());
		assertEquals(List.of("Error: Cannot write <disk>/model: no space left on device"), errors,
			out);
		assertFalse(out.contains("Exception") || out.contains("\tat ") || out.contains(
			"internal error"), out);
		final String left = out.substring(out.indexOf("left:") + "left:".length()).trim();
		assertEquals("", left, "nothing left on the disk:\n" + out);
	}

	@Test
	public void variablesOntoAFullDisk() throws Exception {
		// 16 KB: TensorFlow's writer of the variables (68 KB) fails
		assertRefusedAndClean(buildOnto("16k"));
	}

	@Test
	public void savedModelPbOntoAFullDisk() throws Exception {
		// 100 KB: the variables fit, saved_model.pb (76 KB more) does not
		assertRefusedAndClean(buildOnto("100k"));
	}

	@Test
	public void tensorFlowsReasonsBecomeWords() {
		assertEquals("no space left on device", TensorFlowErrors.reason(
			new TFResourceExhaustedException("/x/variables.data-00000-of-00001.tempstate1; No space " +
				"left on device\n\t [[{{node save/Save}}]]")));
		assertEquals("the file system is read-only", TensorFlowErrors.reason(
			new org.tensorflow.exceptions.TFFailedPreconditionException("/x; Read-only file system")));
		assertTrue(TensorFlowErrors.reason(new TFResourceExhaustedException("OOM when allocating " +
			"tensor with shape[64,3,224,224]\nHint: ...")).startsWith("TensorFlow ran out of memory"));
		assertEquals("TensorFlow reports: Incompatible shapes: [2,3] vs. [2,4]", TensorFlowErrors
			.reason(new org.tensorflow.exceptions.TensorFlowException(
				"Incompatible shapes: [2,3] vs. [2,4]\n\t [[{{node add}}]]")));
	}

	@Test
	public void aFolderThatCannotBeWrittenIsRefusedBeforeTraining() throws Exception {
		// where permissions are kept (not as root): a read-only parent is refused before any work
		final Path parent = TestModels.newFolder("read-only");
		final Path model = parent.resolve("model");
		parent.toFile().setWritable(false, false);
		try {
			HostileFiles.skipUnless(!Files.isWritable(parent), "permissions do not stop this user " +
				"(root?) writing into a read-only folder");
			Refusals.assertMessage(() -> CnnBuilder.export(CnnBuilder.untrained(new CnnSpec("x", 8,
				8, 1, 2, List.of(new CnnSpec.Block("c", false, 2)), CnnSpec.Head.POOL_DENSE, false),
				1), model, CnnBuilder.ExportStyle.GRAPH, null), parent.toString(), "not writable");
			assertFalse(Files.exists(model));
		}
		finally {
			parent.toFile().setWritable(true, false);
		}
	}
}
