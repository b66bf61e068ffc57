/*
 * LayerTracer for Fiji: what a CNN looks at, layer by layer.
 * Copyright (c) 2026, LayerTracer developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see the LICENSE file at the root of the repository)
 */
package io.github.layertracer.plugin.cli;

import io.github.layertracer.api.Operation;
import io.github.layertracer.plugin.command.EngineSoakTestCommand;
import io.github.layertracer.plugin.command.LayerTracerCommand;
import io.github.layertracer.plugin.command.RunDemoCommand;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

/**
 * The {@code scripts/layertracer} entry point: each subcommand runs a SciJava command through a
 * {@link Context} and {@link CommandService}, with string-valued inputs, the way headless Fiji
 * runs it. Subcommands follow {@link Operation}'s naming scheme: the menu label in lower case
 * with dashes ({@code trace-image-file} for "Trace Image File", class
 * {@code TraceImageFileCommand}), with a short alias ({@code trace}). Options are the command's
 * parameter names with dashes ({@code --output-dir}), plus a few short aliases ({@code --out},
 * {@code --model}).
 */
public final class Launcher {

	/** A subcommand: its name, short alias, command class and short option aliases. */
	private static final class Sub {

		final String name, alias;
		final Class<? extends Command> command;
		final Map<String, String> aliases;

		Sub(final String label, final String alias, final String... aliasPairs) {
			this.name = Operation.subcommand(label);
			this.alias = alias;
			this.command = commandClass(label);
			this.aliases = new LinkedHashMap<>();
			for (int i = 0; i < aliasPairs.length; i += 2)
				aliases.put(aliasPairs[i], aliasPairs[i + 1]);
		}

		Sub(final Operation op, final String... aliasPairs) {
			this(op.label(), op.alias(), aliasPairs);
		}
	}

	/** The command class of a label, by the naming scheme. */
	static Class<? extends Command> commandClass(final String label) {
		try {
			return Class.forName(RunDemoCommand.class.getPackageName() + "." + Operation
				.commandClassName(label)).asSubclass(Command.class);
		}
		catch (final ClassNotFoundException e) {
			throw new IllegalStateException("No command class for '" + label + "': expected " +
				Operation.commandClassName(label), e);
		}
	}

	private static final Map<String, Sub> SUBCOMMANDS = new LinkedHashMap<>();

	private static void add(final Sub sub) {
		SUBCOMMANDS.put(sub.name, sub);
	}

	static {
		add(new Sub(Operation.RUN_DEMO, "out", "output_dir"));
		add(new Sub(Operation.MAKE_DEMO_DATA, "out", "output_dir", "count", "image_count"));
		add(new Sub(Operation.BUILD_DEMO_MODEL, "out", "output_dir"));
		add(new Sub(Operation.INSPECT_MODEL, "model", "model_dir", "layers", "layer_list", "scores",
			"score_kind"));
		add(new Sub(Operation.COMPUTE_CLASS_MEANS, "model", "model_dir", "data", "data_path",
			"labels", "label_file", "out", "output_file", "classes", "class_names", "batch",
			"batch_size", "layers", "layer_list"));
		add(new Sub(Operation.LAYER_ACCURACY, "model", "model_dir", "means", "class_means", "data",
			"data_path", "labels", "label_file", "out", "output_file", "batch", "batch_size"));
		add(new Sub(Operation.TRACE_IMAGE_FILE, "model", "model_dir", "means", "class_means",
			"image", "image_file", "out", "output_dir", "batch", "batch_size"));
		add(new Sub(Operation.TRACE_FOLDER, "images", "input_path", "model", "model_dir", "means",
			"class_means", "out", "output_dir", "batch", "batch_size"));
		add(new Sub(Operation.EXPORT_ANIMATION, "image", "image_file", "saliency", "saliency_file",
			"out", "output_file"));
		add(new Sub(Operation.EVALUATE_SALIENCY, "model", "model_dir", "means", "class_means",
			"data", "data_dir", "out", "output_file", "limit", "image_limit", "batch", "batch_size"));
		add(new Sub(Operation.TRACE_BENCHMARK, "model", "model_name", "batch", "batch_size"));
		add(new Sub(EngineSoakTestCommand.LABEL, "soak", "model", "model_dir", "means",
			"class_means", "images", "image_dir"));
		add(new Sub(Operation.MASK_QUALITY_BENCHMARK, "model", "model_name", "means",
			"class_means", "images", "image_dir", "batch", "batch_size"));
		add(new Sub(Operation.CLASS_MEANS_BENCHMARK, "model", "model_dir", "data", "data_path",
			"labels", "label_file", "batch", "batch_size"));
		for (final Operation op : Operation.values())
			if (op.subcommand() != null && !SUBCOMMANDS.containsKey(op.subcommand()))
				throw new IllegalStateException("No subcommand for " + op);
	}

