package dev.causality.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Turns a received body into the bytes to parse: checks the size limit and inflates gzip with the
 * same limit applied to the inflated size, so a small compressed bomb cannot grow past it; nor may
 * a body inflate to more than {@code maxInflateRatio} times its compressed size (beyond the first
 * {@link #RATIO_FREE_BYTES}, which cost little whatever they hold).
 */
public final class RequestBody {

    private RequestBody() {
    }

    static final int RATIO_FREE_BYTES = 64 * 1024;

    public static byte[] decode(byte[] raw, String contentEncoding, long maxBytes, int maxInflateRatio) {
        if (raw == null || raw.length == 0) {
            throw ApiException.badRequest("empty_body", "the request body is empty");
        }
        if (raw.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> raw;
            case "gzip", "x-gzip" -> gunzip(raw, Math.min(maxBytes,
                    Math.max(RATIO_FREE_BYTES, (long) raw.length * maxInflateRatio)), maxBytes, maxInflateRatio);
            default -> throw new ApiException(415, "unsupported_content_encoding",
                    "Content-Encoding '" + contentEncoding + "' is not supported; use gzip or none");
        };
    }

    private static byte[] gunzip(byte[] compressed, long maxInflated, long maxBytes, int maxInflateRatio) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(compressed.length * 4, 1 << 20));
            byte[] buffer = new byte[16384];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxInflated) {
                    throw total > maxBytes ? tooLarge(maxBytes) : new ApiException(413, "payload_too_large",
                            "the gzip body inflates to more than " + maxInflateRatio + " times its size");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_body", "the gzip body cannot be inflated: " + e.getMessage());
        }
    }

    public static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "payload_too_large",
                "the request body exceeds the limit of " + maxBytes + " bytes");
    }
}
