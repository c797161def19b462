package dev.causality.bench;

import dev.causality.access.WriteKey;
import dev.causality.jetstream.WriteKeyBucket;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.jetstream.StreamSettings;
import dev.causality.testsupport.CausalityProcess;
import dev.causality.testsupport.FreePorts;
import dev.causality.testsupport.HttpTestClient;
import dev.causality.testsupport.NatsServer;
import dev.causality.testsupport.ParquetFiles;
import dev.causality.testsupport.S3Server;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import org.HdrHistogram.Histogram;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Measures the pipeline beside the limits of its parts, in one run on one machine: starts
 * nats-server, s3proxy and Causality (the built jar) on loopback, drives them, stops everything,
 * prints a table and writes it as JSON and Markdown to target/benchmark/.
 *
 * <p>Run: {@code bin/bench} (add {@code --smoke} for a seconds-long run whose figures mean nothing).
 */
public final class PipelineBenchmark {

    /** How hard and how long to measure. */
    record Options(int rounds, Duration round, int drainEvents, int drainWarmup, int concurrency, Duration latencyRun,
                   Duration e2eRun, double e2eRate, String flushInterval, boolean smoke, Set<String> parts,
                   boolean jfr) {

        static final List<String> PARTS = List.of("ceilings", "ingest", "keys", "drain", "e2e");

        static Options fullRun() {
            return new Options(3, Duration.ofSeconds(6), 200_000, 1_000_000, 16, Duration.ofSeconds(10),
                    Duration.ofSeconds(10), 5_000, "30s", false, Set.copyOf(PARTS), false);
        }

        static Options smokeRun() {
            return new Options(1, Duration.ofSeconds(1), 2_000, 0, 4, Duration.ofSeconds(1),
                    Duration.ofSeconds(1), 200, "1s", true, Set.copyOf(PARTS), false);
        }

        /** The options, with the full run's defaults read from {@link #fullRun()}. */
        static final String USAGE = String.format(java.util.Locale.ROOT, """
                usage: bin/bench [--smoke] [--only PART,PART] [--rounds N] [--drain-events N] [--drain-warmup N] [--jfr]
                  (no options)       every part, %1$d rounds of %2$d s each (about 9 minutes)
                  --smoke            every part, a few seconds each; the figures mean nothing
                  --only PARTS       some of: %3$s (comma-separated)
                  --rounds N         rounds per figure (default %1$d)
                  --drain-events N   events measured in each drain round (default %4$d)
                  --drain-warmup N   events drained before the measurement, for the JIT (default %5$d)
                  --jfr              a flight recording of each Causality process, target/benchmark/NAME.jfr
                environment: BENCH_CAUSALITY_JVM_OPTS (more options for Causality's JVM; {name} = the run),
                  NATS_SERVER_BIN (the nats-server binary)
                """, fullRun().rounds(), fullRun().round().toSeconds(), String.join(", ", PARTS),
                fullRun().drainEvents(), fullRun().drainWarmup());

        /** Flags that take a value, and flags on their own. */
        private static final Set<String> WITH_VALUE = Set.of("--only", "--rounds", "--drain-events", "--drain-warmup");
        private static final Set<String> ALONE = Set.of("--smoke", "--jfr");

        /** {@code --smoke}, {@code --only part,part} (of {@link #PARTS}), {@code --rounds n},
         * {@code --drain-events n} (measured), {@code --drain-warmup n} (drained before), {@code --jfr}.
         * Anything else is refused with {@link #USAGE}, before anything is started. */
        static Options parse(List<String> args) {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (WITH_VALUE.contains(arg)) {
                    i++; // its value, checked by value()
                } else if (!ALONE.contains(arg)) {
                    throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            Options options = args.contains("--smoke") ? smokeRun() : fullRun();
            String only = value(args, "--only", String.join(",", options.parts()));
            Set<String> parts = Set.of(only.split(","));
            if (!PARTS.containsAll(parts)) {
                throw new IllegalArgumentException("unknown part in " + parts + "; parts are " + PARTS);
            }
            int rounds = Integer.parseInt(value(args, "--rounds", Integer.toString(options.rounds())));
            int drainEvents = Integer.parseInt(value(args, "--drain-events", Integer.toString(options.drainEvents())));
            int drainWarmup = Integer.parseInt(value(args, "--drain-warmup", Integer.toString(options.drainWarmup())));
            return new Options(rounds, options.round(), drainEvents, drainWarmup, options.concurrency(),
                    options.latencyRun(), options.e2eRun(), options.e2eRate(), options.flushInterval(),
                    options.smoke(), parts, args.contains("--jfr"));
        }

        /** The argument after {@code flag}, or {@code otherwise} without the flag. */
        private static String value(List<String> args, String flag, String otherwise) {
            int at = args.indexOf(flag);
            if (at < 0) {
                return otherwise;
            }
            if (at + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args.get(at + 1);
        }
    }

    /** The JVM options Causality runs with here, as bin/run and the Docker image use by default. */
    public static final List<String> CAUSALITY_JVM = List.of("-Xms256m", "-Xmx256m", "-XX:+UseSerialGC");

    private final Options options;
    private final Report report = new Report();
    private final EventMix mix = new EventMix();

    PipelineBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        // stopped early (Ctrl-C, SIGTERM): no finally block runs, so stop the servers it started here
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .forEach(ProcessHandle::destroy), "bench-stop-servers"));
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(Options.USAGE);
            System.exit(0);
        }
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) { // a number that is not one, an unknown part or flag
            System.err.println("bin/bench: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        Report report = new PipelineBenchmark(options).run(Path.of("target", "benchmark"));
        System.out.println();
        System.out.println(report.table());
        System.out.println("Written to target/benchmark/benchmark.json and benchmark.md");
        System.exit(0);
    }

    Report run(Path output) throws Exception {
        log("encoding the workload");
        int bodies = options.smoke() ? 20 : 400;
        List<byte[]> batch100 = mix.batchBodies(bodies, 100);
        List<byte[]> batch1000 = mix.batchBodies(options.smoke() ? 4 : 100, 1000);
        List<byte[]> singles = mix.singleBodies(options.smoke() ? 200 : 20_000);
        List<EventMix.Stored> stored = mix.stored(options.drainEvents()); // the drain's warm-up is made when it runs
        List<EventEnvelope> rows = mix.events(options.smoke() ? 2_000 : 50_000);
        report.context("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + ", Java " + System.getProperty("java.version"));
        report.context("mode", options.smoke() ? "smoke (figures mean nothing)" : "full");
        report.context("Causality JVM", String.join(" ", CAUSALITY_JVM));
        report.context("rounds", options.rounds() + " x " + options.round().toSeconds() + " s, "
                + options.concurrency() + " connections");

        try (NatsServer nats = NatsServer.started(); S3Server s3 = S3Server.started();
             Connection client = Ceilings.connect(nats.url()); BareServer bare = BareServer.start(singles.get(0))) {
            if (options.parts().contains("ceilings")) {
                ceilings(client, stored, rows);
                bareVertx(bare.port(), singles);
            }
            if (options.parts().contains("ingest")) {
                ingest(nats, bare.port(), batch100, batch1000, singles);
            }
            if (options.parts().contains("keys")) {
                ingestWithKeys(nats, client, batch100, batch1000, singles);
            }
            if (options.parts().contains("drain")) {
                drain(nats, s3, client, stored);
            }
            if (options.parts().contains("e2e")) {
                endToEnd(nats, s3, batch100);
            }
        }
        report.write(output);
        return report;
    }

    private void ceilings(Connection nats, List<EventMix.Stored> stored, List<EventEnvelope> rows) throws Exception {
        log("ceilings: raw JetStream publishing, parquet-avro writer");
        Ceilings.resetStream(nats, "BENCH", "bench.>");
        List<Double> async = new ArrayList<>();
        List<Double> sync = new ArrayList<>();
        List<Double> parquet = new ArrayList<>();
        for (int i = 0; i < options.rounds(); i++) {
            async.add(Ceilings.asyncPublish(nats, "bench.", stored, 1000));
            sync.add(Ceilings.syncPublish(nats, "bench.", stored, options.round()));
            parquet.add(Ceilings.parquetWriter(rows, 1000, options.round()));
        }
        report.add("jetstream_async", "Ceiling: JetStream publish, async, 1000 acks pending", "events/s", async, null, null);
        report.add("jetstream_sync", "Ceiling: JetStream publish, one sync publish per event", "events/s", sync, null, null);
        report.add("parquet_writer", "Ceiling: the sink's Parquet writer alone, rows to memory (ZSTD)", "rows/s", parquet, null, null);
        nats.jetStreamManagement().deleteStream("BENCH");
    }

    /** The HTTP ceiling: a bare Vert.x server (its own process), up for the whole run. */
    private record BareServer(Process process, int port) implements AutoCloseable {

        static BareServer start(byte[] probeBody) throws IOException {
            int port = FreePorts.next();
            Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), BareVertxServer.class.getName(),
                    Integer.toString(port)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            HttpTestClient probe = new HttpTestClient("http://127.0.0.1:" + port);
            await("bare Vert.x server up").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> probe.post("/", "application/x-protobuf", probeBody).status() == 200);
            return new BareServer(server, port);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void bareVertx(int port, List<byte[]> singles) throws Exception {
        log("ceiling: bare Vert.x HTTP server");
        try (HttpLoad load = new HttpLoad(port, options.concurrency())) {
            load.requestsPerSecond("/", singles, options.concurrency(), options.round()); // warm-up, as for Causality
            List<Double> rps = new ArrayList<>();
            for (int i = 0; i < options.rounds(); i++) {
                rps.add(load.requestsPerSecond("/", singles, options.concurrency(), options.round()));
            }
            report.add("vertx_bare", "Ceiling: bare Vert.x server, single-event bodies", "requests/s", rps, null, null);
        }
    }

    private void ingest(NatsServer nats, int barePort, List<byte[]> batch100, List<byte[]> batch1000, List<byte[]> singles)
            throws Exception {
        log("Causality collector: batch and single-event ingest");
        Map<String, String> env = new HashMap<>();
        env.put("NATS_URL", nats.url());
        env.put("SINK_ENABLED", "false");
        try (CausalityProcess collector = CausalityProcess.start(env, jvm("collector"));
             HttpLoad load = new HttpLoad(port(collector), options.concurrency())) {
            long pid = collector.process().pid();
            ProcessStats before = ProcessStats.of(pid);
            // warm-up: one round of each request kind, so the JIT has compiled their paths before measuring
            load.requestsPerSecond("/v1/events/batch", batch100, options.concurrency(), options.round());
            load.requestsPerSecond("/v1/events/batch", batch1000, options.concurrency(), options.round());
            load.requestsPerSecond("/v1/events/ingest", singles, options.concurrency(), options.round());
            List<Double> b100 = new ArrayList<>();
            List<Double> b1000 = new ArrayList<>();
            List<Double> single = new ArrayList<>();
            for (int i = 0; i < options.rounds(); i++) {
                b100.add(100 * load.requestsPerSecond("/v1/events/batch", batch100, options.concurrency(), options.round()));
                b1000.add(1000 * load.requestsPerSecond("/v1/events/batch", batch1000, options.concurrency(), options.round()));
                single.add(load.requestsPerSecond("/v1/events/ingest", singles, options.concurrency(), options.round()));
            }
            report.add("ingest_batch_100", "Causality: batch ingest, 100 events per request", "events/s", b100,
                    "jetstream_async", ">= 0.60");
            report.add("ingest_batch_1000", "Causality: batch ingest, 1000 events per request", "events/s", b1000,
                    "jetstream_async", ">= 0.60");
            report.add("ingest_batch_1000_vs_sync", "Causality: batch ingest (1000) vs one sync publish per event",
                    "events/s", b1000, "jetstream_sync", ">= 5");
            report.add("ingest_single", "Causality: single-event ingest, " + options.concurrency() + " in flight",
                    "requests/s", single, "vertx_bare", ">= 0.30");

            double rate = Math.max(10, Report.medianOf(single) / 2);
            int failedLatencyRequests = 0;
            List<Double> p50 = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            List<Double> p999 = new ArrayList<>();
            for (int i = 0; i < options.rounds(); i++) {
                Histogram latency = load.latencyAtRate("/v1/events/ingest", singles, rate, options.latencyRun());
                failedLatencyRequests += load.lastFailures;
                p50.add(latency.getValueAtPercentile(50) / 1e6);
                p99.add(latency.getValueAtPercentile(99) / 1e6);
                p999.add(latency.getValueAtPercentile(99.9) / 1e6);
            }
            report.context("open-loop requests failed or unanswered within 10 s", Integer.toString(failedLatencyRequests));
            String at = String.format(java.util.Locale.ROOT, " at %.0f req/s (half saturation), open loop", rate);
            // the same generator at the same rate against a server doing nothing: this machine's latency floor
            List<Double> bareP99 = new ArrayList<>();
            try (HttpLoad bare = new HttpLoad(barePort, options.concurrency())) {
                bare.requestsPerSecond("/", singles, options.concurrency(), options.round()); // warm-up
                for (int i = 0; i < options.rounds(); i++) {
                    bareP99.add(bare.latencyAtRate("/", singles, rate, options.latencyRun()).getValueAtPercentile(99) / 1e6);
                }
            }
            report.add("vertx_bare_p99", String.format(java.util.Locale.ROOT,
                    "Ceiling: bare Vert.x latency p99 at the same %.0f req/s, open loop", rate), "ms", bareP99, null, null);
            report.add("latency_p50", "Causality: single-event latency p50" + at, "ms", p50, null, null);
            report.add("latency_p99", "Causality: single-event latency p99" + at, "ms", p99, "vertx_bare_p99", "< 10 ms");
            report.add("latency_p999", "Causality: single-event latency p99.9" + at, "ms", p999, null, null);

            ProcessStats after = ProcessStats.of(pid);
            long accepted = nats.messageCount("EVENTS");
            report.add("collector_cpu_per_million", "Collector: CPU seconds per million events", "s",
                    (after.cpuSeconds() - before.cpuSeconds()) / (accepted / 1e6));
            report.add("collector_peak_rss", "Collector: peak RSS over the run", "MB", after.peakRssBytes() / 1e6);
            report.context("events accepted by the collector", Long.toString(accepted));
        }
    }

    /**
     * Batch and single-event ingest again, with write keys on (INGEST_AUTH=keys, one unlimited key
     * for the mix's apps): against the same figures with keys off, what a key costs a request.
     */
    private void ingestWithKeys(NatsServer nats, Connection client, List<byte[]> batch100, List<byte[]> batch1000,
                                List<byte[]> singles) throws Exception {
        log("Causality collector with write keys: batch and single-event ingest");
        WriteKey.Created key = WriteKey.create(EventMix.APPS, List.of(), 0, System.currentTimeMillis());
        WriteKeyBucket.open(client, 1).put(key.stored());
        Map<String, String> env = new HashMap<>();
        env.put("NATS_URL", nats.url());
        env.put("SINK_ENABLED", "false");
        env.put("INGEST_AUTH", "keys");
        try (CausalityProcess collector = CausalityProcess.start(env, jvm("collector-keys"));
             HttpLoad load = new HttpLoad(port(collector), options.concurrency(), key.key())) {
            load.requestsPerSecond("/v1/events/batch", batch100, options.concurrency(), options.round()); // warm-up
            load.requestsPerSecond("/v1/events/batch", batch1000, options.concurrency(), options.round());
            load.requestsPerSecond("/v1/events/ingest", singles, options.concurrency(), options.round());
            List<Double> b100 = new ArrayList<>();
            List<Double> b1000 = new ArrayList<>();
            List<Double> single = new ArrayList<>();
            for (int i = 0; i < options.rounds(); i++) {
                b100.add(100 * load.requestsPerSecond("/v1/events/batch", batch100, options.concurrency(), options.round()));
                b1000.add(1000 * load.requestsPerSecond("/v1/events/batch", batch1000, options.concurrency(), options.round()));
                single.add(load.requestsPerSecond("/v1/events/ingest", singles, options.concurrency(), options.round()));
            }
            report.add("ingest_batch_100_keys", "Causality, write keys on: batch ingest, 100 events per request",
                    "events/s", b100, "ingest_batch_100", ">= 0.90");
            report.add("ingest_batch_1000_keys", "Causality, write keys on: batch ingest, 1000 events per request",
                    "events/s", b1000, "ingest_batch_1000", ">= 0.90");
            report.add("ingest_single_keys", "Causality, write keys on: single-event ingest, " + options.concurrency()
                    + " in flight", "requests/s", single, "ingest_single", ">= 0.90");
        }
    }

    private void drain(NatsServer nats, S3Server s3, Connection client, List<EventMix.Stored> measuredEvents)
            throws Exception {
        // Events drained before the measurement starts, while the JIT compiles: the default, 1,000,000
        // (about 35 s here), leaves the sink near its steady state. Per-file code (the S3 client, a Parquet
        // file's setup) runs ~40 times a second and reaches C2 only after tens of seconds; after 100,000
        // events the compiler threads still took a third of a core.
        int warmup = options.drainWarmup();
        int measured = measuredEvents.size();
        // Events after the measured ones, not measured: the stream's end is not throughput. Once it is
        // drained, each partition's last batch waits for its age (BATCH_FLUSH_INTERVAL, 1 s here) with
        // nothing left to fetch; measured up to the very end, that second of waiting was a fifth of a
        // 200,000-row measurement. With a tail the measurement ends while the backlog still lasts.
        int tail = measured / 2;
        int upTo = warmup + measured;
        int total = upTo + tail;
        log("Causality sink: draining a pre-filled stream of " + total + " events, measured after the first "
                + warmup + " (the JIT's warm-up) over the next " + measured + " (the last " + tail + " are not measured)");
        ensureEventsStream(client);
        client.jetStreamManagement().purgeStream("EVENTS");
        // the warm-up's events are made here and dropped once stored: ~1 GB the earlier parts need not carry
        Ceilings.asyncPublish(client, null, mix.stored(warmup), 1000);
        Ceilings.asyncPublish(client, null, measuredEvents, 1000);
        Ceilings.asyncPublish(client, null, mix.stored(tail), 1000);
        List<Double> rates = new ArrayList<>();
        double cpu = 0;
        double jit = 0;
        double natsCpu = 0;
        double s3Cpu = 0;
        double busy = 0;
        double wall = 0;
        double rows = 0;
        long peak = 0;
        double files = 0;
        for (int i = 0; i < options.rounds(); i++) {
            deleteConsumer(client);
            Map<String, String> env = new HashMap<>(environment(s3, nats, "drain-" + i));
            env.put("COLLECTOR_ENABLED", "false");
            env.put("BATCH_FLUSH_INTERVAL", "1s"); // the tail of partial batches is not throughput
            try (CausalityProcess sink = CausalityProcess.start(env, jvm("drain-" + i))) {
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> sink.metric("causality_sink_rows_written_total") >= warmup);
                long start = System.nanoTime();
                double startRows = sink.metric("causality_sink_rows_written_total");
                ProcessStats before = ProcessStats.of(sink.process().pid());
                // what the servers the sink drives spend meanwhile: a delivery and an ack per row in
                // NATS, an upload per file in S3; with the sink they share this machine's cores
                double natsBefore = ProcessStats.of(nats.pid()).cpuSeconds();
                double s3Before = ProcessStats.of(s3.pid()).cpuSeconds();
                double busyBefore = ProcessStats.machineBusySeconds();
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> sink.metric("causality_sink_rows_written_total") >= upTo);
                double seconds = (System.nanoTime() - start) / 1e9;
                double rowsNow = sink.metric("causality_sink_rows_written_total") - startRows; // whole files
                rates.add(rowsNow / seconds);
                rows += rowsNow;
                ProcessStats after = ProcessStats.of(sink.process().pid());
                natsCpu += ProcessStats.of(nats.pid()).cpuSeconds() - natsBefore;
                s3Cpu += ProcessStats.of(s3.pid()).cpuSeconds() - s3Before;
                busy += ProcessStats.machineBusySeconds() - busyBefore;
                wall += seconds;
                cpu += after.cpuSeconds() - before.cpuSeconds();
                jit += after.compilerSecondsSince(before);
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> sink.metric("causality_sink_rows_written_total") >= total);
                peak = Math.max(peak, after.peakRssBytes());
                files += sink.metric("causality_sink_batches_written_total");
                java.nio.file.Files.createDirectories(Path.of("target", "benchmark"));
                java.nio.file.Files.writeString(Path.of("target", "benchmark", "drain-" + i + ".log"), sink.output());
            }
        }
        report.add("sink_drain", "Causality: sink drain from a pre-filled stream to S3", "rows/s", rates,
                "parquet_writer", ">= 0.50");
        report.add("sink_drain_vs_ingest", "Causality: sink drain vs batch ingest (1000)", "rows/s", rates,
                "ingest_batch_1000", "> 1");
        rows = Math.max(rows, 1);
        double millions = rows / 1e6;
        report.add("sink_cpu_per_million", "Sink: CPU seconds per million rows", "s", cpu / millions);
        // a sink runs for days: its JIT has long finished, but per-file code (the S3 client, a Parquet
        // file's setup) runs ~40 times a second and reaches the C2 compiler only minutes after start
        report.add("sink_cpu_per_million_no_jit", "Sink: CPU seconds per million rows, JIT left out",
                "s", (cpu - jit) / millions);
        report.add("drain_nats_cpu_per_million", "Drain: NATS server CPU seconds per million rows (deliveries, acks)",
                "s", natsCpu / millions);
        report.add("drain_s3_cpu_per_million", "Drain: S3 server (s3proxy) CPU seconds per million rows (uploads)",
                "s", s3Cpu / millions);
        report.add("drain_machine_cores_busy", "Drain: cores busy on the machine while measured (of "
                + Runtime.getRuntime().availableProcessors() + ")", "cores", busy / Math.max(wall, 1e-9));
        // the rate the three processes' CPU per row allows if they had every core to themselves
        report.add("drain_cpu_bound", "Drain: CPU bound, cores / (sink + NATS + S3 CPU per row)", "rows/s",
                Runtime.getRuntime().availableProcessors() * rows / Math.max(cpu + natsCpu + s3Cpu, 1e-9));
        report.add("sink_peak_rss", "Sink: peak RSS over the run", "MB", peak / 1e6);
        report.add("sink_rows_per_file", "Sink: rows per Parquet file (mean over the whole drain)", "rows",
                options.rounds() * (double) total / Math.max(1, files));
    }

    private void endToEnd(NatsServer nats, S3Server s3, List<byte[]> batch100) throws Exception {
        log("end to end: accept to row in a file, collector and sink in one process, flush " + options.flushInterval());
        deleteConsumer(nats.client());
        nats.client().jetStreamManagement().purgeStream("EVENTS");
        Map<String, String> env = new HashMap<>(environment(s3, nats, "e2e"));
        env.put("BATCH_FLUSH_INTERVAL", options.flushInterval());
        try (CausalityProcess app = CausalityProcess.start(env, jvm("e2e"));
             HttpLoad load = new HttpLoad(port(app), options.concurrency())) {
            load.latencyAtRate("/v1/events/batch", batch100, options.e2eRate() / 100, options.e2eRun());
            long sent = nats.messageCount("EVENTS");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> app.metric("causality_sink_rows_written_total") >= sent);
            Histogram delay = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
            s3.objects("e2e").forEach((key, file) -> {
                long fileMs = UUID.fromString(key.substring(key.lastIndexOf('/') + 1, key.length() - ".parquet".length()))
                        .getMostSignificantBits() >>> 16;
                for (GenericRecord row : ParquetFiles.read(file)) {
                    delay.recordValue(Math.max(0, fileMs - (Long) row.get("received_at_ms")));
                }
            });
            String at = String.format(java.util.Locale.ROOT, " at %.0f events/s", options.e2eRate());
            report.add("e2e_p50", "End to end: accept to row in S3, p50" + at, "ms", delay.getValueAtPercentile(50));
            report.add("e2e_p99", "End to end: accept to row in S3, p99" + at, "ms", delay.getValueAtPercentile(99));
            report.add("e2e_max", "End to end: accept to row in S3, max" + at, "ms", delay.getMaxValue());
            ProcessStats stats = ProcessStats.of(app.process().pid());
            report.add("combined_peak_rss", "Collector + sink in one process: peak RSS", "MB", stats.peakRssBytes() / 1e6);
        }
    }

    /**
     * Causality's JVM options; with {@code --jfr} also a flight recording to target/benchmark/NAME.jfr, and
     * whatever BENCH_CAUSALITY_JVM_OPTS holds ({name} replaced by the run's name).
     */
    private List<String> jvm(String name) {
        List<String> jvm = new ArrayList<>(CAUSALITY_JVM);
        if (options.jfr()) {
            try {
                java.nio.file.Files.createDirectories(Path.of("target", "benchmark")); // the JVM does not make it
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + Path.of("target", "benchmark", name + ".jfr").toAbsolutePath());
        }
        String extra = System.getenv("BENCH_CAUSALITY_JVM_OPTS"); // e.g. a profiler agent; {name} = the run
        if (extra != null && !extra.isBlank()) {
            for (String option : extra.trim().split("\\s+")) {
                jvm.add(option.replace("{name}", name));
            }
        }
        return jvm;
    }

    private static Map<String, String> environment(S3Server s3, NatsServer nats, String bucket) {
        Map<String, String> env = new HashMap<>();
        env.put("NATS_URL", nats.url());
        s3.settings(bucket).forEach((k, v) -> env.put(k.toUpperCase().replace('.', '_').replace('-', '_'), v));
        return env;
    }

    /** EVENTS as Causality creates it (when the drain runs without the ingest part before it). */
    private static void ensureEventsStream(Connection client) throws IOException, JetStreamApiException {
        try {
            client.jetStreamManagement().getStreamInfo("EVENTS");
        } catch (JetStreamApiException e) {
            client.jetStreamManagement().addStream(new StreamSettings("EVENTS", "events.>", Duration.ofDays(7),
                    -1, Duration.ofMinutes(2), 1).toConfiguration());
        }
    }

    private static void deleteConsumer(Connection client) throws IOException {
        try {
            client.jetStreamManagement().deleteConsumer("EVENTS", "warehouse-sink");
        } catch (JetStreamApiException e) {
            // not there yet
        }
    }

    private static int port(CausalityProcess process) {
        HttpTestClient http = process.http();
        return Integer.parseInt(http.baseUrl().substring(http.baseUrl().lastIndexOf(':') + 1));
    }

    private static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
