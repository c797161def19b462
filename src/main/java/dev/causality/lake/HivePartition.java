package dev.causality.lake;

import java.time.LocalDate;

/**
 * The lake partition of an event: its app and the UTC hour of its event time. Renders the Hive
 * path {@code app_id=<app>/year=<Y>/month=<M>/day=<D>/hour=<H>}, values unpadded and escaped by
 * Hive's rule, so Trino reads back exactly the value written.
 */
public record HivePartition(String appId, int year, int month, int day, int hour) {

    private static final long DAY_MS = 86_400_000L;
    private static final long HOUR_MS = 3_600_000L;

    /** The partition of an event time (UTC); the date by its epoch day, without a time zone's rules (once per event). */
    public static HivePartition of(String appId, long timestampMs) {
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(timestampMs, DAY_MS));
        int hour = (int) (Math.floorMod(timestampMs, DAY_MS) / HOUR_MS);
        return new HivePartition(appId, date.getYear(), date.getMonthValue(), date.getDayOfMonth(), hour);
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
