package dev.causality.ingest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.causality.validate.Violation;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes the JSON error body of the API, {@code {"code", "message", "violations"}}, for the
 * exception that ended the exchange. Anything that is not an {@link ApiException} is our fault: 500, logged.
 */
public class ErrorResponse implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponse.class);

    private final IngestMetrics metrics;
    private final int retryAfterSeconds;

    public ErrorResponse(IngestMetrics metrics, int retryAfterSeconds) {
        this.metrics = metrics;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException error;
        if (cause instanceof ApiException api) {
            error = api;
        } else {
            LOG.error("Unexpected failure on {}", exchange.getFromRouteId(), cause);
            error = new ApiException(500, "internal", "internal error; see the server log");
        }
        if (error.status() < 500) {
            metrics.rejectedRequest(error.code());
        }
        Message out = exchange.getMessage();
        // a browser origin's CORS headers stay (set by CorsHeaders): the page may read why it was refused
        out.removeHeaders("*", CorsHeaders.ALLOW_ORIGIN, CorsHeaders.VARY);
        if (error.retryAfterSeconds() > 0) {
            out.setHeader("Retry-After", Integer.toString(error.retryAfterSeconds()));
        } else if (error.status() == 503) {
            out.setHeader("Retry-After", Integer.toString(retryAfterSeconds));
        }
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(ByteBuffer.wrap(toJson(error).getBytes(StandardCharsets.UTF_8))); // see EncodeResponse
    }

    public static String toJson(ApiException error) {
        JsonObject body = new JsonObject();
        body.addProperty("code", error.code());
        body.addProperty("message", error.getMessage());
        JsonArray violations = new JsonArray();
        for (Violation violation : error.violations()) {
            JsonObject item = new JsonObject();
            item.addProperty("field", violation.field());
            item.addProperty("description", violation.description());
            violations.add(item);
        }
        body.add("violations", violations);
        return body.toString();
    }
}
