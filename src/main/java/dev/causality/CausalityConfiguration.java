package dev.causality;

import dev.causality.access.AuthMode;
import dev.causality.access.KeyRegistry;
import dev.causality.access.RateLimits;
import dev.causality.batch.AckBatch;
import dev.causality.batch.BatchByPartition;
import dev.causality.batch.CompleteAgedBatches;
import dev.causality.batch.CountRetry;
import dev.causality.batch.DecodeStoredEvent;
import dev.causality.batch.EncodeParquet;
import dev.causality.batch.OpenBatches;
import dev.causality.batch.RegisterPartition;
import dev.causality.batch.SettleDeadLetters;
import dev.causality.batch.SinkMetrics;
import dev.causality.batch.ToDeadLetters;
import dev.causality.http.EdgeVertx;
import dev.causality.http.RequestLimits;
import dev.causality.ingest.AnswerHeaders;
import dev.causality.ingest.ApiException;
import dev.causality.ingest.ApplyPublishOutcomes;
import dev.causality.ingest.ToStreamMessages;
import dev.causality.ingest.ApiHttpEngine;
import dev.causality.http.ShutdownDrain;
import dev.causality.ingest.Authenticate;
import dev.causality.ingest.AuthorizeApps;
import dev.causality.ingest.CorsHeaders;
import dev.causality.ingest.CorsPreflight;
import dev.causality.http.UnreadableHeaders;
import dev.causality.ingest.DecodeRequest;
import dev.causality.ingest.RateLimit;
import dev.causality.ingest.EncodeResponse;
import dev.causality.ingest.ErrorResponse;
import dev.causality.ingest.IngestMetrics;
import dev.causality.ingest.Readiness;
import dev.causality.ingest.ValidateAndEnrich;
import dev.causality.ingest.VertxErrorBodies;
import dev.causality.jetstream.DeadLetters;
import dev.causality.jetstream.JetStreamComponent;
import dev.causality.jetstream.KeyWatcher;
import dev.causality.jetstream.NatsConnector;
import dev.causality.jetstream.StreamBacklog;
import dev.causality.jetstream.StreamSettings;
import dev.causality.lake.LakeHealth;
import dev.causality.lake.LakeHealthCheck;
import dev.causality.lake.LakeKeys;
import dev.causality.lake.PartitionBound;
import dev.causality.lake.S3LakeWarmup;
import dev.causality.parquet.ParquetEventWriter;
import dev.causality.query.EventsTable;
import dev.causality.query.PartitionRegistrar;
import dev.causality.validate.EventValidator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.HeaderFilterStrategyComponent;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.util.TimeUtils;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Wires the beans the YAML routes refer to by name. Every setting is a Camel property with its
 * default in application.properties (and an environment-variable override).
 */
