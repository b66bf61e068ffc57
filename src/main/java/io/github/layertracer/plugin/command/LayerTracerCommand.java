/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import io.github.layertracer.api.CancelledException;
import io.github.layertracer.api.Engine;
import io.github.layertracer.api.LayerTracerException;
import io.github.layertracer.api.Operation;
import io.github.layertracer.plugin.service.LayerTracerService;

import java.io.File;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;

import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.service.Service;
import org.scijava.task.Task;
import org.scijava.task.TaskService;
import org.scijava.thread.ThreadService;

/**
 * Base of LayerTracer's commands. A command declares its parameters and names its engine
 * {@link Operation}; {@link #execute()} hands the parameters (JDK values only) to the engine
 * with a SciJava {@link Task} (Fiji's task monitor shows it and can cancel it) and the
 * {@link LogService}, and sets the outputs it returns. A {@link LayerTracerException} (a
 * problem the user can fix) becomes a logged error and a cancel with the same message, so
 * Fiji's log, macros and the headless launcher all show it; it also stops the calling macro and
 * ends a headless Fiji run with exit code 1 ({@link Failures}). Anything else is a bug and
 * propagates with its stack trace.
 */
public abstract class LayerTracerCommand extends ContextCommand {

	/**
	 * A command that may finish with part of its work not done (a batch with unreadable
	 * images): the launcher exits with {@value #PARTLY_FAILED_EXIT} then.
	 */
	public interface PartlyFailed {

		/** Exit code of the launcher when some items failed and the rest were done. */
		int PARTLY_FAILED_EXIT = 3;

		/** How many items could not be done. */
		int failures();
	}

	/**
	 * System property set by the command-line launcher, which prints a refused command's
	 * message itself: then the command does not log it too.
	 */
	public static final String QUIET_ERRORS = "layertracer.quietErrors";

	/** The style of a text parameter that holds a count of at least 1, or {@code auto}. */
	public static final String COUNT_OR_AUTO = "count-or-auto";

	/**
	 * System property set by the command-line launcher: progress goes to standard error as a
	 * line every few seconds (headless Fiji has no status bar).
	 */
	public static final String PROGRESS_TO_STDERR = "layertracer.progressToStderr";

	@Parameter
	private LogService log;

	@Parameter
	private StatusService status;

	@Parameter
	private LayerTracerService service;

	@Parameter
	private TaskService tasks;

	@Parameter
	private ThreadService threadService;

	/** The engine operation this command runs; its label is the command's label. */
	protected abstract Operation operation();

	@Override
	public final void run() {
		if (isCanceled()) return; // refused while its inputs were set (a validater)
		ij.IJ.resetEscape(); // an Esc pressed before this command started does not cancel it
		try {
			checkDeclaredLimits();
			execute();
		}
		catch (final CancelledException e) {
			cancel("Cancelled");
		}
		catch (final LayerTracerException e) {
			fail(e.getMessage());
		}
	}

	/**
	 * Ends the command as failed: the message logged (the launcher prints it itself), the
	 * calling macro stopped and a headless Fiji run ended with exit code 1 ({@link Failures}),
	 * and the command cancelled with the message.
	 */
	private void fail(final String message) {
		if (!Boolean.getBoolean(QUIET_ERRORS) && log != null) log.error(title() + ": " + message);
		cancel(message);
		final Thread parent = threadService == null ? null : threadService.getParent(Thread
			.currentThread());
		Failures.failed(title(), message, parent != null && "main".equals(parent.getName()));
	}

	/**
	 * Refuses, before any work, a number outside its parameter's {@code min}/{@code max} or a
	 * text that is not one of its {@code choices}: SciJava enforces them only in its dialogs,
	 * not for macros, scripts or headless runs.
	 */
	private void checkDeclaredLimits() {
		for (final Field f : parameterFields(false)) {
			final Parameter p = f.getAnnotation(Parameter.class);
			final Object v = get(f);
			if (v instanceof Number) {
				final double x = ((Number) v).doubleValue();
				if (Double.isNaN(x) || Double.isInfinite(x)) throw new LayerTracerException("Input '" + f
					.getName() + "' must be a finite number, got " + v);
				if (!p.min().isEmpty() && x < Double.parseDouble(p.min())) throw new LayerTracerException(
					"Input '" + f.getName() + "' (" + p.label() + ") must be at least " + p.min() +
						", got " + v);
				if (!p.max().isEmpty() && x > Double.parseDouble(p.max())) throw new LayerTracerException(
					"Input '" + f.getName() + "' (" + p.label() + ") must be at most " + p.max() +
						", got " + v);
			}
			if (v instanceof String && p.style().contains(COUNT_OR_AUTO)) {
				final String problem = countOrAutoProblem(f, p, (String) v);
				if (problem != null) throw new LayerTracerException(problem);
			}
			if (v instanceof String && p.choices().length > 0 && !java.util.Arrays.asList(p
				.choices()).contains(v)) throw new LayerTracerException("Input '" + f.getName() + "' (" +
					p.label() + ") must be one of " + String.join(", ", p.choices()) + ", got '" + v +
					"'");
		}
	}

