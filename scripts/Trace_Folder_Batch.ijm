// LayerTracer: trace every image of a folder, layer by layer, from Fiji's menu or headless.
// Appears as Plugins > LayerTracer > Trace Folder Batch when installed under Fiji.app/scripts/.
// Its inputs are script parameters: Fiji's dialog asks for them from the menu, and headless
//   fiji-linux-x64 --headless --run Trace_Folder_Batch.ijm \
//     'input="/data/images",model="/models/cnn",means="/models/means.h5",output="/data/out",masks=4000,seed=1'
// fills them. Each image is traced with "Trace Image File" (the model stays loaded between
// images) into <image>_saliency.tif, .json and .csv in the output folder. Every input of the
// command is passed, as the macro recorder writes them. An image that cannot be traced does
// not stop the others: the macro counts the failures and says which was the last, and a
// headless run then ends with exit code 3. (Trace Folder does the same in one command, and
// resumes an interrupted run.)
#@ File (label = "Folder of images to trace", style = "directory") input
#@ File (label = "SavedModel folder", style = "directory") model
#@ File (label = "Class means file (.h5)", style = "file") means
#@ File (label = "Output folder", style = "directory") output
#@ Integer (label = "Masks per image", value = 4000, min = 1) masks
#@ Long (label = "Random seed", value = 1) seed
failures = "io.github.layertracer.plugin.command.Failures";
before = call(failures + ".clear");
before = call(failures + ".continueOnError", "true");
files = getFileList(input);
images = 0;
for (i = 0; i < files.length; i++) {
	name = files[i];
	lower = toLowerCase(name);
	if (!(endsWith(lower, ".tif") || endsWith(lower, ".tiff") || endsWith(lower, ".png") ||
		endsWith(lower, ".jpg") || endsWith(lower, ".jpeg")))
		continue;
	images++;
	run("Trace Image File", "model_dir=[" + model + "] tags=[] allow_file_operations=false precision=auto" +
		" input_range=auto channel_order=auto norm_mean=[] norm_std=[] class_means=[" + means + "]" +
		" masks=" + masks + " agreement=0.99 mask_type=rise sampling=scrambled grid=8 keep=0.5" +
		" seed=" + seed + " batch_size=64 normalisation=e2cm temperature=1 threads=0" +
		" target=predicted attribution=keep image_file=[" + input + File.separator + name + "]" +
		" output_dir=[" + output + "]");
	showProgress(i + 1, files.length);
}
before = call(failures + ".continueOnError", "false");
failed = parseInt(call(failures + ".count"));
if (images == 0)
	exit("LayerTracer: no images (TIFF, PNG, JPEG) in " + input);
summary = "LayerTracer: traced " + (images - failed) + " of " + images + " images of " + input +
	" into " + output;
if (failed > 0)
	summary = summary + "; " + failed + " failed, the last: " + call(failures + ".last");
print(summary);
failed = call(failures + ".exitIfAny", "3");
