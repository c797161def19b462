package dev.causality.lake;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HivePartitionTest {

    @Test
    void partitionIsTheUtcHourWithoutPadding() {
        // 2026-01-05T03:59:59.999Z
        HivePartition partition = HivePartition.of("shop", 1767585599999L);
        assertEquals(new HivePartition("shop", 2026, 1, 5, 3), partition);
        assertEquals("app_id=shop/year=2026/month=1/day=5/hour=3", partition.path());
        assertEquals(4, HivePartition.of("shop", 1767585600000L).hour());
    }

    /** The arithmetic matches java.time's UTC calendar, before 1970 too, at hour and day edges. */
    @Test
    void partitionMatchesJavaTimeUtc() {
        SplittableRandom random = new SplittableRandom(11);
        long century = 100L * 366 * 86_400_000L;
        for (int i = 0; i < 200_000; i++) {
            long ms = switch (i % 3) {
                case 0 -> random.nextLong(-century, century);
                case 1 -> random.nextLong(-century / 3_600_000L, century / 3_600_000L) * 3_600_000L; // an hour's start
                default -> random.nextLong(-century / 3_600_000L, century / 3_600_000L) * 3_600_000L - 1; // its last ms
            };
            ZonedDateTime time = Instant.ofEpochMilli(ms).atZone(ZoneOffset.UTC);
            assertEquals(new HivePartition("a", time.getYear(), time.getMonthValue(), time.getDayOfMonth(), time.getHour()),
                    HivePartition.of("a", ms), "at " + ms);
        }
    }

    @Test
    void valuesAreEscapedByHivesRule() {
        assertEquals("a%2Fb%3Dc%3A%25d", HivePartition.escape("a/b=c:%d"));
        assertEquals("x%23%3F%5B%5D%7B%5E%27%22%2A%5C", HivePartition.escape("x#?[]{^'\"*\\"));
        assertEquals("tab%09nl%0A%7F", HivePartition.escape("tab\tnl\n\u007F"));
        assertEquals("My-App_1 caf\u00e9", HivePartition.escape("My-App_1 caf\u00e9"), "others stay as they are");
        assertEquals("__HIVE_DEFAULT_PARTITION__", HivePartition.escape(""));
    }

    @Test
    void fileKeysAreUniqueAndSortByTime() {
        HivePartition partition = new HivePartition("shop", 2026, 11, 26, 21);
        String first = LakeKeys.newFileKey(partition, 1000);
        String second = LakeKeys.newFileKey(partition, 1001);
        assertTrue(Pattern.matches("events/app_id=shop/year=2026/month=11/day=26/hour=21/[0-9a-f-]{36}\\.parquet", first), first);
        assertTrue(first.compareTo(second) < 0);
        assertTrue(!first.equals(LakeKeys.newFileKey(partition, 1000)));
    }
}
