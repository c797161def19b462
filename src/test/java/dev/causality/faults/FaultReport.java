package dev.causality.faults;

import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run's table, per fault and in total, with the fuzzer's figures; printed, and written as JSON and Markdown. */
final class FaultReport {

    /** One fault's figures. Times in seconds, memory in MB. */
    record Row(String fault, long accepted, long inLake, long missing, long duplicateRows, long deadLettered,
               double longestRefusalSeconds, double drainSeconds, double collectorMb, double sinkMb, double natsMb,
               double s3Mb) {
    }

    final List<Row> rows = new ArrayList<>();
    Row total;
    Fuzzer.Result fuzz;
    double collectorRssBeforeFuzzMb;
    double collectorRssAfterFuzzMb;
    long fuzzValidLost;
    int crashes;
    final List<String> unexpectedAnswers = new ArrayList<>();
    final Map<String, String> context = new LinkedHashMap<>();

    /** Every promise kept: nothing accepted is missing, no 5xx to a fuzzed request, no crash, valid events never refused. */
    List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (total.missing() > 0) {
            failures.add(total.missing() + " accepted events are missing from the lake and the DLQ");
        }
        if (total.accepted() == 0) {
            failures.add("no event was accepted: the load did not run");
        }
        if (fuzz == null) {
            failures.add("the fuzzer did not run");
        } else if (fuzz.serverErrors() > 0) {
            failures.add(fuzz.serverErrors() + " fuzzed requests got a 5xx: " + fuzz.serverErrorSamples());
        }
        if (crashes > 0) {
            failures.add(crashes + " Causality processes crashed");
        }
        if (!unexpectedAnswers.isEmpty()) {
            failures.add(unexpectedAnswers.size() + " unexpected answers to valid events: "
                    + unexpectedAnswers.subList(0, Math.min(10, unexpectedAnswers.size())));
        }
        return failures;
    }

    String markdown() {
        StringBuilder out = new StringBuilder("| fault | accepted | distinct in lake | accepted but missing | duplicate rows "
                + "| in DLQ | longest refusal (s) | drain after (s) | peak RSS collector / sink / NATS / S3 (MB) |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        List<Row> all = new ArrayList<>(rows);
        all.add(total);
        for (Row r : all) {
            out.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %,d | %.1f | %.1f | %.0f / %.0f / %.0f / %.0f |%n",
                    r == total ? "**total**" : r.fault(), r.accepted(), r.inLake(), r.missing(), r.duplicateRows(),
                    r.deadLettered(), r.longestRefusalSeconds(), r.drainSeconds(), r.collectorMb(), r.sinkMb(),
                    r.natsMb(), r.s3Mb()));
        }
        out.append('\n');
        if (fuzz != null) {
            out.append(String.format(Locale.ROOT, "Fuzzer: %,d hostile requests, interleaved with the load above; "
                            + "5xx answers: **%d** (besides %d busy 503s answered on the first resend); crashes: **%d**; "
                            + "valid events lost: **%d**; requests without an answer: %d; collector RSS before %.0f MB, "
                            + "after %.0f MB.%n%n",
                    fuzz.requests(), fuzz.serverErrors(), fuzz.transientUnavailable(), crashes, fuzzValidLost,
                    fuzz.unanswered(),
                    collectorRssBeforeFuzzMb, collectorRssAfterFuzzMb));
            out.append("- answers: ").append(statuses(fuzz.statuses())).append('\n');
            out.append("- kinds: ").append(fuzz.kinds()).append('\n');
        }
        context.forEach((k, v) -> out.append("- ").append(k).append(": ").append(v).append('\n'));
        return out.toString();
    }

    private static String statuses(Map<Integer, Long> statuses) {
        StringBuilder out = new StringBuilder();
        statuses.forEach((status, count) -> out.append(out.length() == 0 ? "" : ", ")
                .append(status == 0 ? "none" : status == -1 ? "unsendable" : status.toString()).append(": ")
                .append(String.format(Locale.ROOT, "%,d", count)));
        return out.toString();
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("context", context);
        json.put("faults", rows);
        json.put("total", total);
        json.put("fuzzer", fuzz);
        json.put("collector_rss_before_fuzz_mb", collectorRssBeforeFuzzMb);
        json.put("collector_rss_after_fuzz_mb", collectorRssAfterFuzzMb);
        json.put("fuzz_valid_events_lost", fuzzValidLost);
        json.put("crashes", crashes);
        json.put("unexpected_answers", unexpectedAnswers);
        json.put("failures", failures());
        Files.writeString(dir.resolve("faults.json"), new GsonBuilder().setPrettyPrinting().serializeNulls()
                .create().toJson(json));
        Files.writeString(dir.resolve("faults.md"), markdown());
    }
}
