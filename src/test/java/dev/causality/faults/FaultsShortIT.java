package dev.causality.faults;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/faults --short} in the test suite: every fault once, shortened, with 10,000 fuzzed
 * requests. Fails on any accepted event missing from the lake, any 5xx to a fuzzed request, any
 * crash, or a valid event refused; timings are printed, never judged.
 */
class FaultsShortIT {

    @Test
    void noAcceptedEventIsLostNoFuzzedRequestGetsA5xxNothingCrashes() throws Exception {
        Path output = Path.of("target", "faults");
        FaultReport report = new FaultRun(FaultRun.Options.shortRun()).run(output);
        System.out.println(report.markdown());

        assertEquals(9, report.rows.size(), "one row per fault and the baseline: " + report.rows);
        assertTrue(report.total.accepted() > 0, "the load ran");
        assertEquals(0, report.total.missing(), "accepted but missing:\n" + report.markdown());
        assertEquals(10_000, report.fuzz.requests());
        assertEquals(0, report.fuzz.serverErrors(), "5xx to fuzzed requests: " + report.fuzz.serverErrorSamples());
        assertEquals(0, report.crashes, "crashes");
        assertEquals(java.util.List.of(), report.failures());
        assertTrue(Files.readString(output.resolve("faults.md")).startsWith("| fault |"));
        assertTrue(Files.readString(output.resolve("faults.json")).contains("\"missing\": 0"));
    }
}