public class CausalityConfiguration implements CamelConfiguration {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CausalityConfiguration.class);

    /** The stream name is part of the product contract, not a setting. */
    public static final String EVENTS_STREAM = "EVENTS";
    /** The sink's durable consumer, as named in routes/warehouse-sink.camel.yaml. */
    static final String SINK_CONSUMER = "warehouse-sink";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Registry registry = context.getRegistry();

        // The registry that camel-micrometer-prometheus scrapes on /observe/metrics.
        MeterRegistry meters = registry.lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind("metricsRegistry", meters);
        }
        IngestMetrics metrics = new IngestMetrics(meters);

        Duration publishTimeout = settings.duration("nats.publish-timeout");
        StreamSettings events = new StreamSettings(EVENTS_STREAM, "events.>",
                settings.duration("nats.stream.max-age"), settings.longValue("nats.stream.max-bytes"),
                settings.duration("nats.stream.duplicate-window"), settings.intValue("nats.stream.replicas"));
        StreamSettings deadLetters = new StreamSettings(DeadLetters.STREAM, DeadLetters.SUBJECT_PREFIX + "events.>",
                settings.duration("nats.dlq.max-age"), -1, Duration.ofMinutes(2), settings.intValue("nats.stream.replicas"));
        NatsConnector nats = new NatsConnector(settings.string("nats.url"), publishTimeout, List.of(events, deadLetters));
        context.addService(nats, true, true);
        registry.bind("natsConnector", nats);

        // answers carry only their own headers, never the request's (see AnswerHeaders)
        context.getComponent("platform-http", HeaderFilterStrategyComponent.class)
                .setHeaderFilterStrategy(new AnswerHeaders());
        AuthMode auth = AuthMode.parse(settings.string("ingest.auth"));
        KeyRegistry keys = new KeyRegistry();
        boolean collector = settings.bool("collector.enabled");
        if (auth == AuthMode.KEYS && collector) {
            context.addService(new KeyWatcher(nats, settings.intValue("nats.stream.replicas"), keys), true, true);
        } else {
            keys.loaded(); // no keys to wait for
        }
        if (auth == AuthMode.NONE && collector) {
            LOG.warn("INGEST_AUTH=none: events are accepted for any app without a write key;"
                    + " for trusted networks and tests only");
        }
        registry.bind("corsHeaders", new CorsHeaders(keys));
        registry.bind("corsPreflight", new CorsPreflight(keys));
        registry.bind("authenticate", new Authenticate(auth, keys));
        registry.bind("authorizeApps", new AuthorizeApps(metrics));
        registry.bind("rateLimit", new RateLimit(new RateLimits()));

        long maxBody = settings.longValue("ingest.max-body-bytes");
        int maxBatch = settings.intValue("ingest.max-batch-events");
        int retryAfter = settings.intValue("ingest.retry-after-seconds");
        int inflateRatio = settings.intValue("ingest.max-inflate-ratio");
        configureHttpServer(context, settings, retryAfter);
        registry.bind("decodeEventRequest", new DecodeRequest(false, maxBody, maxBatch, inflateRatio));
        registry.bind("decodeBatchRequest", new DecodeRequest(true, maxBody, maxBatch, inflateRatio));
        registry.bind("validateAndEnrich", new ValidateAndEnrich(
                new EventValidator(settings.intValue("ingest.max-event-bytes")), metrics));
        registry.bind("toStreamMessages", new ToStreamMessages());
        registry.bind("applyPublishOutcomes", new ApplyPublishOutcomes(metrics));
        registry.bind("encodeResponse", new EncodeResponse(retryAfter));
        registry.bind("errorResponse", new ErrorResponse(metrics, retryAfter));
        // Vert.x handlers that ApiHttpServer installs before its port opens (RouterSetup beans)
        ShutdownDrain drain = new ShutdownDrain(settings.duration("shutdown.drain-timeout"), retryAfter);
        context.addLifecycleStrategy(drain);
        registry.bind("shutdownDrain", drain);
        Gauge.builder("causality.ingest.requests.in_flight", drain, ShutdownDrain::inFlight)
                .description("API requests received and not yet answered").register(meters);
        registry.bind("vertxErrorBodies", new VertxErrorBodies(maxBody, retryAfter));
        LakeHealth lake = settings.bool("sink.enabled") ? new LakeHealth(settings.string("s3.bucket")) : null;
        registry.bind("readiness", new Readiness(nats, drain, keys, lake));
        registry.bind("platform-http-engine", new ApiHttpEngine(settings.intValue("camel.server.port")));

        configureSink(context, settings, nats, meters, lake == null ? new LakeHealth(settings.string("s3.bucket")) : lake);

        Duration activityInterval = settings.duration("log.activity-interval");
        if (activityInterval.isNegative()) {
            throw new IllegalArgumentException("Invalid value '" + activityInterval + "' for setting log.activity-interval"
                    + " (environment variable LOG_ACTIVITY_INTERVAL): must be positive, or 0 to turn it off");
        }
        if (!activityInterval.isZero()) {
            context.addService(new ActivityLog(context, meters, activityInterval), true, true);
        }
    }

    /**
     * The Vert.x instance of the HTTP servers (idle connections closed) and the limits every API
     * request meets before its body is read (requests in flight, slow bodies).
     */
    private static void configureHttpServer(CamelContext context, Settings settings, int retryAfter) throws Exception {
        EdgeVertx vertx = EdgeVertx.create(settings.duration("http.idle-timeout"));
        context.getRegistry().bind("vertx", vertx);
        // platform-http closes only a Vert.x instance it created itself: this one goes once all has stopped
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                try {
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.debug("Vert.x did not close cleanly: {}", e.toString());
                }
            }
        });
        context.getRegistry().bind("requestLimits", new RequestLimits(settings.intValue("ingest.max-in-flight"),
                settings.duration("http.read-timeout"), retryAfter, ErrorResponse.toJson(ApiException.unavailable(
                        "too many requests in flight on this instance; retry later"))));
        context.getRegistry().bind("unreadableHeaders", new UnreadableHeaders(
                ErrorResponse.toJson(new ApiException(400, "malformed_request", "the Content-Type header does not parse")),
                ErrorResponse.toJson(new ApiException(415, "unsupported_media_type",
                        "a form or multipart body needs POST, PUT, PATCH or DELETE"))));
    }

    private static void configureSink(CamelContext context, Settings settings, NatsConnector nats, MeterRegistry meters,
                                      LakeHealth lake) throws Exception {
        Registry registry = context.getRegistry();
        context.addComponent("jetstream", new JetStreamComponent(nats));
        SinkMetrics metrics = new SinkMetrics(meters);
        boolean s3 = !settings.string("s3.endpoint").isBlank();
        if (settings.bool("sink.enabled")) {
            LOG.info("Lake: {}", s3 ? "S3 " + settings.string("s3.endpoint") + " bucket " + settings.string("s3.bucket")
                    : "local directory " + java.nio.file.Path.of(settings.string("lake.dir")).toAbsolutePath());
            // open batches may hold half of the in-flight limit (OpenBatches.Limits below)
            if (settings.intValue("sink.max-in-flight") / 2 < settings.intValue("batch.max-events")) {
                LOG.warn("half of sink.max-in-flight ({}) is below batch.max-events ({}): batches will be written before they fill",
                        settings.intValue("sink.max-in-flight"), settings.intValue("batch.max-events"));
            }
            context.addService(new StreamBacklog(nats, EVENTS_STREAM, SINK_CONSUMER, meters, java.time.Clock.systemUTC()),
                    true, true);
            registry.bind("lakeHealthCheck", new LakeHealthCheck(lake)); // found by the health check registry
            Gauge.builder("causality.sink.lake.refusing", lake, LakeHealth::refusing)
                    .description("1 while the lake refuses writes for good (access, bucket, disk): an operator must act")
                    .register(meters);
            if (s3) {
                S3LakeWarmup warmup = new S3LakeWarmup(settings.string("s3.bucket"));
                registry.bind("s3LakeWarmup", warmup);
                context.addStartupListener(warmup);
            }
        }
        ParquetEventWriter writer = new ParquetEventWriter(settings.string("sink.parquet-compression"));
        // open batches may hold half of what the consumer may hold: the other half is for batches being uploaded
        OpenBatches batches = new OpenBatches(new OpenBatches.Limits(settings.intValue("batch.max-events"),
                settings.longValue("batch.max-bytes"), settings.duration("batch.flush-interval"),
                settings.intValue("batch.max-open"), settings.intValue("sink.max-in-flight") / 2,
                settings.longValue("sink.max-in-flight-bytes") / 2));
        registry.bind("batchByPartition", new BatchByPartition(
                new DecodeStoredEvent(settings.intValue("sink.max-deliver"), partitionBound(settings), writer), batches));
        registry.bind("completeAgedBatches", new CompleteAgedBatches(batches));
        registry.bind("encodeParquet", new EncodeParquet(writer, s3));
        registry.bind("ackBatch", new AckBatch(nats, metrics, lake));
        registry.bind("countRetry", new CountRetry(meters, lake));
        registry.bind("registerPartition", new RegisterPartition(partitionRegistrar(context, settings, s3)));
        registry.bind("toDeadLetters", new ToDeadLetters());
        registry.bind("settleDeadLetters", new SettleDeadLetters(metrics));
    }

    private static PartitionBound partitionBound(Settings settings) {
        Duration maxEventAge = settings.duration("lake.max-event-age");
        if (maxEventAge.isNegative() || maxEventAge.isZero()) {
            throw new IllegalArgumentException("Invalid value '" + settings.string("lake.max-event-age")
                    + "' for setting lake.max-event-age (environment variable LAKE_MAX_EVENT_AGE): must be positive");
        }
        return new PartitionBound(maxEventAge);
    }

    /** The Trino table keeper of the sink, or null when no Trino is configured or no sink runs here. */
    private static PartitionRegistrar partitionRegistrar(CamelContext context, Settings settings, boolean s3)
            throws Exception {
        String trino = settings.string("trino.url").trim();
        if (trino.isEmpty() || !settings.bool("sink.enabled")) {
            return null;
        }
        String location = settings.string("trino.lake-location").trim();
        if (location.isEmpty()) {
            location = s3 ? "s3://" + settings.string("s3.bucket") + "/" + LakeKeys.TABLE_PREFIX
                    : "local://" + java.nio.file.Path.of(settings.string("lake.dir")).toAbsolutePath() + "/" + LakeKeys.TABLE_PREFIX;
        }
        EventsTable table = new EventsTable(settings.string("trino.catalog"), settings.string("trino.schema"),
                settings.string("trino.table"), location);
        PartitionRegistrar registrar = new PartitionRegistrar(trino, settings.string("trino.user"), table,
                settings.duration("trino.sync-interval"));
        context.addService(registrar, true, true);
        return registrar;
    }

    /** Reads resolved property values; fails start-up with the property's name when one is malformed. */
    record Settings(CamelContext context) {

        String string(String key) {
            return context.resolvePropertyPlaceholders("{{" + key + "}}");
        }

        long longValue(String key) {
            return parse(key, Long::parseLong);
        }

        boolean bool(String key) {
            return Boolean.parseBoolean(string(key).trim());
        }

        int intValue(String key) {
            return parse(key, Integer::parseInt);
        }

        Duration duration(String key) {
            return parse(key, value -> Duration.ofMillis(TimeUtils.toMilliSeconds(value)));
        }

        private <T> T parse(String key, java.util.function.Function<String, T> parser) {
            String value = string(key).trim();
            try {
                return parser.apply(value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Invalid value '" + value + "' for setting " + key
                        + " (environment variable " + key.toUpperCase().replace('.', '_').replace('-', '_') + ")", e);
            }
        }
    }
}
