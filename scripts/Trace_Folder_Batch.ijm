// LayerTracer: trace every image of a folder, layer by layer, from Fiji.
// Appears as Plugins > LayerTracer > Trace Folder Batch when installed under Fiji.app/scripts/.
// Each image is opened, traced with "Trace Layers" (the model stays loaded between images) and
// its saliency written as <image>_saliency.tif, .json and .csv into the output folder.
// Every input of Trace Layers is passed, as the macro recorder writes them: a left-out one
// would open a dialog for every image (and take a remembered value when headless).
input = getDirectory("Folder of images to trace");
model = getDirectory("SavedModel folder");
means = File.openDialog("Class means file (.h5)");
output = getDirectory("Output folder");
Dialog.create("LayerTracer masks");
Dialog.addNumber("Masks per image", 4000);
Dialog.addNumber("Random seed", 1);
Dialog.show();
masks = Dialog.getNumber();
seed = Dialog.getNumber();
setBatchMode(true);
files = getFileList(input);
for (i = 0; i < files.length; i++) {
	name = files[i];
	lower = toLowerCase(name);
	if (!(endsWith(lower, ".tif") || endsWith(lower, ".tiff") || endsWith(lower, ".png") ||
		endsWith(lower, ".jpg") || endsWith(lower, ".jpeg")))
		continue;
	open(input + name);
	run("Trace Layers", "model_dir=[" + model + "] tags=[] allow_file_operations=false" +
		" input_range=auto channel_order=auto" +
		" norm_mean=[] norm_std=[] class_means=[" + means + "] masks=" + masks +
		" agreement=0.99 mask_type=rise sampling=scrambled grid=8 keep=0.5 seed=" + seed + " batch_size=64" +
		" normalisation=e2cm temperature=1 threads=0 target=predicted attribution=keep" +
		" output_dir=[" + output + "]");
	close("*");
	showProgress(i + 1, files.length);
}
setBatchMode(false);
print("LayerTracer: traced the images of " + input + " into " + output);
