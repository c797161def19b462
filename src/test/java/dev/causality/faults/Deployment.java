package dev.causality.faults;

import dev.causality.bench.PipelineBenchmark;
import dev.causality.testsupport.CausalityProcess;
import dev.causality.testsupport.FreePorts;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Causality as production runs it: a collector process (SINK_ENABLED=false) on a fixed address, so
 * clients find it again after a restart, and a sink process (COLLECTOR_ENABLED=false), both from the
 * fat jar. Either can be killed (SIGKILL) and started again; a process found dead that was not
 * killed here is a crash, counted and restarted.
 */
final class Deployment implements AutoCloseable {

    private final String name;
    private final Map<String, String> environment;
    private final java.nio.file.Path logs;
    private int started;
    private final int collectorPort = FreePorts.next();
    private CausalityProcess collector;
    private CausalityProcess sink;
    private int crashes;
    private final StringBuilder crashOutput = new StringBuilder();

    /** @param logs where each process's output is kept when it ends (NAME-ROLE-N.log) */
    Deployment(String name, Map<String, String> environment, java.nio.file.Path logs) {
        this.name = name;
        this.environment = Map.copyOf(environment);
        this.logs = logs;
    }

    /** Ends a process (SIGKILL or SIGTERM) and keeps its output. */
    private synchronized void end(String role, CausalityProcess process, boolean kill) throws InterruptedException {
        if (kill) {
            process.kill();
        }
        try {
            java.nio.file.Files.createDirectories(logs);
            java.nio.file.Files.writeString(logs.resolve(name + "-" + role + "-" + (++started) + ".log"), process.output());
        } catch (java.io.IOException e) {
            System.out.println("[faults] cannot keep the " + role + "'s log: " + e);
        }
        process.close();
    }

    URI collectorUri() {
        return URI.create("http://127.0.0.1:" + collectorPort);
    }

    synchronized void startCollector() {
        Map<String, String> env = new HashMap<>(environment);
        env.put("SINK_ENABLED", "false");
        collector = CausalityProcess.launch(env, PipelineBenchmark.CAUSALITY_JVM, collectorPort).awaitReady();
    }

    synchronized void startSink() {
        Map<String, String> env = new HashMap<>(environment);
        env.put("COLLECTOR_ENABLED", "false");
        sink = CausalityProcess.start(env, PipelineBenchmark.CAUSALITY_JVM);
    }

    synchronized void killCollector() throws InterruptedException {
        checkAlive();
        end("collector", collector, true);
    }

    /**
     * Kills the sink right after it finished a Parquet upload: the batches of the same flush are
     * being uploaded then, and the messages it holds are unacked.
     */
    void killSinkMidUpload(Duration within) throws InterruptedException {
        checkAlive();
        CausalityProcess target = sink;
        double before = target.metric("causality_sink_rows_written_total");
        await("the sink writes a file").atMost(within).pollInterval(Duration.ofMillis(20))
                .until(() -> target.metric("causality_sink_rows_written_total") > before);
        end("sink", target, true);
    }

    /** Counts and restarts a process that died on its own; call before each fault and at the end. */
    synchronized void checkAlive() {
        if (collector != null && !collector.process().isAlive()) {
            recordCrash("collector", collector);
            startCollector();
        }
        if (sink != null && !sink.process().isAlive()) {
            recordCrash("sink", sink);
            startSink();
        }
    }

    private void recordCrash(String role, CausalityProcess process) {
        crashes++;
        String output = process.output();
        crashOutput.append("--- ").append(role).append(" exited with ").append(process.process().exitValue())
                .append(":\n").append(output, Math.max(0, output.length() - 4000), output.length()).append('\n');
        System.out.println("[faults] CRASH: the " + role + " died on its own");
    }

    synchronized int crashes() {
        return crashes;
    }

    synchronized String crashOutput() {
        return crashOutput.toString();
    }

    synchronized long collectorPid() {
        return collector != null && collector.process().isAlive() ? collector.process().pid() : -1;
    }

    synchronized long sinkPid() {
        return sink != null && sink.process().isAlive() ? sink.process().pid() : -1;
    }

    /** The collector's log, e.g. to show what a 5xx was about. */
    synchronized String collectorOutput() {
        return collector.output();
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (collector != null) {
            end("collector", collector, false);
        }
        if (sink != null) {
            end("sink", sink, false);
        }
    }
}
