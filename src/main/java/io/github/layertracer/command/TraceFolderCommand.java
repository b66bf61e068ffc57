package io.github.layertracer.command;

import io.github.layertracer.LayerTracerException;
import io.github.layertracer.data.FolderSource;
import io.github.layertracer.image.InputConverter;
import io.github.layertracer.io.AtomicFiles;
import io.github.layertracer.means.E2cmScorer;
import io.github.layertracer.service.LayerTracerService;
import io.github.layertracer.trace.Target;
import io.github.layertracer.trace.TraceResult;
import io.github.layertracer.trace.TraceWriter;
import io.github.layertracer.trace.Tracer;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Traces every image of a folder (or of a list file) and writes one result set per image plus a
 * summary CSV. Images whose results exist are skipped, so an interrupted run resumes; a shard
 * {@code K/N} takes every N-th image from the K-th, so a cluster job array can split a folder
 * with no coordination.
 */
@Plugin(type = Command.class, menuPath = "Plugins>LayerTracer>Trace Folder", headless = true,
	label = "Trace Folder")
public class TraceFolderCommand extends MaskedTraceCommand {

	@Parameter(label = "Images (folder or list file)", style = "both", persist = false,
		description = "A folder of images (TIFF, PNG, JPEG; subfolders included), or a text file " +
			"with one image path per line.")
	private File input_path;

	@Parameter(label = "Output folder", style = "directory", persist = false,
		description = "One <image>_saliency.tif/.json/.csv per image, plus summary.csv.")
	private File output_dir;

	@Parameter(label = "Shard (K/N)", required = false, persist = false,
		description = "Take every N-th image starting at the K-th (0-based), e.g. 2/8 for the " +
			"third of eight jobs; empty traces all.")
	private String shard = "";

	@Parameter(label = "Target class", persist = false,
		description = "predicted, a class index, or all.")
	private String target = "predicted";

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String report;

	@Parameter
	private LayerTracerService tracers;

	@Override
	protected void execute() {
		final List<Path> all = images(path(input_path, "images"));
		final List<Path> mine = shard(all, shard);
		final Path out = path(output_dir, "output folder");
		final Tracer tracer = tracers.tracer(modelDir(), meansFile(), E2cmScorer.Normalisation.E2CM,
			1, maskSettings(), 0);
		int traced = 0, skipped = 0;
		for (int i = 0; i < mine.size(); i++) {
			final Path image = mine.get(i);
			final String base = base(image) + "_saliency";
			if (Files.isRegularFile(out.resolve(base + ".json"))) {
				skipped++;
				continue;
			}
			final TraceResult r = tracer.trace(InputConverter.planes(FolderSource.read(image)), Target
				.parse(target), Tracer.Attribution.KEEP, progress("Tracing " + (i + 1) + "/" + mine
					.size()));
			TraceWriter.write(r, out, base);
			traced++;
		}
		final Path summary = out.resolve(summaryName(shard));
		writeSummary(mine, out, summary);
		report = String.format(Locale.ROOT,
			"Traced %d images, skipped %d with results, of %d in shard %s of %d images; summary %s",
			traced, skipped, mine.size(), shard == null || shard.isBlank() ? "all" : shard, all.size(),
			summary);
	}

	/** Images of a folder (recursively, sorted) or listed in a text file. */
	static List<Path> images(final Path input) {
		try {
			if (Files.isDirectory(input)) {
				try (Stream<Path> s = Files.walk(input)) {
					return s.filter(Files::isRegularFile).filter(FolderSource::isImage).sorted().collect(
						Collectors.toList());
				}
			}
			if (!Files.isRegularFile(input)) throw new LayerTracerException("Image folder or list " +
				input + " does not exist");
			final List<Path> list = new ArrayList<>();
			for (final String line : Files.readAllLines(input)) {
				if (line.isBlank() || line.startsWith("#")) continue;
				final Path p = input.toAbsolutePath().getParent().resolve(line.trim());
				if (!Files.isRegularFile(p)) throw new LayerTracerException("Image " + p + " listed in " +
					input + " does not exist");
				list.add(p);
			}
			return list;
		}
		catch (final IOException e) {
			throw new LayerTracerException("Cannot read " + input + ": " + e.getMessage(), e);
		}
	}

	/** Every N-th image from the K-th, for {@code K/N}; all for an empty shard. */
	static List<Path> shard(final List<Path> images, final String shard) {
		if (shard == null || shard.isBlank()) return images;
		final String[] kn = shard.trim().split("/");
		try {
			final int k = Integer.parseInt(kn[0].trim()), n = Integer.parseInt(kn[1].trim());
			if (kn.length != 2 || n < 1 || k < 0 || k >= n) throw new NumberFormatException();
			final List<Path> out = new ArrayList<>();
			for (int i = k; i < images.size(); i += n)
				out.add(images.get(i));
			return out;
		}
		catch (final RuntimeException e) {
			throw new LayerTracerException("Shard '" + shard +
				"' is not K/N with 0 <= K < N, e.g. 0/4 for the first of four jobs");
		}
	}

	private static String base(final Path image) {
		return image.getFileName().toString().replaceFirst("\\.[^.]*$", "");
	}

	private static String summaryName(final String shard) {
		return shard == null || shard.isBlank() ? "summary.csv" : "summary-" + shard.trim().replace(
			'/', '-') + ".csv";
	}

	/** One row per image of the shard with its target and unmasked final probability. */
	private static void writeSummary(final List<Path> images, final Path out, final Path file) {
		final StringBuilder sb = new StringBuilder("image,result,target,target_name\n");
		for (final Path image : images) {
			final Path json = out.resolve(base(image) + "_saliency.json");
			String target = "", name = "";
			try {
				final String text = Files.readString(json);
				final java.util.regex.Matcher m = java.util.regex.Pattern.compile(
					"\"targets\": \\[\\{\"index\": (\\d+), \"name\": \"([^\"]*)\"").matcher(text);
				if (m.find()) {
					target = m.group(1);
					name = m.group(2);
				}
			}
			catch (final IOException e) {
				throw new LayerTracerException("Cannot read " + json + ": " + e.getMessage(), e);
			}
			sb.append(image).append(',').append(out.relativize(json.resolveSibling(base(image) +
				"_saliency.tif"))).append(',').append(target).append(',').append(name).append('\n');
		}
		final String text = sb.toString();
		AtomicFiles.writeFile(file, tmp -> Files.writeString(tmp, text));
	}
}
