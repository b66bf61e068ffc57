/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

import org.scijava.app.StatusService;
import org.scijava.task.Task;

/**
 * The {@link Task} a command hands to the engine: SciJava's task (so Fiji's task monitor shows
 * it, and its cancel button stops it), also cancelled with the command itself, by an interrupt,
 * or with Esc in Fiji (ImageJ 1.x); progress also goes to the status bar, and headless every few
 * seconds to standard error.
 */
final class CommandTask implements Task {

	private final Task task;
	private final BooleanSupplier commandCanceled;
	private final StatusService status;
	private final boolean toStderr;
	private long lastPrinted = System.nanoTime();

	CommandTask(final Task task, final BooleanSupplier commandCanceled, final StatusService status,
		final boolean toStderr)
	{
		this.task = task;
		this.commandCanceled = commandCanceled;
		this.status = status;
		this.toStderr = toStderr;
	}

	@Override
	public boolean isCanceled() {
		return task.isCanceled() || commandCanceled.getAsBoolean() || Thread.currentThread()
			.isInterrupted() || ij.IJ.escapePressed();
	}

	@Override
	public void cancel(final String reason) {
		task.cancel(reason);
	}

	@Override
	public String getCancelReason() {
		return task.getCancelReason();
	}

	@Override
	public void setProgressValue(final long done) {
		task.setProgressValue(done);
		final long total = task.getProgressMaximum();
		if (status != null) status.showStatus((int) Math.min(done, Integer.MAX_VALUE), (int) Math
			.min(total, Integer.MAX_VALUE), getName() + ": " + done + " of " + total);
		if (toStderr && System.nanoTime() - lastPrinted > 3e9 && done < total) {
			lastPrinted = System.nanoTime();
			System.err.println(getName() + ": " + done + " of " + total);
		}
	}

	@Override
	public void setProgressMaximum(final long max) {
		task.setProgressMaximum(max);
	}

	@Override
	public long getProgressValue() {
		return task.getProgressValue();
	}

	@Override
	public long getProgressMaximum() {
		return task.getProgressMaximum();
	}

	@Override
	public void setStatusMessage(final String message) {
		task.setStatusMessage(message);
	}

	@Override
	public String getStatusMessage() {
		return task.getStatusMessage();
	}

	@Override
	public void start() {
		task.start();
	}

	@Override
	public void finish() {
		task.finish();
	}

	@Override
	public boolean isDone() {
		return task.isDone();
	}

	@Override
	public void run(final Runnable r) {
		task.run(r);
	}

	@Override
	public void waitFor() throws InterruptedException, ExecutionException {
		task.waitFor();
	}

	@Override
	public void setCancelCallBack(final Runnable callback) {
		task.setCancelCallBack(callback);
	}

	@Override
	public Runnable getCancelCallBack() {
		return task.getCancelCallBack();
	}

	@Override
	public String getName() {
		return task.getName();
	}

	@Override
	public void setName(final String name) {
		task.setName(name);
	}
}
