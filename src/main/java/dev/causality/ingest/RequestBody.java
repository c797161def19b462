package dev.causality.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Turns a received body into the bytes to parse: checks the size limit and inflates gzip with the
 * same limit applied to the inflated size, so a small compressed bomb cannot grow past it.
 */
public final class RequestBody {

    private RequestBody() {
    }

    public static byte[] decode(byte[] raw, String contentEncoding, long maxBytes) {
        if (raw == null || raw.length == 0) {
            throw ApiException.badRequest("empty_body", "the request body is empty");
        }
        if (raw.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> raw;
            case "gzip", "x-gzip" -> gunzip(raw, maxBytes);
            default -> throw new ApiException(415, "unsupported_content_encoding",
                    "Content-Encoding '" + contentEncoding + "' is not supported; use gzip or none");
        };
    }

    private static byte[] gunzip(byte[] compressed, long maxBytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(compressed.length * 4, 1 << 20));
            byte[] buffer = new byte[16384];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(maxBytes);
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
