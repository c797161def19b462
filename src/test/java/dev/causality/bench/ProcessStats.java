package dev.causality.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time and memory of a process, from /proc (Linux), and the CPU time of its JIT compiler
 * threads by thread id (HotSpot names them "C1 CompilerThread0", "C2 CompilerThread0", ...).
 */
public record ProcessStats(double cpuSeconds, long peakRssBytes, long rssBytes, Map<String, Double> compilerThreads) {

    public static ProcessStats of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            long peak = 0;
            long rss = 0;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line) * 1024;
                } else if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line) * 1024;
                }
            }
            Map<String, Double> compilers = new HashMap<>();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                for (Path task : tasks) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (name.matches("C[12] CompilerThre.*")) {
                            compilers.put(task.getFileName().toString(), cpuSeconds(stat));
                        }
                    } catch (IOException e) {
                        // the thread ended meanwhile
                    }
                }
            }
            return new ProcessStats(cpuSeconds(Files.readString(proc.resolve("stat"))), peak, rss, compilers);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc of process " + pid, e);
        }
    }

    /** CPU seconds the JIT compiler threads spent since {@code before} (a thread that ended meanwhile is missed). */
    public double compilerSecondsSince(ProcessStats before) {
        double seconds = 0;
        for (Map.Entry<String, Double> thread : compilerThreads.entrySet()) {
            seconds += thread.getValue() - before.compilerThreads.getOrDefault(thread.getKey(), 0.0);
        }
        return seconds;
    }

    /**
     * CPU seconds the whole machine spent busy so far (every core: user, nice, system, irq, softirq and
     * steal time of /proc/stat), so that busy seconds over a wall interval give the cores in use.
     */
    public static double machineBusySeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system (idle iowait) irq softirq steal
                busy += Long.parseLong(fields[i]);
            }
            return busy / 100.0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }

    /** utime + stime of a /proc stat line, in seconds. */
    private static double cpuSeconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
