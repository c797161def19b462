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
        assertArrayEquals(data, RequestBody.decode(data, null, 100));
        assertArrayEquals(data, RequestBody.decode(Gzip.compress(data), "GZIP", 100));
    }

    @Test
    void limitsTheInflatedSize() {
        byte[] bomb = Gzip.zeros(10_000_000);
        ApiException e = assertThrows(ApiException.class, () -> RequestBody.decode(bomb, "gzip", 1_000_000));
        assertEquals(413, e.status());
    }

    @Test
    void refusesEmptyBrokenAndUnknownEncodings() {
        assertEquals(400, assertThrows(ApiException.class, () -> RequestBody.decode(new byte[0], null, 10)).status());
        assertEquals(400, assertThrows(ApiException.class,
                () -> RequestBody.decode(new byte[] {1, 2, 3}, "gzip", 10)).status());
        assertEquals(415, assertThrows(ApiException.class,
                () -> RequestBody.decode(new byte[] {1}, "deflate", 10)).status());
        assertEquals(413, assertThrows(ApiException.class,
                () -> RequestBody.decode(new byte[11], null, 10)).status());
    }
}
