package dev.causality;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One INFO line per interval with what the pipeline did in it: events accepted, rejected and failed
 * by the collector, rows and files written and messages dead-lettered by the sink, and the
 * consumer's backlog. Read from the same meters as /observe/metrics; quiet while nothing happens.
 */
public class ActivityLog extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ActivityLog.class);

    private final CamelContext context;
    private final MeterRegistry meters;
    private final Duration interval;
    private final Consumer<String> out;
    private double accepted;
    private double rejected;
    private double rejectedRequests;
    private double failed;
    private double rows;
    private double files;
    private double deadLettered;
    private ScheduledExecutorService timer;

    public ActivityLog(CamelContext context, MeterRegistry meters, Duration interval) {
        this(context, meters, interval, LOG::info);
    }

    ActivityLog(CamelContext context, MeterRegistry meters, Duration interval, Consumer<String> out) {
        this.context = context;
        this.meters = meters;
        this.interval = interval;
        this.out = out;
    }

    @Override
    protected void doStart() {
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "activity-log");
        timer.scheduleWithFixedDelay(this::report, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            context.getExecutorServiceManager().shutdownNow(timer);
            timer = null;
        }
    }

    /** Logs what happened since the last call, if anything did. */
    synchronized void report() {
        double nowAccepted = count("causality.ingest.events.accepted");
        double nowRejected = count("causality.ingest.events.rejected");
        double nowRejectedRequests = count("causality.ingest.requests.rejected");
        double nowFailed = count("causality.ingest.events.failed");
        double nowRows = count("causality.sink.rows.written");
        double nowFiles = count("causality.sink.batches.written");
        double nowDead = count("causality.sink.dead.lettered");
        double seconds = interval.toMillis() / 1000.0;
        StringBuilder line = new StringBuilder();
        if (nowAccepted > accepted || nowRejected > rejected || nowFailed > failed || nowRejectedRequests > rejectedRequests) {
            line.append(String.format(Locale.ROOT,
                    "ingest: %,.0f events accepted (%,.0f/s), %,.0f rejected, %,.0f failed; %,.0f requests refused whole",
                    nowAccepted - accepted, (nowAccepted - accepted) / seconds, nowRejected - rejected, nowFailed - failed,
                    nowRejectedRequests - rejectedRequests));
        }
        if (nowRows > rows || nowDead > deadLettered) {
            line.append(line.isEmpty() ? "" : "; ").append(String.format(Locale.ROOT,
                    "sink: %,.0f rows in %,.0f files (%,.0f rows/s), %,.0f dead-lettered, %,.0f pending in the stream",
                    nowRows - rows, nowFiles - files, (nowRows - rows) / seconds, nowDead - deadLettered,
                    gauge("causality.sink.consumer.pending")));
        }
        accepted = nowAccepted;
        rejected = nowRejected;
        rejectedRequests = nowRejectedRequests;
        failed = nowFailed;
        rows = nowRows;
        files = nowFiles;
        deadLettered = nowDead;
        if (!line.isEmpty()) {
            out.accept("Last " + TimeUtils.printDuration(interval.toMillis()) + ": " + line);
        }
    }

    /** The total of a counter over all its tags (e.g. every rejection reason). */
    private double count(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private double gauge(String name) {
        return meters.find(name).gauges().stream().mapToDouble(Gauge::value).sum();
    }
}
