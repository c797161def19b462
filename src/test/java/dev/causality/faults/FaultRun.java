package dev.causality.faults;

import dev.causality.jetstream.DeadLetters;
import dev.causality.testsupport.CausalityCli;
import dev.causality.testsupport.NatsCluster;
import dev.causality.testsupport.NatsServer;
import dev.causality.testsupport.S3Server;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Reliability in figures: starts nats-server, s3proxy and Causality (collector and sink as separate
 * processes of the fat jar), drives a steady load of good clients, and injects one fault after
 * another while the load runs; a fuzzer sends hostile requests in between. At the end it waits for
 * the sink to drain, reads every Parquet file of the lake and the dead-letter stream, and says, per
 * fault and in total, whether anything accepted went missing.
 *
 * <p>Run: {@code bin/faults} (10-20 minutes) or {@code bin/faults --short} (a few minutes, the
 * test suite runs it). Writes target/faults/faults.{json,md}; exits non-zero when a promise broke.
 */
public final class FaultRun {

    /** Durations of the faults and the size of the run. */
    record Options(boolean isShort, Duration baseline, Duration collectorDown, Duration natsDown, Duration s3Down,
                   Duration lakeRefusing, Duration leaderDown, Duration settle, int fuzzRequests, int eventsPerSecond,
                   Map<String, String> causality) {

        static Options full() {
            return new Options(false, Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(30),
                    Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(20),
                    100_000, 500, Map.of("BATCH_FLUSH_INTERVAL", "5s"));
        }

        /** Every fault once, shorter; the sink's ack wait and retry backoff shortened with them. */
        static Options shortRun() {
            return new Options(true, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(5),
                    Duration.ofSeconds(8), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(3),
                    10_000, 100, Map.of("BATCH_FLUSH_INTERVAL", "2s", "SINK_ACK_WAIT", "30s",
                            "SINK_RETRY_MAX_DELAY", "2000"));
        }

        static Options parse(List<String> args) {
            for (String arg : args) {
                if (!arg.equals("--short")) {
                    throw new IllegalArgumentException("unknown argument " + arg + "; the only option is --short");
                }
            }
            return args.contains("--short") ? shortRun() : full();
        }
    }

    static final String BUCKET = "faults";

    private final Options options;
    private final Timeline timeline = new Timeline();
    private final Ledger ledger = new Ledger();
    private final LakeAudit audit = new LakeAudit();
    private final FaultReport report = new FaultReport();
    private Path logs;

