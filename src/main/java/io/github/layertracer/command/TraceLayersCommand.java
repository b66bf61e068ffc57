package io.github.layertracer.command;

import io.github.layertracer.LayerTracerException;
import io.github.layertracer.bridge.Images;

import ij.ImagePlus;
import ij.plugin.LutLoader;
import ij.process.LUT;

import java.io.File;
import java.util.List;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Traces the active image layer by layer and shows the saliency as a hyperstack: one slice per
 * layer (a frame per class when all classes are traced), labelled with the layer and its
 * unmasked probability, heat LUT, the input's calibration. Models and class means stay loaded
 * between runs.
 */
@Plugin(type = Command.class, menuPath = "Plugins>LayerTracer>Trace Layers", headless = true,
	label = "Trace Layers")
public class TraceLayersCommand extends LayerTracerCommand {

	@Parameter(label = "Image", persist = false, required = false,
		description = "The image to trace (the active image in Fiji).")
	private ImagePlus image;

	@Parameter(persist = false, label = "Model folder", style = "directory",
		description = "The SavedModel to explain.")
	private File model_dir;

	@Parameter(persist = false, label = "Class means file (optional)", style = "file", required = false,
		description = "Written by Compute Class Means for this model. " +
			"Without one, only the network's final output is traced (classic RISE).")
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

	@Parameter(persist = false, label = "Mask type", choices = { "rise", "square" },
		description = "rise: random grids of kept cells (RISE); square: one occluding square " +
			"per mask (the original LayerTracer).")
	private String mask_type = "rise";

	@Parameter(persist = false, label = "Grid size (s)", min = "2",
		description = "RISE grid cells per side: larger shows finer detail but needs more masks " +
			"(7-10 is typical).")
	private int grid = 8;

	@Parameter(persist = false, label = "Keep probability (p)", min = "0.01", max = "0.99",
		description = "Share of cells each RISE mask keeps (0.1-0.5 is typical).")
	private double keep = 0.5;

	@Parameter(persist = false, label = "Random seed",
		description = "The same seed and settings give bit-identical maps.")
	private long seed = 1;

	@Parameter(persist = false, label = "Batch size", min = "1",
		description = "Masked images per forward pass: larger is faster until memory runs short.")
	private int batch_size = 64;

	@Parameter(label = "Target class", persist = false,
		description = "predicted (the network's answer), a class index, or all (one map per " +
			"class).")
	private String target = "predicted";

	@Parameter(persist = false, label = "Attribution", choices = { "keep", "drop" },
		description = "keep: probability weighted by the kept pixels (RISE); drop: the original " +
			"tool's probability drop on the occluded pixels.")
	private String attribution = "keep";

	@Parameter(persist = false, label = "Distance normalisation", choices = { "e2cm", "pooled", "none" },
		description = "How layer distances to the class means become probabilities.")
	private String normalisation = "e2cm";

	@Parameter(label = "Output folder (optional)", style = "directory", required = false,
		persist = false, description = "If set, the saliency is also written there as TIFF with " +
			"JSON and CSV sidecars (what headless runs rely on).")
	private File output_dir;

	@Parameter(type = ItemIO.OUTPUT, label = "Layer saliency")
	private ImagePlus saliency_stack;

	/**
	 * The ImageJ property of {@link #saliency_stack} holding the saliency as an ImgLib2 image
	 * ({@code [x, y, layer]} or {@code [x, y, layer, class]}, raw values) for scripts:
	 * {@code imp.getProperty("layertracer.saliency")}. Not an output of its own: Fiji shows
	 * every output, and one trace is one window.
	 */
	public static final String SALIENCY_PROPERTY = "layertracer.saliency";

	private Img<FloatType> saliency;

	/** The saliency as an ImgLib2 image, after a run (also the stack's {@value #SALIENCY_PROPERTY}). */
	public Img<FloatType> saliency() {
		return saliency;
	}

	@Override
	protected void execute() {
		if (image == null) throw new LayerTracerException(
			"No image is open: open the image to trace first");
		final Map<String, Object> in = inputs();
		in.put("image", Images.toImg(image));
		in.put("image_name", image.getTitle());
		in.put("base_name", image.getShortTitle());
		final Map<String, Object> out = call(in);
		@SuppressWarnings("unchecked")
		final Img<FloatType> img = (Img<FloatType>) out.get("saliency");
		saliency = img;
		@SuppressWarnings("unchecked")
		final List<String> labels = (List<String>) out.get("slice_labels");
		saliency_stack = Images.saliencyStack(saliency, labels, image.getShortTitle() +
			"_saliency", (String) out.get("info"));
		saliency_stack.setCalibration(image.getCalibration().copy());
		saliency_stack.setProperty(SALIENCY_PROPERTY, saliency);
		if (!saliency_stack.isComposite()) { // one layer: one LUT over its range
			final java.awt.image.IndexColorModel fire = LutLoader.getLut("fire");
			if (fire != null) saliency_stack.getProcessor().setColorModel(new LUT(fire, 0, 0));
			saliency_stack.resetDisplayRange();
		}
		info((String) out.get("report"));
	}
}
