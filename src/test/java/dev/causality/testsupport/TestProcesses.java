package dev.causality.testsupport;

/** Shared rule of the test supports that wait for a server process to come up. */
final class TestProcesses {

    private TestProcesses() {
    }

    /**
     * True for the errors of a server that is still starting (connection refused, ...), which a
     * wait ignores; false for IllegalStateException, by which a support reports that its process
     * died, so the wait fails at once with the process's output.
     */
    static boolean stillStarting(Throwable error) {
        return !(error instanceof IllegalStateException);
    }

    /** The feature version (17, 25, ...) of the JDK in {@code jvm}, from its release file; 0 when unknown. */
    static int javaFeatureVersion(java.nio.file.Path jvm) {
        try {
            for (String line : java.nio.file.Files.readAllLines(jvm.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
