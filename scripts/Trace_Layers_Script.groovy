#@ File (label = "Model folder", style = "directory") model_dir
#@ File (label = "Class means file (.h5)", style = "file") class_means
#@ ImagePlus (label = "Image") image
#@ Integer (label = "Number of masks", value = 4000, min = 1) masks
#@ Long (label = "Random seed", value = 1) seed
#@ CommandService commands
#@output ImagePlus saliency_stack

// LayerTracer from a script: runs Trace Layers on an image and hands back the hyperstack (one
// channel per layer). Every input is passed and the command runs without pre- and
// post-processing (process = false), so no second dialog opens and only this script's output
// is shown. The ImgLib2 image with axes [x, y, layer] rides on the stack as the property
// "layertracer.saliency", for further processing in scripts.
def module = commands.run(io.github.layertracer.plugin.command.TraceLayersCommand, false,
	"image", image, "model_dir", model_dir, "tags", "", "allow_file_operations", false, "precision", "auto", "input_range", "auto", "channel_order", "auto",
	"norm_mean", "", "norm_std", "", "class_means", class_means,
	"masks", "" + masks, "agreement", 0.99d, "mask_type", "rise", "sampling", "scrambled", "grid", 8, "keep", 0.5d, "seed", seed,
	"batch_size", 64, "normalisation", "e2cm", "temperature", 1.0d, "threads", 0,
	"target", "predicted", "attribution", "keep", "output_dir", null, "overlay", false).get()
if (module.isCanceled()) throw new IllegalStateException(module.getCancelReason())
saliency_stack = module.getOutput("saliency_stack")
def img = saliency_stack.getProperty("layertracer.saliency")
println "Saliency ${img.dimensionsAsLongArray()} (x, y, layer)"
