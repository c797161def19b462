package dev.causality.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestBodyTest {

    @Test
    void passesPlainAndInflatesGzip() {
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(data, RequestBody.decode(data, null, 100, 1000));
        assertArrayEquals(data, RequestBody.decode(Gzip.compress(data), "GZIP", 100, 1000));
    }

    @Test
    void limitsTheInflatedSize() {
        byte[] bomb = Gzip.zeros(10_000_000);
        ApiException e = assertThrows(ApiException.class, () -> RequestBody.decode(bomb, "gzip", 1_000_000, 1000));
        assertEquals(413, e.status());
    }

    @Test
    void limitsTheInflateRatioBeyondTheFirstBytes() {
        byte[] zeros = Gzip.zeros(1_000_000); // ~1 KB compressed
        ApiException e = assertThrows(ApiException.class, () -> RequestBody.decode(zeros, "gzip", 5_000_000, 100));
        assertEquals(413, e.status());
        assertEquals("payload_too_large", e.code());
        assertEquals(1_000_000, RequestBody.decode(zeros, "gzip", 5_000_000, 2000).length);
        // small bodies inflate freely: they cost little whatever they hold
        byte[] small = Gzip.zeros(RequestBody.RATIO_FREE_BYTES);
        assertEquals(RequestBody.RATIO_FREE_BYTES, RequestBody.decode(small, "gzip", 5_000_000, 2).length);
    }

    @Test
    void refusesEmptyBrokenAndUnknownEncodings() {
        assertEquals(400, assertThrows(ApiException.class, () -> RequestBody.decode(new byte[0], null, 10, 1000)).status());
        assertEquals(400, assertThrows(ApiException.class,
                () -> RequestBody.decode(new byte[] {1, 2, 3}, "gzip", 10, 1000)).status());
        assertEquals(415, assertThrows(ApiException.class,
                () -> RequestBody.decode(new byte[] {1}, "deflate", 10, 1000)).status());
        assertEquals(413, assertThrows(ApiException.class,
                () -> RequestBody.decode(new byte[11], null, 10, 1000)).status());
    }
}
