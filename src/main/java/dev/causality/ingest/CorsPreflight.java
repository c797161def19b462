package dev.causality.ingest;

import dev.causality.access.KeyRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * OPTIONS on {@code /v1/events/*}, the preflight a browser sends before a JSON POST with a key
 * header: 204 with the CORS headers when some active write key names the origin, else 403
 * {@code origin_not_allowed} without any.
 */
public class CorsPreflight implements Processor {

    static final String ALLOWED_HEADERS = "authorization, content-type, content-encoding, x-causality-key";
    static final String MAX_AGE_SECONDS = "600";

    private final KeyRegistry keys;

    public CorsPreflight(KeyRegistry keys) {
        this.keys = keys;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String origin = message.getHeader("Origin", String.class);
        if (origin == null || !keys.anyKeyAllowsOrigin(origin)) {
            throw new ApiException(403, "origin_not_allowed", origin == null ? "not a CORS preflight: no Origin"
                    : "no write key allows the origin " + origin);
        }
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        message.setHeader(CorsHeaders.ALLOW_ORIGIN, origin);
        message.setHeader("Access-Control-Allow-Methods", "POST");
        message.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        message.setHeader("Access-Control-Max-Age", MAX_AGE_SECONDS);
        message.setHeader(CorsHeaders.VARY, "Origin");
        message.setBody(null);
    }
}
