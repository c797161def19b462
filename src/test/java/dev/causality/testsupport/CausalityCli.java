package dev.causality.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged jar's operator commands ({@code java -jar causality.jar keys ...}), run as an operator runs them. */
public final class CausalityCli {

    /** Exit status, standard output and standard error of one command. */
    public record Result(int exit, String out, String err) {

        /** The last line of standard output (where {@code keys create} prints the new key). */
        public String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    private CausalityCli() {
    }

    public static Result run(String natsUrl, String... args) {
        Path jar = Path.of("target", "causality.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("run 'mvn package' first: " + jar.toAbsolutePath());
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("causality-cli-", ".out");
            Path err = Files.createTempFile("causality-cli-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().put("NATS_URL", natsUrl);
                Process process = builder.start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the command did not end: " + command);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
