package dev.causality.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The operator commands of the jar ({@code java -jar causality.jar keys ...}); without one, the jar
 * runs the service. Each command reads its settings from the environment as the service does.
 */
public final class Commands {

    /** A command: its arguments after its name, standard output and error; returns the exit status. */
    public interface Command {
        int run(List<String> args, PrintStream out, PrintStream err);
    }

    private static final Map<String, Command> COMMANDS = Map.of("keys", new KeysCommand());

    private Commands() {
    }

    /** The first argument names a command. */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.containsKey(args[0]);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return COMMANDS.get(args[0]).run(Arrays.asList(args).subList(1, args.length), out, err);
    }

    /** A setting of the environment (NATS_URL, ...), else its default. */
    static String setting(String environmentVariable, String otherwise) {
        String value = System.getenv(environmentVariable);
        return value == null || value.isBlank() ? otherwise : value.trim();
    }
}
