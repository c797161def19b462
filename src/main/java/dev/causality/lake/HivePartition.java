package dev.causality.lake;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The lake partition of an event: its app and the UTC hour of its event time. Renders the Hive
 * path {@code app_id=<app>/year=<Y>/month=<M>/day=<D>/hour=<H>}, values unpadded and escaped by
 * Hive's rule, so Trino reads back exactly the value written.
 */
public record HivePartition(String appId, int year, int month, int day, int hour) {

    public static HivePartition of(String appId, long timestampMs) {
        ZonedDateTime time = Instant.ofEpochMilli(timestampMs).atZone(ZoneOffset.UTC);
        return new HivePartition(appId, time.getYear(), time.getMonthValue(), time.getDayOfMonth(), time.getHour());
    }

    public String path() {
        return "app_id=" + escape(appId) + "/year=" + year + "/month=" + month + "/day=" + day + "/hour=" + hour;
    }

    /**
     * Hive's partition-value escaping (FileUtils.escapePathName): control characters, DEL and the
     * characters listed in needsEscape become %XX; an empty value is Hive's default partition.
     */
    public static String escape(String value) {
        if (value.isEmpty()) {
            return "__HIVE_DEFAULT_PARTITION__";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (needsEscape(c)) {
                out.append('%').append(String.format("%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == 0x7F || "\"#%'*/:=?\\{[]^".indexOf(c) >= 0;
    }
}
