package dev.causality.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.ParsedHeaderValues;
import org.apache.camel.CamelContext;

import java.util.Locale;
import java.util.Set;

/**
 * Answers 4xx for two headers that Vert.x itself fails on with an HTML 500 before any route runs:
 * a Content-Type whose parameters do not parse ({@code application/json; charset="}: platform-http
 * asks for the charset and Vert.x's header parser throws), and a form or multipart Content-Type on
 * a method without a body (Vert.x's body handler throws for anything but POST, PUT, PATCH and
 * DELETE). Both are client mistakes; found by the fuzzer of {@code bin/faults}.
 */
public final class UnreadableHeaders implements Handler<RoutingContext>, RouterSetup {

    private static final Set<HttpMethod> FORM_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    private final String malformedBody;
    private final String unsupportedBody;

    /**
     * @param malformedBody the JSON error body of the 400 answer to an unparsable Content-Type
     * @param unsupportedBody the JSON error body of the 415 answer to a form on a method without a body
     */
    public UnreadableHeaders(String malformedBody, String unsupportedBody) {
        this.malformedBody = malformedBody;
        this.unsupportedBody = unsupportedBody;
    }

    /** After the shutdown drain's guard and the request limits, before every route's body handler. */
    @Override
    public void install(CamelContext context, Router router) {
        router.route().order(Integer.MIN_VALUE + 2).handler(this);
    }

    @Override
    public void handle(RoutingContext routing) {
        String contentType = routing.request().getHeader("Content-Type");
        if (contentType == null) {
            routing.next();
            return;
        }
        if (!parses(routing.parsedHeaders())) {
            answer(routing, 400, malformedBody);
            return;
        }
        String type = contentType.trim().toLowerCase(Locale.ROOT);
        boolean form = type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded");
        if (form && !FORM_METHODS.contains(routing.request().method())) {
            answer(routing, 415, unsupportedBody);
            return;
        }
        routing.next();
    }

    /** Parses the Content-Type's parameters now, as platform-http will (it reads the charset). */
    private static boolean parses(ParsedHeaderValues headers) {
        try {
            if (headers.contentType() != null) {
                headers.contentType().parameter("charset");
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void answer(RoutingContext routing, int status, String body) {
        routing.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }
}
