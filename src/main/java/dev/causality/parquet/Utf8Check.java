package dev.causality.parquet;

/** Whether bytes are well-formed UTF-8, by the rules protobuf applies to proto3 strings. */
final class Utf8Check {

    private Utf8Check() {
    }

    static boolean valid(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && bytes[i] >= 0) {
            i++; // ASCII, the common case
        }
        while (i < to) {
            int b = bytes[i++];
            if (b >= 0) {
                continue;
            }
            if (b < (byte) 0xC2) {
                return false; // a continuation byte first, or an overlong two-byte form
            } else if (b < (byte) 0xE0) {
                if (i >= to || !continuation(bytes[i++])) return false;
            } else if (b < (byte) 0xF0) {
                if (i + 1 >= to) return false;
                int b2 = bytes[i++];
                if (!continuation(b2)
                        || (b == (byte) 0xE0 && b2 < (byte) 0xA0)   // overlong
                        || (b == (byte) 0xED && b2 >= (byte) 0xA0)  // a surrogate
                        || !continuation(bytes[i++])) {
                    return false;
                }
            } else {
                if (i + 2 >= to) return false;
                int b2 = bytes[i++];
                if (!continuation(b2)
                        || b > (byte) 0xF4
                        || (b == (byte) 0xF0 && b2 < (byte) 0x90)   // overlong
                        || (b == (byte) 0xF4 && b2 >= (byte) 0x90)  // beyond U+10FFFF
                        || !continuation(bytes[i++]) || !continuation(bytes[i++])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean continuation(int b) {
        return b < (byte) 0xC0; // 10xxxxxx, as a signed byte: -128..-65
    }
}
