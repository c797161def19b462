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
}
