package io.github.layertracer.command;

import io.github.layertracer.LayerTracerException;
import io.github.layertracer.Progress;

import java.io.File;
import java.nio.file.Path;

import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.app.StatusService;

/**
 * Base of LayerTracer's commands: runs {@link #execute()} and turns a
 * {@link LayerTracerException} (a problem the user can fix) into a logged error and a cancel
 * with the same message, so Fiji's log, macros and the headless launcher all show it. Anything
 * else is a bug and propagates with its stack trace.
 */
public abstract class LayerTracerCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter
	private StatusService status;

	@Override
	public final void run() {
		ij.IJ.resetEscape(); // an Esc pressed before this command started does not cancel it
		try {
			execute();
		}
		catch (final Progress.CancelledException e) {
			cancel("Cancelled");
		}
		catch (final LayerTracerException e) {
			log.error(title() + ": " + e.getMessage());
			cancel(e.getMessage());
		}
	}

	/** The command's title, as macros and headless Fiji name it. */
	protected String title() {
		final Plugin p = getClass().getAnnotation(Plugin.class);
		return p == null || p.label().isEmpty() ? getClass().getSimpleName() : p.label();
	}

	/** The command's work; throws {@link LayerTracerException} for bad input. */
	protected abstract void execute();

	/** Progress to the status bar (or the console when headless), cancelled with the command. */
	protected Progress progress(final String what) {
		return new Progress() {

			@Override
			public void update(final long done, final long total) {
				status.showStatus((int) Math.min(done, Integer.MAX_VALUE), (int) Math.min(total,
					Integer.MAX_VALUE), what + ": " + done + " of " + total);
			}

			/** Cancelled from SciJava, by an interrupt, or with Esc in Fiji (ImageJ 1.x). */
			@Override
			public boolean isCancelled() {
				return isCanceled() || Thread.currentThread().isInterrupted() || ij.IJ.escapePressed();
			}
		};
	}

	protected void info(final String message) {
		log.info(message);
	}

	protected LogService log() {
		return log;
	}

	/** A required file parameter as a path, with a message naming the parameter if missing. */
	protected static Path path(final File f, final String what) {
		if (f == null || f.getPath().isEmpty()) throw new LayerTracerException("No " + what +
			" given");
		return f.toPath();
	}
}
