package io.github.layertracer.api;

/**
 * Thrown when an operation stops because the user cancelled it (Fiji's task monitor, Esc, an
 * interrupt); nothing is written.
 */
public final class CancelledException extends LayerTracerException {

	private static final long serialVersionUID = 1L;

	public CancelledException() {
		super("Cancelled");
	}
}
