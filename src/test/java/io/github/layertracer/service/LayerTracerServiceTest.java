package io.github.layertracer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.layertracer.Progress;
import io.github.layertracer.TestModels;
import io.github.layertracer.builtin.ShapesData;
import io.github.layertracer.data.FolderSource;
import io.github.layertracer.data.LabelledSource;
import io.github.layertracer.image.Preprocessing;
import io.github.layertracer.means.ClassMeansBuilder;
import io.github.layertracer.means.ClassMeansFile;
import io.github.layertracer.means.E2cmScorer;
import io.github.layertracer.model.LayerModel;
import io.github.layertracer.model.ModelOptions;
import io.github.layertracer.trace.MaskSettings;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.scijava.Context;

public class LayerTracerServiceTest {

	private static Path means(final Path dir, final String name, final List<String> layers) {
		final Path file = dir.resolve(name);
		try (LayerModel m = LayerModel.open(TestModels.shapes(), ModelOptions.defaults().withLayers(
			layers)); LabelledSource s = FolderSource.open(dir.resolve("data")))
		{
			ClassMeansFile.write(ClassMeansBuilder.compute(m, s, Preprocessing.defaults(), null, 16,
				Progress.NONE), file);
		}
		return file;
	}

	@Test
	public void oneModelPerFolderReopenedForOtherMeansAndClosedOnDispose() {
		final Path dir = TestModels.newFolder("service");
		ShapesData.write(dir.resolve("data"), 2, 16);
		final Path all = means(dir, "all.h5", List.of());
		final Path last = means(dir, "last.h5", List.of("block4"));
		final Context context = new Context(LayerTracerService.class);
		final LayerTracerService service = context.service(LayerTracerService.class);
		final MaskSettings masks = MaskSettings.defaults().withMasks(10);
		assertEquals(5, service.tracer(TestModels.shapes(), all, E2cmScorer.Normalisation.E2CM, 1,
			masks, 0).layers().size());
		final LayerModel first = service.model(TestModels.shapes(), all, 0);
		assertSame(first, service.model(TestModels.shapes(), all, 0));
		assertEquals(List.of("block4", "logits"), service.tracer(TestModels.shapes(), last,
			E2cmScorer.Normalisation.E2CM, 1, masks, 0).layers());
		assertEquals(1, service.openModels());
		// the model opened for the other means was closed
		assertThrows(IllegalStateException.class, () -> first.run(new float[64 * 64], 1, first
			.description().trackedOutputs()));
		final LayerModel second = service.model(TestModels.shapes(), last, 0);
		context.dispose();
		assertEquals(0, service.openModels());
		assertThrows(IllegalStateException.class, () -> second.run(new float[64 * 64], 1, second
			.description().trackedOutputs()));
	}
}
