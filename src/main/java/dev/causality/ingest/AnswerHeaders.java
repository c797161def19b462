package dev.causality.ingest;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

import java.util.Locale;
import java.util.Set;

/**
 * The headers an HTTP answer may carry: only those that describe it. platform-http copies every
 * message header into the answer, and the message starts with the request's headers and query
 * parameters, so without this a gzip request's answer said {@code Content-Encoding: gzip} over a
 * plain body, echoed whatever the client sent, and a beacon's {@code key} came back. Incoming
 * headers are filtered as platform-http does by default ({@code Camel*} stripped).
 */
public class AnswerHeaders extends HttpHeaderFilterStrategy {

    private static final Set<String> ANSWER_HEADERS = Set.of("content-type", "retry-after", "allow", "vary",
            "access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers",
            "access-control-max-age");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !ANSWER_HEADERS.contains(headerName.toLowerCase(Locale.ROOT));
    }
}
