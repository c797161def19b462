package dev.causality.ingest;

import dev.causality.access.AuthMode;
import dev.causality.access.KeyRegistry;
import dev.causality.access.WriteKey;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * HTTP edge, the write key: {@code Authorization: Bearer <key>}, {@code X-Causality-Key: <key>},
 * or (for {@code navigator.sendBeacon}, which sets no header) the query parameter {@code key}.
 * 401 {@code unauthenticated} for a missing, unknown or revoked key; 403 {@code origin_not_allowed}
 * for a browser origin the key does not name (a key that names none is for server-side and mobile
 * clients only, which send no Origin). The key found rides on the exchange for the steps after.
 */
public class Authenticate implements Processor {

    /** The exchange property holding the request's {@link WriteKey}; absent with ingest.auth=none. */
    public static final String WRITE_KEY = "CausalityWriteKey";

    private final AuthMode mode;
    private final KeyRegistry keys;

    public Authenticate(AuthMode mode, KeyRegistry keys) {
        this.mode = mode;
        this.keys = keys;
    }

    @Override
    public void process(Exchange exchange) {
        if (mode == AuthMode.NONE) {
            return;
        }
        if (!keys.isLoaded()) {
            throw ApiException.unavailable("the write keys are not loaded from NATS yet");
        }
        Message in = exchange.getMessage();
        String presented = presentedKey(in);
        if (presented == null) {
            throw new ApiException(401, "unauthenticated", "a write key is required: Authorization: Bearer <key>,"
                    + " X-Causality-Key: <key>, or the query parameter key (sendBeacon)");
        }
        WriteKey key = keys.lookup(presented);
        if (key == null) {
            throw new ApiException(401, "unauthenticated", "unknown or revoked write key");
        }
        String origin = in.getHeader("Origin", String.class);
        if (origin != null && !key.allowsOrigin(origin)) {
            throw new ApiException(403, "origin_not_allowed", "the write key does not allow the origin " + origin);
        }
        exchange.setProperty(WRITE_KEY, key);
    }

    private static String presentedKey(Message in) {
        String authorization = in.getHeader("Authorization", String.class);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        String header = in.getHeader("X-Causality-Key", String.class);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        // the raw query, not the headers platform-http makes of it: a header named "key" is not a key
        String query = in.getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("key=")) {
                    return URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }
}
