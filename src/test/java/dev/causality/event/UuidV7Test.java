package dev.causality.event;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UuidV7Test {

    @Test
    void carriesTheTimeVersionAndVariant() {
        long now = 1_764_000_000_123L;
        UUID id = UuidV7.generate(now);
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(now, id.getMostSignificantBits() >>> 16);
    }

    @Test
    void isUniqueAndSortsByTime() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(UuidV7.generate(1000)));
        }
        assertTrue(UuidV7.generate(1000).toString().compareTo(UuidV7.generate(1001).toString()) < 0);
    }
}
