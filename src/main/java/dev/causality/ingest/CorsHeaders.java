package dev.causality.ingest;

import dev.causality.access.KeyRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * HTTP edge, CORS on an API answer: a request from a browser origin that some active write key
 * names gets {@code Access-Control-Allow-Origin} with that origin, so its page may read the answer
 * (errors included). Any other origin gets no CORS header: never an echo of an arbitrary origin,
 * never credentials.
 */
public class CorsHeaders implements Processor {

    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final String VARY = "Vary";

    private final KeyRegistry keys;

    public CorsHeaders(KeyRegistry keys) {
        this.keys = keys;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String origin = in.getHeader("Origin", String.class);
        in.removeHeaders(ALLOW_ORIGIN); // never the request's own
        if (origin != null) {
            in.setHeader(VARY, "Origin"); // the answer depends on the origin: caches must know
            if (keys.anyKeyAllowsOrigin(origin)) {
                in.setHeader(ALLOW_ORIGIN, origin);
            }
        }
    }
}