	/** The subcommand of a name or short alias, or null. */
	private static Sub sub(final String name) {
		for (final Sub s : SUBCOMMANDS.values())
			if (s.name.equals(name) || name.equals(s.alias)) return s;
		return null;
	}

	/** The command info of a command, indexed (Fiji's menus) or not (launcher only). */
	private static CommandInfo info(final CommandService commands,
		final Class<? extends Command> command)
	{
		final CommandInfo info = commands.getCommand(command);
		return info != null ? info : new CommandInfo(command);
	}

	private Launcher() {}

	public static void main(final String[] args) {
		System.setProperty("java.awt.headless", "true");
		System.exit(run(args, System.out, System.err));
	}

	/**
	 * Runs one subcommand.
	 *
	 * @return the process exit code: 0 success, 1 the command failed or was cancelled, 2 usage
	 */
	public static int run(final String[] argsIn, final PrintStream out, final PrintStream err) {
		// --verbose, anywhere: log messages and stack traces of internal errors too
		final boolean verbose = java.util.Arrays.asList(argsIn).contains("--verbose");
		final String[] args = java.util.Arrays.stream(argsIn).filter(a -> !a.equals("--verbose"))
			.toArray(String[]::new);
		if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals(
			"help"))
		{
			usage(out, null);
			return args.length == 0 ? 2 : 0;
		}
		final Sub sub = sub(args[0]);
		if (sub == null) {
			err.println("Unknown subcommand '" + args[0] + "'; expected one of " + String.join(", ",
				SUBCOMMANDS.keySet()) + " (or a short alias: " + SUBCOMMANDS.values().stream().map(
					s -> s.alias).collect(java.util.stream.Collectors.joining(", ")) + ")");
			return 2;
		}
		final Context context = new Context();
		final String previousProgress = System.getProperty(LayerTracerCommand.PROGRESS_TO_STDERR);
		try {
			// quiet by default: results on stdout, one line per problem on stderr
			context.service(org.scijava.log.LogService.class).setLevel(verbose
				? org.scijava.log.LogLevel.INFO : org.scijava.log.LogLevel.ERROR);
			System.setProperty(LayerTracerCommand.PROGRESS_TO_STDERR, "true");
			System.setProperty(LayerTracerCommand.QUIET_ERRORS, "true");
			final CommandService commands = context.service(CommandService.class);
			final CommandInfo info = info(commands, sub.command);
			if (args.length > 1 && (args[1].equals("--help") || args[1].equals("-h"))) {
				usage(out, sub.name);
				return 0;
			}
			final Map<String, Object> inputs = new LinkedHashMap<>();
			final String error = parse(args, sub, info, inputs);
			if (error != null) {
				err.println(error);
				err.println("Run 'layertracer " + args[0] + " --help' for its options.");
				return 2;
			}
			final CommandModule module = commands.run(info, true, inputs).get();
			if (module.isCanceled()) {
				err.println("Error: " + module.getCancelReason());
				return 1;
			}
			for (final ModuleItem<?> item : info.outputs()) {
				final Object value = module.getOutput(item.getName());
				if (value instanceof String) out.println(value);
			}
			final Object command = module.getDelegateObject();
			if (command instanceof LayerTracerCommand.PartlyFailed &&
				((LayerTracerCommand.PartlyFailed) command).failures() > 0)
			{
				err.println("Error: " + ((LayerTracerCommand.PartlyFailed) command).failures() +
					" item(s) could not be done; see the summary");
				return LayerTracerCommand.PartlyFailed.PARTLY_FAILED_EXIT;
			}
			return 0;
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			err.println("Interrupted");
			return 1;
		}
		catch (final ExecutionException e) {
			// SciJava wraps what a command throws ("Module threw exception"): the first user-fixable
			// problem or memory shortage in the chain is the one to tell
			Throwable cause = e.getCause();
			for (Throwable t = cause; t != null; t = t.getCause())
				if (t instanceof io.github.layertracer.api.LayerTracerException ||
					t instanceof OutOfMemoryError)
				{
					cause = t;
					break;
				}
			if (cause instanceof OutOfMemoryError) err.println("Error: Java ran out of memory (" +
				cause.getMessage() + "); give it more with LAYERTRACER_JAVA_OPTS=-Xmx8g, or use " +
				"smaller images or batches");
			else err.println("Error: " + (cause instanceof io.github.layertracer.api.LayerTracerException
				? cause.getMessage() : "internal error: " + cause + (verbose ? ""
					: " (run again with --verbose for the details)")));
			if (verbose) cause.printStackTrace(err);
			return 1;
		}
		finally {
			System.clearProperty(LayerTracerCommand.QUIET_ERRORS);
			if (previousProgress == null) System.clearProperty(LayerTracerCommand.PROGRESS_TO_STDERR);
			else System.setProperty(LayerTracerCommand.PROGRESS_TO_STDERR, previousProgress);
			context.dispose();
		}
	}

	/**
	 * Checks a command line as {@link #run} would, without running it: null if it would start,
	 * else the message it would print (exit code 2).
	 */
	public static String check(final String[] args) {
		if (args.length == 0) return "No subcommand";
		final Sub sub = sub(args[0]);
		if (sub == null) return "Unknown subcommand '" + args[0] + "'";
		final Context context = new Context(CommandService.class);
		try {
			final CommandInfo info = info(context.service(CommandService.class), sub.command);
			final String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--verbose"))
				.toArray(String[]::new);
			return parse(rest, sub, info, new LinkedHashMap<>());
		}
		finally {
			context.dispose();
		}
	}

	/** The subcommand names, in the order of the usage text. */
	public static List<String> subcommands() {
		return new ArrayList<>(SUBCOMMANDS.keySet());
	}

	/** The short aliases of the subcommands, by subcommand name. */
	public static Map<String, String> aliases() {
		final Map<String, String> a = new LinkedHashMap<>();
		for (final Sub s : SUBCOMMANDS.values())
			a.put(s.name, s.alias);
		return a;
	}

	/** The command class of a subcommand name or alias, or null. */
	public static Class<? extends Command> command(final String name) {
		final Sub s = sub(name);
		return s == null ? null : s.command;
	}

	private static String parse(final String[] args, final Sub sub, final CommandInfo info,
		final Map<String, Object> inputs)
	{
		for (int i = 1; i < args.length; i++) {
			final String a = args[i];
			if (!a.startsWith("--")) return "Unexpected argument '" + a + "': options look like " +
				"--name value";
			String key = a.substring(2), value = null;
			final int eq = key.indexOf('=');
			if (eq >= 0) {
				value = key.substring(eq + 1);
				key = key.substring(0, eq);
			}
			final String field = sub.aliases.getOrDefault(key, key.replace('-', '_'));
			if (userInputs(info).stream().noneMatch(item -> item.getName().equals(field)))
				return "Unknown option --" + key + " for '" + args[0] + "'";
			if (value == null) {
				if (i + 1 >= args.length) return "Option --" + key + " needs a value";
				value = args[++i];
			}
			final ModuleItem<?> item = userInputs(info).stream().filter(it -> it.getName().equals(
				field)).findFirst().get();
			final String problem = checkValue(item, value);
			if (problem != null) return "Option --" + key + ": " + problem;
			inputs.put(field, value);
		}
		// an optional file left out is absent, not a question for a file chooser (which cancels
		// the command headless)
		for (final ModuleItem<?> item : userInputs(info))
			if (!item.isRequired() && !inputs.containsKey(item.getName()) && java.io.File.class
				.isAssignableFrom(item.getType())) inputs.put(item.getName(), null);
		for (final ModuleItem<?> item : userInputs(info))
			if (item.isRequired() && !inputs.containsKey(item.getName()) && defaultOf(item) == null) return "Missing option --" + cliName(sub, item.getName()) +
					" (" + item.getLabel() + ")";
		return null;
	}

	/**
	 * Why a value cannot be given to an input, or null: numbers must parse whole (never read
	 * as 0), fit their type and the declared minimum and maximum; texts with choices must be one
	 * of them; booleans are true or false.
	 */
	static String checkValue(final ModuleItem<?> item, final String value) {
		final Class<?> t = item.getType();
		final String v = value.trim();
		Double number = null;
		if (item.getWidgetStyle() != null && item.getWidgetStyle().contains(
			LayerTracerCommand.COUNT_OR_AUTO))
		{
			if (v.equalsIgnoreCase("auto")) return null;
			final long x;
			try {
				x = Long.parseLong(v);
			}
			catch (final NumberFormatException e) {
				return "'" + value + "' is neither a whole number nor auto";
			}
			if (x > Integer.MAX_VALUE) return "'" + value + "' is too large (at most " +
				Integer.MAX_VALUE + ")";
			if (x < 1) return "'" + value + "' is below the minimum 1";
			return null;
		}
		if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
			final long x;
			try {
				x = Long.parseLong(v);
			}
			catch (final NumberFormatException e) {
				return "'" + value + "' is not a whole number" + (v.matches("[-+]?\\d+") ? " that fits"
					: "");
			}
			if ((t == int.class || t == Integer.class) && (x < Integer.MIN_VALUE ||
				x > Integer.MAX_VALUE)) return "'" + value + "' is too large (at most " +
					Integer.MAX_VALUE + ")";
			number = (double) x;
		}
		else if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
			try {
				number = Double.parseDouble(v);
			}
			catch (final NumberFormatException e) {
				return "'" + value + "' is not a number";
			}
			if (number.isNaN() || number.isInfinite()) return "'" + value +
				"' is not a finite number";
		}
		else if (t == boolean.class || t == Boolean.class) {
			if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) return "'" + value +
				"' is neither true nor false";
		}
		if (number != null) {
			final Object min = item.getMinimumValue(), max = item.getMaximumValue();
			if (min instanceof Number && number < ((Number) min).doubleValue()) return "'" + value +
				"' is below the minimum " + min;
			if (max instanceof Number && number > ((Number) max).doubleValue()) return "'" + value +
				"' is above the maximum " + max;
		}
		final List<?> choices = item.getChoices();
		if (choices != null && !choices.isEmpty() && String.class.equals(t) && !choices.contains(v))
			return "'" + value + "' is not one of " + choices.stream().map(String::valueOf).collect(
				java.util.stream.Collectors.joining(", "));
		return null;
	}

	private static Object defaultOf(final ModuleItem<?> item) {
		try {
			final Object instance = ((CommandInfo) item.getInfo()).loadDelegateClass().getDeclaredConstructor()
				.newInstance();
			for (Class<?> c = instance.getClass(); c != null; c = c.getSuperclass()) {
				try {
					final java.lang.reflect.Field f = c.getDeclaredField(item.getName());
					f.setAccessible(true);
					return f.get(instance);
				}
				catch (final NoSuchFieldException e) {
					// declared in a superclass
				}
			}
			return null;
		}
		catch (final ReflectiveOperationException | ClassCastException e) {
			return null;
		}
	}

	private static List<ModuleItem<?>> userInputs(final CommandInfo info) {
		final List<ModuleItem<?>> items = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			if (Service.class.isAssignableFrom(item.getType()) || Context.class.isAssignableFrom(item
				.getType())) continue;
			items.add(item);
		}
		return items;
	}

	private static String cliName(final Sub sub, final String field) {
		for (final Map.Entry<String, String> e : sub.aliases.entrySet())
			if (e.getValue().equals(field)) return e.getKey();
		return field.replace('_', '-');
	}

	private static void usage(final PrintStream out, final String only) {
		out.println("usage: layertracer <subcommand> [--option value ...]");
		out.println();
		final Context context = new Context(CommandService.class);
		try {
			final CommandService commands = context.service(CommandService.class);
			for (final Map.Entry<String, Sub> e : SUBCOMMANDS.entrySet()) {
				if (only != null && !only.equals(e.getKey())) continue;
				final CommandInfo info = info(commands, e.getValue().command);
				out.println(e.getKey() + " (or " + e.getValue().alias + ")" + (info.getMenuPath()
					.isEmpty() ? "  (launcher only)" : "  (Fiji: " + info.getMenuPath()
						.getMenuString() + ")"));
				for (final ModuleItem<?> item : userInputs(info)) {
					final Object def = defaultOf(item);
					out.printf("  --%-18s %s%s%n", cliName(e.getValue(), item.getName()), item
						.getDescription(), def == null ? (item.isRequired() ? " (required)" : "")
							: " [default: " + def + "]");
				}
				out.println();
			}
		}
		finally {
			context.dispose();
		}
	}
}
