package dev.causality.ingest;

import dev.causality.access.WriteKey;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * HTTP edge, after validation: an event for an app outside the write key's apps is refused with
 * {@code app_not_allowed}: a single event with 403, an event of a batch rejected alone while the
 * others go on.
 */
public class AuthorizeApps implements Processor {

    private final IngestMetrics metrics;

    public AuthorizeApps(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        WriteKey key = exchange.getProperty(Authenticate.WRITE_KEY, WriteKey.class);
        if (key == null) {
            return; // ingest.auth=none
        }
        IngestResult result = exchange.getMessage().getBody(IngestResult.class);
        int refused = 0;
        for (EventOutcome outcome : result.outcomes()) {
            String app = outcome.event().getAppId();
            if (outcome.status() == EventOutcome.Status.PENDING && !key.allowsApp(app)) {
                if (!result.request().batch()) {
                    throw new ApiException(403, "app_not_allowed", "the write key does not allow app '" + app + "'");
                }
                outcome.refused("app_not_allowed: the write key does not allow app '" + app + "'");
                refused++;
            }
        }
        if (refused > 0) {
            metrics.rejected("app_not_allowed", refused);
        }
    }
}
