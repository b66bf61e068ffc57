package io.github.layertracer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.LayerTracerException;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

public class InputsTest {

	@Test
	public void valuesAreReadWithTheTypeTheOperationNeeds() {
		final Map<String, Object> m = new HashMap<>();
		m.put("masks", 4000);
		m.put("seed", "12");
		m.put("keep", "0.25");
		m.put("model_dir", new File("/models/cnn"));
		m.put("output_dir", "");
		m.put("label_file", null);
		m.put("layer_list", " block1, ,block2 ");
		m.put("huge", 1L << 40);
		m.put("word", "many");
		final Inputs in = new Inputs("Trace Folder", m);
		assertEquals(4000, in.integer("masks"));
		assertEquals(12L, in.longValue("seed"));
		assertEquals(0.25, in.real("keep"));
		assertEquals(Path.of("/models/cnn"), in.path("model_dir", "model folder"));
		assertNull(in.optionalPath("output_dir"));
		assertNull(in.optionalPath("label_file"));
		assertEquals(List.of("block1", "block2"), in.list("layer_list"));
		assertEquals("", in.string("label_file"));

		final LayerTracerException empty = assertThrows(LayerTracerException.class, () -> in.path(
			"output_dir", "output folder"));
		assertEquals("No output folder given", empty.getMessage());
		assertTrue(assertThrows(LayerTracerException.class, () -> in.integer("huge")).getMessage()
			.contains("huge"));
		assertTrue(assertThrows(LayerTracerException.class, () -> in.real("word")).getMessage()
			.contains("'many'"));
		// a missing name is the caller's bug, and says what was given
		assertTrue(assertThrows(IllegalArgumentException.class, () -> in.string("grid"))
			.getMessage().contains("Trace Folder"));
	}
}