    FaultRun(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        // Ctrl-C: take the servers and Causality processes down with the run
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .forEach(ProcessHandle::destroyForcibly)));
        FaultReport report = new FaultRun(Options.parse(List.of(args))).run(Path.of("target", "faults"));
        System.out.println();
        System.out.println(report.markdown());
        System.out.println("Written to target/faults/faults.json and faults.md");
        List<String> failures = report.failures();
        failures.forEach(f -> System.out.println("FAILED: " + f));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    FaultReport run(Path output) throws Exception {
        logs = output.resolve("logs");
        long started = System.currentTimeMillis();
        report.context.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + ", Java " + System.getProperty("java.version"));
        report.context.put("mode", options.isShort() ? "short (every fault once, shortened)" : "full");
        report.context.put("load", options.eventsPerSecond() + " events/s (target) from 4 good clients (batches of 1-50, "
                + "protobuf and JSON, some gzip; resend after Retry-After)");
        report.context.put("Causality settings", options.causality() + ", INGEST_AUTH=keys (one write key for the "
                + "clients' three apps; the fuzzer sends it, and bad, missing and oversized ones)");
        try (S3Server s3 = S3Server.started(); RssSampler rss = new RssSampler(timeline)) {
            rss.watch("s3", () -> List.of(s3.pid()));
            singleNats(s3, rss);
            natsCluster(s3, rss);
            timeline.finish();
            System.out.println("[faults] reading the lake");
            audit.lake(s3.objects(BUCKET));
            tabulate(rss);
        }
        report.context.put("lake", String.format("%,d Parquet files, %,d rows", audit.files(), audit.totalRows()));
        report.context.put("client requests", String.format("%,d (of which resends %,d)", ledger.requests(), ledger.retries()));
        report.context.put("run time", (System.currentTimeMillis() - started) / 1000 + " s");
        report.unexpectedAnswers.addAll(ledger.unexpectedAnswers());
        report.write(output);
        return report;
    }

    private Map<String, String> environment(String natsUrl, S3Server s3, int replicas) {
        Map<String, String> env = new HashMap<>(options.causality());
        env.put("NATS_URL", natsUrl);
        env.put("NATS_STREAM_REPLICAS", Integer.toString(replicas));
        env.put("INGEST_AUTH", "keys");
        s3.settings(BUCKET).forEach((k, v) -> env.put(k.toUpperCase().replace('.', '_').replace('-', '_'), v));
        return env;
    }

    /** One NATS server: the faults of Causality's own processes, of NATS and of the lake, and the fuzzer. */
    private void singleNats(S3Server s3, RssSampler rss) throws Exception {
        try (NatsServer nats = NatsServer.started();
             Deployment app = new Deployment("single", environment(nats.url(), s3, 1), logs)) {
            rss.watch("nats", () -> List.of(nats.pid()));
            rss.watch("collector", () -> List.of(app.collectorPid()));
            rss.watch("sink", () -> List.of(app.sinkPid()));
            String key = writeKey(nats.url());
            app.startCollector();
            app.startSink();
            try (GoodClients load = new GoodClients(app.collectorUri(), 4, options.eventsPerSecond(), ledger, key)) {
                awaitLoad();
                timeline.begin("no fault (baseline)");
                Hold.on(options.baseline());

                fuzz(app, key);

                timeline.begin("collector kill -9, restarted after " + seconds(options.collectorDown()));
                app.killCollector();
                Hold.on(options.collectorDown());
                app.startCollector();
                settle(app);

                for (int i = 1; i <= 2; i++) {
                    timeline.begin("sink kill -9 mid-upload (" + i + " of 2), restarted at once");
                    app.killSinkMidUpload(Duration.ofMinutes(2));
                    app.startSink();
                    settle(app);
                }

                timeline.begin("NATS stopped " + seconds(options.natsDown()) + ", started on the same store");
                nats.stop();
                Hold.on(options.natsDown());
                nats.start();
                settle(app);

                timeline.begin("S3 stopped " + seconds(options.s3Down()));
                s3.stop();
                Hold.on(options.s3Down());
                s3.start();
                settle(app);

                timeline.begin("lake refusing writes (403) for " + seconds(options.lakeRefusing()));
                s3.restartWithSecret("not-the-" + S3Server.SECRET_KEY);
                Hold.on(options.lakeRefusing());
                s3.restartWithSecret(S3Server.SECRET_KEY);
                settle(app);
            }
            finishSegment(app, nats::management, nats);
        }
    }

    /** Three NATS servers, stream and consumer replicas 3: the stream leader killed and restarted. */
    private void natsCluster(S3Server s3, RssSampler rss) throws Exception {
        try (NatsCluster cluster = NatsCluster.started(3);
             Deployment app = new Deployment("cluster", environment(cluster.urls(), s3, 3), logs)) {
            rss.watch("nats", () -> cluster.servers().stream().map(NatsServer::pid).toList());
            rss.watch("collector", () -> List.of(app.collectorPid()));
            rss.watch("sink", () -> List.of(app.sinkPid()));
            String key = writeKey(cluster.urls());
            app.startCollector();
            app.startSink();
            try (GoodClients load = new GoodClients(app.collectorUri(), 4, options.eventsPerSecond(), ledger, key)) {
                awaitLoad();
                timeline.begin("NATS cluster of 3: stream leader kill -9, restarted after " + seconds(options.leaderDown()));
                Hold.on(options.baseline());
                NatsServer leader = await("the EVENTS stream has a leader").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).until(() -> cluster.streamLeader("EVENTS").orElse(null),
                                l -> l != null);
                System.out.println("[faults] stream leader: " + leader.url());
                leader.kill();
                Hold.on(options.leaderDown());
                leader.start();
                settle(app);
            }
            NatsServer reader = cluster.servers().get(0);
            finishSegment(app, reader::management, reader);
        }
    }

    /** The clients' first events accepted: the collector answers, the JIT has seen the path. */
    private void awaitLoad() {
        int before = ledger.acceptedIds().size();
        await("the load's first events accepted").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> ledger.acceptedIds().size() > before);
    }

    /** A write key for the clients' apps, made as an operator makes one (keys live in NATS, one per deployment). */
    private static String writeKey(String natsUrl) {
        CausalityCli.Result created = CausalityCli.run(natsUrl, "keys", "create", "--app", "shop", "--app", "news",
                "--app", "game");
        if (created.exit() != 0) {
            throw new IllegalStateException("keys create failed: " + created.err());
        }
        return created.lastLine();
    }

    private void fuzz(Deployment app, String key) throws InterruptedException {
        timeline.begin("fuzzer: " + String.format("%,d", options.fuzzRequests()) + " hostile requests");
        report.collectorRssBeforeFuzzMb = RssSampler.rss(app.collectorPid()) / 1e6;
        report.fuzz = new Fuzzer(app.collectorUri(), new HostileRequests(key), 4).run(options.fuzzRequests(), 42);
        report.collectorRssAfterFuzzMb = RssSampler.rss(app.collectorPid()) / 1e6;
        app.checkAlive();
        System.out.println("[faults] fuzzer: " + report.fuzz.statuses() + ", 5xx " + report.fuzz.serverErrors());
        timeline.healed();
        Hold.on(options.settle());
    }

    /** The fault is over: record when, give the pipeline a while under load, and count a crash if any. */
    private void settle(Deployment app) {
        timeline.healed();
        Hold.on(options.settle());
        app.checkAlive();
    }

    /** Load stopped: waits for the sink to drain the stream, reads the dead letters, stops the processes. */
    private void finishSegment(Deployment app, java.util.function.Supplier<JetStreamManagement> jsm, NatsServer nats)
            throws InterruptedException {
        app.checkAlive();
        long drainStart = System.currentTimeMillis();
        System.out.println("[faults] waiting for the sink to drain");
        await("the sink drains the stream").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
                    ConsumerInfo info = jsm.get().getConsumerInfo("EVENTS", "warehouse-sink");
                    return info.getNumPending() == 0 && info.getNumAckPending() == 0;
                });
        report.context.merge("final drain after the load stopped",
                (System.currentTimeMillis() - drainStart) / 1000.0 + " s", (a, b) -> a + ", " + b);
        if (nats.messageCount(DeadLetters.STREAM) > 0) {
            audit.deadLetters(nats.messages(DeadLetters.STREAM));
        }
        app.checkAlive();
        report.crashes += app.crashes();
        if (app.crashes() > 0) {
            System.out.println(app.crashOutput());
        }
    }

    private void tabulate(RssSampler rss) {
        List<Timeline.Phase> phases = timeline.phases();
        long[] accepted = new long[phases.size()];
        long[] inLake = new long[phases.size()];
        long[] missing = new long[phases.size()];
        long[] duplicates = new long[phases.size()];
        long[] dead = new long[phases.size()];
        long[] lastWrittenOfHealed = new long[phases.size()];
        ledger.acceptedIds().forEach((id, at) -> {
            int phase = timeline.indexAt(at);
            accepted[phase]++;
            int rows = audit.rows(id);
            boolean dlq = audit.deadLettered(id);
            if (rows > 0) {
                inLake[phase]++;
                if (at <= phases.get(phase).healed) {
                    lastWrittenOfHealed[phase] = Math.max(lastWrittenOfHealed[phase], audit.firstWritten(id));
                }
            }
            if (dlq) {
                dead[phase]++;
            }
            if (rows == 0 && !dlq) {
                missing[phase]++;
            }
        });
        // a duplicate belongs to the fault during which its second copy was written (e.g. the sink killed
        // after its upload, before its acks), not to the one during which its event was accepted; only
        // the clients' events count (the fuzzer resends its sample events, stored again after the
        // duplicate window)
        for (Map.Entry<String, Long> copy : audit.duplicateWrites()) {
            if (ledger.acceptedIds().containsKey(copy.getKey())) {
                duplicates[timeline.indexAt(copy.getValue())]++;
            }
        }
        List<Ledger.Refusal> refusals = ledger.refusals();
        for (int i = 0; i < phases.size(); i++) {
            Timeline.Phase phase = phases.get(i);
            int index = i;
            double refusal = refusals.stream().filter(r -> timeline.indexAt(r.start()) == index)
                    .mapToLong(Ledger.Refusal::millis).max().orElse(0) / 1000.0;
            double drain = Math.max(0, lastWrittenOfHealed[i] - phase.healed) / 1000.0;
            FaultReport.Row row = new FaultReport.Row(phase.name, accepted[i], inLake[i], missing[i], duplicates[i],
                    dead[i], refusal, drain, rss.peak(i, "collector") / 1e6, rss.peak(i, "sink") / 1e6,
                    rss.peak(i, "nats") / 1e6, rss.peak(i, "s3") / 1e6);
            report.rows.add(row);
            if (phase.name.startsWith("fuzzer")) {
                report.fuzzValidLost = missing[i];
            }
        }
        report.total = new FaultReport.Row("total", sum(accepted), sum(inLake), sum(missing), sum(duplicates), sum(dead),
                report.rows.stream().mapToDouble(FaultReport.Row::longestRefusalSeconds).max().orElse(0),
                report.rows.stream().mapToDouble(FaultReport.Row::drainSeconds).max().orElse(0),
                rss.peak("collector") / 1e6, rss.peak("sink") / 1e6, rss.peak("nats") / 1e6, rss.peak("s3") / 1e6);
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long v : values) {
            total += v;
        }
        return total;
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }
}
