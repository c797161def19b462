package dev.causality.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and memory of a process, from /proc (Linux). */
public record ProcessStats(double cpuSeconds, long peakRssBytes, long rssBytes) {

    public static ProcessStats of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
            long peak = 0;
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line) * 1024;
                } else if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line) * 1024;
                }
            }
            return new ProcessStats(ticks / 100.0, peak, rss);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc of process " + pid, e);
        }
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
