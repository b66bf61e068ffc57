/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.layertracer.api.Operation;
import io.github.layertracer.plugin.cli.Launcher;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;
import org.scijava.plugin.Plugin;
import org.scijava.service.Service;

/**
 * The contract between commands, engine and launcher, checked on the classes at build time:
 * every command runs one engine operation, named by the naming scheme, and passes exactly the
 * inputs the operation declares (the engine refuses to read any other, and in the tests fails a
 * call that leaves one unread); every operation has its command, and a launcher subcommand
 * unless it needs Fiji's open image.
 */
public class ContractTest {

	/** The concrete commands of the plugin, found on disk: none can hide from the checks. */
	private static List<Class<?>> commandClasses() throws Exception {
		final Path dir = Paths.get("target/classes/io/github/layertracer/plugin/command");
		final List<Class<?>> classes = new ArrayList<>();
		try (Stream<Path> s = Files.list(dir)) {
			for (final Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(
				"Command.class"))::iterator)
			{
				final Class<?> c = Class.forName(LayerTracerCommand.class.getPackageName() + "." + p
					.getFileName().toString().replace(".class", ""));
				if (Command.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()))
					classes.add(c);
			}
		}
		return classes;
	}

	/** What a command passes to the engine: its input parameters and what it derives. */
	private static Set<String> passed(final Class<? extends LayerTracerCommand> c)
		throws Exception
	{
		final Set<String> names = new LinkedHashSet<>();
		for (final ModuleItem<?> item : new CommandInfo(c).inputs())
			if (!Service.class.isAssignableFrom(item.getType()) && !Context.class.isAssignableFrom(
				item.getType())) names.add(item.getName());
		names.addAll(c.getDeclaredConstructor().newInstance().derivedInputs());
		return names;
	}

	@Test
	public void everyCommandRunsItsOperationWithExactlyItsInputs() throws Exception {
		final Set<Operation> covered = EnumSet.noneOf(Operation.class);
		for (final Class<?> c : commandClasses()) {
			if (!LayerTracerCommand.class.isAssignableFrom(c)) {
				// the soak test drives other commands and calls no operation of its own
				assertEquals(EngineSoakTestCommand.class, c, c + " is no LayerTracerCommand");
				continue;
			}
			final LayerTracerCommand command = (LayerTracerCommand) c.getDeclaredConstructor()
				.newInstance();
			final Operation op = command.operation();
			assertNotNull(op, c.getName());
			assertTrue(covered.add(op), op + " has two commands");
			assertEquals(op.commandClassName(), c.getSimpleName(), "naming scheme of " + op);
			final Plugin plugin = c.getAnnotation(Plugin.class);
			if (plugin != null) assertEquals(op.label(), plugin.label(), c.getName());
			assertEquals(op.inputs(), passed(c.asSubclass(LayerTracerCommand.class)), op +
				": the command's inputs vs Operation." + op.name());
			// the same names in the same order: a macro recorded in Fiji lists them in this order
			assertEquals(List.copyOf(op.inputs()), List.copyOf(passed(c.asSubclass(
				LayerTracerCommand.class))), op + ": order");
		}
		assertEquals(EnumSet.allOf(Operation.class), covered, "every operation has its command");
	}

	@Test
	public void everyOperationButTraceLayersHasItsSubcommandAndAlias() {
		for (final Operation op : Operation.values()) {
			if (op == Operation.TRACE_LAYERS) {
				assertEquals(null, op.subcommand(), "Trace Layers needs an open image");
				continue;
			}
			assertEquals(op.label().toLowerCase(java.util.Locale.ROOT).replace(' ', '-'), op
				.subcommand());
			assertTrue(Launcher.subcommands().contains(op.subcommand()), op.subcommand());
			assertEquals(op.alias(), Launcher.aliases().get(op.subcommand()));
			assertEquals(op.commandClassName(), Launcher.command(op.alias()).getSimpleName());
			assertEquals(Launcher.command(op.subcommand()), Launcher.command(op.alias()));
		}
		assertEquals("engine-soak-test", Operation.subcommand(EngineSoakTestCommand.LABEL));
		assertEquals(EngineSoakTestCommand.class, Launcher.command("soak"));
	}

	@Test
	public void tracingCommandsShareOneDeclarationOfTheirGroups() throws Exception {
		// the group's fields live in the base classes only: no command re-declares one
		for (final Class<?> c : commandClasses())
			for (final java.lang.reflect.Field f : c.getDeclaredFields())
				if (f.isAnnotationPresent(org.scijava.plugin.Parameter.class) && (TracingCommand.class
					.isAssignableFrom(c) || MaskedCommand.class.isAssignableFrom(c)))
					assertTrue(!Operation.Group.TRACE.names().contains(f.getName()), c.getSimpleName() +
						" re-declares " + f.getName());
		for (final Operation op : List.of(Operation.TRACE_IMAGE_FILE, Operation.TRACE_FOLDER,
			Operation.TRACE_LAYERS))
			assertTrue(op.inputs().containsAll(Operation.Group.TRACE.names()), op.toString());
	}
}
