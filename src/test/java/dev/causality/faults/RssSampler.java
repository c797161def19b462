package dev.causality.faults;

import dev.causality.bench.ProcessStats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Samples the resident memory of each role's processes (collector, sink, NATS, S3) every 200 ms and
 * keeps the peak per phase. Processes come and go (restarts), so each role names its current pids.
 */
final class RssSampler implements AutoCloseable {

    private final Timeline timeline;
    private final Map<String, Supplier<List<Long>>> roles = new LinkedHashMap<>();
    /** phase index -> role -> peak bytes */
    private final Map<Integer, Map<String, Long>> peaks = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    RssSampler(Timeline timeline) {
        this.timeline = timeline;
        this.thread = new Thread(this::sample, "rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void watch(String role, Supplier<List<Long>> pids) {
        roles.put(role, pids);
    }

    private void sample() {
        while (running) {
            Map<String, Supplier<List<Long>>> now;
            synchronized (this) {
                now = Map.copyOf(roles);
            }
            int phase = timeline.currentIndex();
            now.forEach((role, pids) -> {
                for (long pid : pids.get()) {
                    long rss = rss(pid);
                    peaks.computeIfAbsent(phase, p -> new ConcurrentHashMap<>()).merge(role, rss, Math::max);
                }
            });
            Hold.on(java.time.Duration.ofMillis(200));
        }
    }

    static long rss(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            return ProcessStats.of(pid).rssBytes();
        } catch (RuntimeException e) {
            return 0; // the process just exited
        }
    }

    /** Peak bytes of a role during a phase, 0 when never seen. */
    long peak(int phase, String role) {
        return peaks.getOrDefault(phase, Map.of()).getOrDefault(role, 0L);
    }

    long peak(String role) {
        return peaks.values().stream().mapToLong(m -> m.getOrDefault(role, 0L)).max().orElse(0);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2000);
    }
}
