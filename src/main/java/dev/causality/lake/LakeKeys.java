package dev.causality.lake;

import dev.causality.event.UuidV7;

/**
 * Object keys of the lake: {@code events/<hive partition path>/<file>.parquet}. File names are
 * UUIDv7s, so they are unique across sink instances and sort by the time they were written.
 */
public final class LakeKeys {

    public static final String TABLE_PREFIX = "events";

    private LakeKeys() {
    }

    public static String newFileKey(HivePartition partition, long nowMs) {
        return TABLE_PREFIX + '/' + partition.path() + '/' + UuidV7.generate(nowMs) + ".parquet";
    }
}
