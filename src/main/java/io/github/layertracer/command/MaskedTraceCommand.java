package io.github.layertracer.command;

import java.io.File;

import org.scijava.plugin.Parameter;

/**
 * Parameters shared by the commands that trace from files (Trace Image File, Trace Folder,
 * Evaluate Saliency): the model, its class means and the masks.
 */
public abstract class MaskedTraceCommand extends LayerTracerCommand {

	@Parameter(label = "Model folder", style = "directory", persist = false,
		description = "The SavedModel to explain.")
	private File model_dir;

	@Parameter(label = "Class means file (optional)", style = "file", persist = false,
		required = false, description = "Written by Compute Class Means for this model. Without " +
			"one, only the network's final output is traced (classic RISE).")
	private File class_means;

	@Parameter(label = "Number of masks (N, or auto)", style = "count-or-auto", persist = false,
		description = "More masks give smoother, more reliable maps; time grows in proportion " +
			"(2000-8000 is typical). auto: masks are drawn until every layer's map agrees with " +
			"the map of infinitely many masks to the agreement below (500 to 16000 masks).")
	private String masks = "4000";

	@Parameter(label = "Agreement for auto", min = "0.5", max = "0.9999", persist = false,
		description = "With masks=auto: the correlation every map must reach with the map of " +
			"infinitely many masks, estimated from two independent halves (0.99 by default).")
	private double agreement = 0.99;

	@Parameter(label = "Mask type", choices = { "rise", "square" }, persist = false,
		description = "rise: random grids of kept cells (RISE); square: one occluding square " +
			"per mask (the original LayerTracer).")
	private String mask_type = "rise";

	@Parameter(label = "Grid size (s)", min = "2", persist = false,
		description = "RISE grid cells per side: larger shows finer detail but needs more masks " +
			"(7-10 is typical).")
	private int grid = 8;

	@Parameter(label = "Keep probability (p)", min = "0.01", max = "0.99", persist = false,
		description = "Share of cells each RISE mask keeps (0.1-0.5 is typical).")
	private double keep = 0.5;

	@Parameter(label = "Random seed", persist = false,
		description = "The same seed and settings give bit-identical maps.")
	private long seed = 1;

	@Parameter(label = "Batch size", min = "1", persist = false,
		description = "Masked images per forward pass: larger is faster until memory runs short.")
	private int batch_size = 64;
}
