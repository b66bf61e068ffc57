#@ File (label = "Model folder", style = "directory") model_dir
#@ File (label = "Class means file (.h5)", style = "file") class_means
#@ ImagePlus (label = "Image") image
#@ Integer (label = "Number of masks", value = 4000, min = 1) masks
#@ Long (label = "Random seed", value = 1) seed
#@ CommandService commands
#@output ImagePlus saliency_stack

// LayerTracer from a script: runs Trace Layers on an image and hands back the hyperstack
// (one slice per layer). The ImgLib2 image with axes [x, y, layer] is the command's
// "saliency" output, for further processing in scripts.
def module = commands.run(io.github.layertracer.command.TraceLayersCommand, true,
	"image", image, "model_dir", model_dir, "class_means", class_means,
	"masks", masks, "seed", seed).get()
if (module.isCanceled()) throw new IllegalStateException(module.getCancelReason())
saliency_stack = module.getOutput("saliency_stack")
def img = module.getOutput("saliency")
println "Saliency ${img.dimensionsAsLongArray()} (x, y, layer)"