	/** The command's title, as menus, macros and headless Fiji name it. */
	protected String title() {
		return operation().label();
	}

	/**
	 * The validater of every {@link #COUNT_OR_AUTO} parameter (SciJava calls it when the value
	 * is set: dialog, macro, script, launcher): a whole number from 1, or {@code auto}.
	 */
	protected void validateCountOrAuto() {
		for (final Field f : parameterFields(false)) {
			final Parameter p = f.getAnnotation(Parameter.class);
			final Object v = get(f);
			if (p.style().contains(COUNT_OR_AUTO) && v instanceof String) {
				final String problem = countOrAutoProblem(f, p, (String) v);
				if (problem != null) fail(problem);
			}
		}
	}

	private static String countOrAutoProblem(final Field f, final Parameter p, final String v) {
		if (v.trim().equalsIgnoreCase("auto")) return null;
		long n;
		try {
			n = Long.parseLong(v.trim());
		}
		catch (final NumberFormatException e) {
			n = 0;
		}
		return n >= 1 && n <= Integer.MAX_VALUE ? null : "Input '" + f.getName() + "' (" + p
			.label() + ") must be a whole number from 1 to " + Integer.MAX_VALUE + ", or auto; got '" +
			v + "'";
	}

	/** Calls the engine with {@link #inputs()} and sets the outputs of the same names. */
	protected void execute() {
		setOutputs(call(inputs()));
	}

	/** SciJava's threads (which thread started this command). */
	protected ThreadService threadService() {
		return threadService;
	}

	/** The JVM's engine. */
	protected Engine engine() {
		return service.engine();
	}

	/**
	 * Runs this command's engine operation as a SciJava task: Fiji's task monitor shows its
	 * progress and its cancel button stops it between batches, as Esc does.
	 */
	protected Map<String, Object> call(final Map<String, Object> inputs) {
		final Task task = task(title());
		task.start();
		try {
			return service.engine().call(operation(), inputs, task, log);
		}
		finally {
			task.finish();
		}
	}

	/**
	 * A task named {@code what} for the engine: SciJava's, cancelled also with this command, an
	 * interrupt or Esc; progress also to the status bar (and headless to standard error).
	 */
	protected Task task(final String what) {
		final Task task = tasks.createTask(what);
		task.setProgressMaximum(1);
		return new CommandTask(task, this::isCanceled, status, Boolean.getBoolean(
			PROGRESS_TO_STDERR));
	}

	/**
	 * The command's input parameters by field name: strings, numbers and booleans as they are,
	 * files as paths (null when empty). Inputs of other types (an image) are the command's to
	 * convert.
	 */
	protected Map<String, Object> inputs() {
		final Map<String, Object> in = new LinkedHashMap<>();
		for (final Field f : parameterFields(false)) {
			final Object v = get(f);
			if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) in
				.put(f.getName(), v);
			else if (v instanceof File) in.put(f.getName(), ((File) v).getPath().isEmpty() ? null
				: ((File) v).toPath());
		}
		return in;
	}

	/**
	 * Inputs the command derives for the engine besides its parameters (Trace Layers: the
	 * image's name); {@link #inputs()} and these are exactly its operation's inputs.
	 */
	protected java.util.Set<String> derivedInputs() {
		return java.util.Set.of();
	}

	/** Sets each output parameter that {@code outputs} has a value of the right type for. */
	protected void setOutputs(final Map<String, Object> outputs) {
		for (final Field f : parameterFields(true)) {
			final Object v = outputs.get(f.getName());
			if (v != null && f.getType().isInstance(v)) try {
				f.set(this, v);
			}
			catch (final IllegalAccessException e) {
				throw new IllegalStateException(e);
			}
		}
	}

	private java.util.List<Field> parameterFields(final boolean outputs) {
		final java.util.List<Field> fields = new java.util.ArrayList<>();
		for (Class<?> c = getClass(); c != LayerTracerCommand.class; c = c.getSuperclass()) {
			for (final Field f : c.getDeclaredFields()) {
				final Parameter p = f.getAnnotation(Parameter.class);
				if (p == null || Service.class.isAssignableFrom(f.getType()) || Context.class
					.isAssignableFrom(f.getType())) continue;
				if ((p.type() == ItemIO.OUTPUT) != outputs && p.type() != ItemIO.BOTH) continue;
				f.setAccessible(true);
				fields.add(f);
			}
		}
		return fields;
	}

	private Object get(final Field f) {
		try {
			return f.get(this);
		}
		catch (final IllegalAccessException e) {
			throw new IllegalStateException(e);
		}
	}

	protected void info(final String message) {
		log.info(message);
	}
}
