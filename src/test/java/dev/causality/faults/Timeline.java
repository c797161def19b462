package dev.causality.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * The run as a sequence of phases, one per fault: when each began, when its fault was healed (the
 * server back, the process restarted) and when it ended. What the clients saw is attributed to the
 * phase it happened in, by time.
 */
final class Timeline {

    /** One fault's stretch of the run; times in ms since the epoch, 0 while not reached. */
    static final class Phase {
        final String name;
        final long start;
        volatile long healed;
        volatile long end;

        Phase(String name, long start) {
            this.name = name;
            this.start = start;
        }
    }

    private final List<Phase> phases = new ArrayList<>();
    private final long created = System.currentTimeMillis();

    synchronized Phase begin(String name) {
        long now = System.currentTimeMillis();
        if (!phases.isEmpty()) {
            end(now);
        }
        Phase phase = new Phase(name, now);
        phases.add(phase);
        System.out.printf("[faults] %5.1f s  %s%n", (now - created) / 1000.0, name);
        return phase;
    }

    /** The current phase's fault is over: what comes next is recovery. */
    synchronized void healed() {
        current().healed = System.currentTimeMillis();
    }

    synchronized void finish() {
        end(System.currentTimeMillis());
    }

    private void end(long now) {
        Phase last = current();
        if (last.end == 0) {
            last.end = now;
            if (last.healed == 0) {
                last.healed = now;
            }
        }
    }

    private Phase current() {
        return phases.get(phases.size() - 1);
    }

    /** The index of the phase running at {@code millis}: the last one begun by then. */
    synchronized int indexAt(long millis) {
        for (int i = phases.size() - 1; i > 0; i--) {
            if (phases.get(i).start <= millis) {
                return i;
            }
        }
        return 0;
    }

    synchronized int currentIndex() {
        return phases.size() - 1;
    }

    synchronized List<Phase> phases() {
        return List.copyOf(phases);
    }
}
