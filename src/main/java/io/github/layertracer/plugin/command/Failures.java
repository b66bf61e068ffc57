/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import java.awt.GraphicsEnvironment;

/**
 * What a failing LayerTracer command does to whoever called it, as ImageJ 1.x commands do: it
 * stops the calling macro with its one-line message, and a headless Fiji run (a macro under
 * {@code -batch}, or {@code --run}) ends with exit code 1. A macro or script that wants to go on
 * says so and checks the failures itself, from a macro with {@code call()}:
 *
 * <pre>
 * call("io.github.layertracer.plugin.command.Failures.continueOnError", "true");
 * run("Trace Layers", "…");
 * if (call("io.github.layertracer.plugin.command.Failures.count") != "0")
 *     print(call("io.github.layertracer.plugin.command.Failures.last"));
 * </pre>
 */
public final class Failures {

	/** System property: {@code true} or {@code false} forces the exit on failure either way. */
	public static final String EXIT_PROPERTY = "layertracer.exitOnFailure";

	private static volatile boolean continueOnError;
	private static final Object LOCK = new Object();
	private static int count;
	private static String last = "";

	private Failures() {}

	/**
	 * From a macro: {@code "true"} lets the macro go on after a failing command (the failures are
	 * counted instead), {@code "false"} stops it again. Returns the previous setting.
	 */
	public static String continueOnError(final String on) {
		final boolean before = continueOnError;
		continueOnError = Boolean.parseBoolean(on == null ? "" : on.trim());
		return String.valueOf(before);
	}

	/** From a macro: how many LayerTracer commands failed since the last {@link #clear()}. */
	public static String count() {
		synchronized (LOCK) {
			return Integer.toString(count);
		}
	}

	/** From a macro: the last failure's message ({@code "Title: message"}), or empty. */
	public static String last() {
		synchronized (LOCK) {
			return last;
		}
	}

	/** From a macro: forgets the failures counted so far; returns how many there were. */
	public static String clear() {
		synchronized (LOCK) {
			final String n = Integer.toString(count);
			count = 0;
			last = "";
			return n;
		}
	}

	/**
	 * From a macro at its end: in a headless Fiji run, ends it with exit code {@code code} (3 if
	 * not a number) when a failure was counted, so that a shell sees it; otherwise does nothing.
	 * Returns the count.
	 */
	public static String exitIfAny(final String code) {
		final String n = count();
		if (!"0".equals(n) && exits(ij.macro.Interpreter.getInstance() != null)) {
			int c = 3;
			try {
				c = Integer.parseInt(code.trim());
			}
			catch (final RuntimeException e) {
				// the documented default
			}
			System.exit(c);
		}
		return n;
	}

	/**
	 * A command failed with {@code message}: counted; unless the caller asked to go on, the
	 * calling macro is stopped with the message and a headless Fiji run ends with exit code 1.
	 *
	 * @param fromMain whether the command was started by the main thread (Fiji's {@code --run})
	 */
	static void failed(final String title, final String message, final boolean fromMain) {
		final String line = title + ": " + message;
		synchronized (LOCK) {
			count++;
			last = line;
		}
		if (continueOnError) return;
		final ij.macro.Interpreter macro = ij.macro.Interpreter.getInstance();
		if (macro != null) {
			try {
				macro.abort(line); // stops it at its next statement, the message in its error
			}
			catch (final RuntimeException e) {
				if (!ij.Macro.MACRO_CANCELED.equals(e.getMessage())) throw e;
			}
		}
		if (exits(macro != null || fromMain)) System.exit(1);
	}

	/**
	 * Whether a failure ends the process: only in headless Fiji (imagej-legacy loaded), never
	 * under LayerTracer's own launcher (which exits itself) or another program's JVM; the
	 * {@value #EXIT_PROPERTY} property decides where it is set.
	 */
	static boolean exits(final boolean fijiRun) {
		final String forced = System.getProperty(EXIT_PROPERTY);
		if (forced != null) return Boolean.parseBoolean(forced);
		if (!fijiRun || !GraphicsEnvironment.isHeadless() || Boolean.getBoolean(
			LayerTracerCommand.QUIET_ERRORS)) return false;
		try {
			Class.forName("net.imagej.legacy.LegacyService", false, Failures.class.getClassLoader());
			return true;
		}
		catch (final ClassNotFoundException e) {
			return false;
		}
	}
}
