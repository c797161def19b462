package dev.causality.faults;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.causality.bench.EventMix;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.IngestEventBatchRequest;
import dev.causality.proto.v1.IngestEventRequest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile requests of every kind a collector on the internet meets: random bytes, mutated valid
 * protobuf and JSON, truncated and mismatched gzip, a gzip bomb, wrong lengths and overlong varints,
 * deep and wide JSON, huge strings in every string field, every method and content type, broken
 * HTTP framing (sent on a raw socket), and bad write keys. Each is tagged with its kind.
 */
final class HostileRequests {

    /** One request; {@code raw} (when not null) is sent as is on a socket instead. */
    record Hostile(String kind, String method, String path, Map<String, String> headers, byte[] body, byte[] raw) {
    }

    static final List<String> KINDS = List.of("random-bytes", "protobuf-mutated", "json-mutated", "gzip-broken",
            "protobuf-lengths", "json-deep", "json-wide", "huge-string", "method-and-type", "raw-http", "headers",
            "write-key");

    private static final String[] PATHS = {"/v1/events/ingest", "/v1/events/batch"};
    private static final String[] METHODS = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "POST",
            "PROPFIND", "FOO"};
    private static final String[] CONTENT_TYPES = {"application/x-protobuf", "application/octet-stream",
            "application/json", "application/json; charset=utf-16", "text/plain", "text/plain; charset=utf-8",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/xml", "text/html",
            "application/grpc", "application/protobuf", "*/*", "", ";;;", "application/json; charset=\"",
            "APPLICATION/JSON", "application/x-protobuf; proto=causality.v1.IngestEventRequest"};
    private static final String[] ENCODINGS = {"gzip", "deflate", "br", "identity", "gzip, gzip", "x-unknown", "GZIP"};
    private static final int HUGE_BODY = 6 * 1024 * 1024;

    private final List<byte[]> protobufSeeds = new ArrayList<>();
    private final List<byte[]> jsonSeeds = new ArrayList<>();
    private final List<EventEnvelope> events = new ArrayList<>();
    private final byte[] gzipBomb;
    private final String writeKey;

    /** @param writeKey the valid write key, or null while the collector runs without keys */
    HostileRequests(String writeKey) {
        this.writeKey = writeKey;
        EventMix mix = new EventMix();
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            EventEnvelope event = mix.next().toBuilder().setId("fz-" + Long.toHexString(random.nextLong())).build();
            events.add(event);
            Message request = i % 2 == 0 ? IngestEventRequest.newBuilder().setEvent(event).build()
                    : IngestEventBatchRequest.newBuilder().addEvents(event).addEvents(mix.next()).build();
            protobufSeeds.add(request.toByteArray());
            jsonSeeds.add(GoodClients.body(request, true, false));
        }
        gzipBomb = GoodClients.gzip(new byte[64 * 1024 * 1024]); // 64 MiB of zeros in ~64 KB
    }

    Hostile next(Random random) {
        String kind = KINDS.get(random.nextInt(KINDS.size()));
        return switch (kind) {
            case "random-bytes" -> post(kind, random, randomContentType(random), randomBytes(random, sizeOf(random)));
            case "protobuf-mutated" -> post(kind, random, "application/x-protobuf", mutate(random, pick(random, protobufSeeds)));
            case "json-mutated" -> post(kind, random, "application/json", mutateJson(random, pick(random, jsonSeeds)));
            case "gzip-broken" -> gzipBroken(random);
            case "protobuf-lengths" -> post(kind, random, "application/x-protobuf", wrongLengths(random));
            case "json-deep" -> post(kind, random, "application/json", deepJson(random));
            case "json-wide" -> post(kind, random, "application/json", wideJson(random));
            case "huge-string" -> hugeString(random);
            case "method-and-type" -> new Hostile(kind, METHODS[random.nextInt(METHODS.length)], randomPath(random),
                    withKey(Map.of("Content-Type", randomContentType(random))), pick(random, random.nextBoolean()
                    ? protobufSeeds : jsonSeeds), null);
            case "raw-http" -> rawHttp(random);
            case "headers" -> headers(random);
            default -> badKey(random);
        };
    }

    private Hostile post(String kind, Random random, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new Hostile(kind, "POST", PATHS[random.nextInt(PATHS.length)], withKey(headers), body, null);
    }

    private Map<String, String> withKey(Map<String, String> headers) {
        if (writeKey == null) {
            return headers;
        }
        Map<String, String> with = new LinkedHashMap<>(headers);
        with.put("Authorization", "Bearer " + writeKey);
        return with;
    }

    /**
     * True for the few requests that are expensive to build, send and refuse (megabytes, millions of
     * elements): 3% of their kind, so a run of 100,000 requests stays minutes long and still sends thousands.
     */
    private static boolean heavy(Random random) {
        return random.nextInt(100) < 3;
    }

    private static int sizeOf(Random random) {
        if (heavy(random)) {
            return random.nextBoolean() ? HUGE_BODY : random.nextInt(1024 * 1024); // over the 5 MiB limit, or large
        }
        return random.nextInt(10) > 0 ? random.nextInt(512) : random.nextInt(64 * 1024);
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static String randomContentType(Random random) {
        return CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
    }

    private static String randomPath(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "/";
            case 1 -> "/v1/events/../../etc/passwd";
            case 2 -> "/v1/events/ingest?key=%ZZ&x=" + "a".repeat(random.nextInt(4000));
            case 3 -> "/health";
            case 4 -> "/ready";
            case 5 -> "/v1/events/batch/";
            case 6 -> "/v1/events/ingest%00";
            default -> PATHS[random.nextInt(PATHS.length)];
        };
    }

    /** Flips, inserts, deletes, duplicates and truncates bytes of a valid body. */
    static byte[] mutate(Random random, byte[] valid) {
        byte[] bytes = valid.clone();
        int mutations = 1 + random.nextInt(8);
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(6)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte) random.nextInt(256);
                case 2 -> bytes = Arrays.copyOf(bytes, at); // truncated
                case 3 -> bytes = splice(bytes, at, new byte[]{(byte) random.nextInt(256)});
                case 4 -> bytes = splice(bytes, at, Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 1 + random.nextInt(64))));
                default -> bytes[at] = (byte) 0xFF;
            }
        }
        return bytes;
    }

    private static byte[] splice(byte[] bytes, int at, byte[] insert) {
        byte[] out = new byte[bytes.length + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at, out, at + insert.length, bytes.length - at);
        return out;
    }

    private static final String[] JSON_JUNK = {"null", "[]", "{}", "\"\"", "1e999999", "-0", "true", "\"\\u0000\"",
            "\"\\ud800\"", "9223372036854775808", "{\"unknownField\":1}", "\"x\":", ",", "}", "]", "\"", "NaN",
            "\"PLATFORM_MARS\"", "18446744073709551616", "1.5", "\"screenView\":{}"};

    /** Replaces or inserts JSON fragments anywhere in a valid JSON body. */
    private static byte[] mutateJson(Random random, byte[] valid) {
        String json = new String(valid, StandardCharsets.UTF_8);
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && !json.isEmpty(); m++) {
            int at = random.nextInt(json.length());
            String junk = JSON_JUNK[random.nextInt(JSON_JUNK.length)];
            json = random.nextBoolean()
                    ? json.substring(0, at) + junk + json.substring(at)
                    : json.substring(0, at) + junk + json.substring(Math.min(json.length(), at + 1 + random.nextInt(20)));
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private Hostile gzipBroken(Random random) {
        byte[] valid = random.nextBoolean() ? pick(random, protobufSeeds) : pick(random, jsonSeeds);
        boolean json = valid.length > 0 && valid[0] == '{';
        byte[] gzip = GoodClients.gzip(valid);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", json ? "application/json" : "application/x-protobuf");
        byte[] body;
        switch (random.nextInt(7)) {
            case 0 -> { // truncated
                body = Arrays.copyOf(gzip, random.nextInt(gzip.length));
                headers.put("Content-Encoding", "gzip");
            }
            case 1 -> { // says gzip, is not
                body = valid;
                headers.put("Content-Encoding", "gzip");
            }
            case 2 -> { // is gzip, does not say so
                body = gzip;
            }
            case 3 -> { // the bomb: 64 MiB once inflated
                body = heavy(random) ? gzipBomb : GoodClients.gzip(new byte[6 * 1024 * 1024]);
                headers.put("Content-Encoding", "gzip");
            }
            case 4 -> { // corrupted inside, CRC wrong
                body = mutate(random, gzip);
                headers.put("Content-Encoding", "gzip");
            }
            case 5 -> { // gzip twice, or gzip then trailing junk
                body = random.nextBoolean() ? GoodClients.gzip(gzip) : splice(gzip, gzip.length, randomBytes(random, 32));
                headers.put("Content-Encoding", "gzip");
            }
            default -> { // another encoding named
                body = gzip;
                headers.put("Content-Encoding", ENCODINGS[random.nextInt(ENCODINGS.length)]);
            }
        }
        return new Hostile("gzip-broken", "POST", PATHS[random.nextInt(PATHS.length)], withKey(headers), body, null);
    }

    /** Protobuf whose lengths and varints lie: length prefixes past the end, 11-byte varints, deep groups. */
    private byte[] wrongLengths(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(6)) {
            case 0 -> { // field 1 (event) length-delimited, length far beyond the body
                out.write(0x0A);
                writeVarint(out, random.nextInt(Integer.MAX_VALUE));
                out.writeBytes(randomBytes(random, random.nextInt(64)));
            }
            case 1 -> { // an overlong varint (more than 10 bytes)
                out.write(0x0A);
                for (int i = 0; i < 11 + random.nextInt(20); i++) {
                    out.write(0xFF);
                }
                out.write(0x01);
            }
            case 2 -> { // a negative length (the 10-byte encoding of -1)
                out.write(0x0A);
                out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01});
            }
            case 3 -> { // thousands of nested start-groups in an unknown field
                for (int i = 0; i < 5000 + random.nextInt(50_000); i++) {
                    out.write(0xFB); // field 127, wire type 3 (start group), two bytes
                    out.write(0x07);
                }
            }
            case 4 -> { // a valid event inside a message whose length says one byte less or more
                byte[] event = pick(random, events).toByteArray();
                out.write(0x0A);
                writeVarint(out, event.length + (random.nextBoolean() ? 1 : -1));
                out.writeBytes(event);
            }
            default -> { // thousands, or millions, of empty events in a batch: bounded work before the 1000 check?
                int count = heavy(random) ? 100_000 + random.nextInt(2_500_000) : 1001 + random.nextInt(10_000);
                for (int i = 0; i < count; i++) {
                    out.write(0x0A);
                    out.write(0x00);
                }
            }
        }
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static byte[] deepJson(Random random) {
        int depth = heavy(random) ? 10_000 + random.nextInt(1_000_000) : 50 + random.nextInt(2000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        StringBuilder json = new StringBuilder("{\"event\":{\"appId\":\"shop\",\"deviceId\":\"d\",\"customEvent\":"
                + "{\"eventName\":\"x\",\"stringParams\":{\"k\":");
        json.append(open.repeat(depth)).append("1").append(random.nextBoolean() ? close.repeat(depth) : "");
        json.append("}}}}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] wideJson(Random random) {
        StringBuilder json = new StringBuilder();
        switch (random.nextInt(3)) {
            case 0 -> { // a map of up to 200,000 keys
                json.append("{\"event\":{\"appId\":\"shop\",\"deviceId\":\"d\",\"customEvent\":{\"eventName\":\"x\",\"stringParams\":{");
                int keys = heavy(random) ? 100_000 + random.nextInt(200_000) : 100 + random.nextInt(5000);
                for (int i = 0; i < keys; i++) {
                    json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
                }
                json.append("}}}}");
            }
            case 1 -> { // a batch far over 1000 events
                json.append("{\"events\":[");
                int count = heavy(random) ? 10_000 + random.nextInt(50_000) : 1001 + random.nextInt(2000);
                for (int i = 0; i < count; i++) {
                    json.append(i == 0 ? "" : ",").append("{\"appId\":\"shop\",\"deviceId\":\"d\",\"buttonTap\":{\"buttonId\":\"b\"}}");
                }
                json.append("]}");
            }
            default -> { // the same field repeated 100,000 times
                json.append("{\"event\":{");
                int repeats = heavy(random) ? 100_000 : 1000;
                for (int i = 0; i < repeats; i++) {
                    json.append("\"appId\":\"shop\",");
                }
                json.append("\"deviceId\":\"d\",\"buttonTap\":{\"buttonId\":\"b\"}}}");
            }
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final int[] LONG = {129, 257, 1000, 10_000, 100_000, 300_000};
    private static final int[] HUGE = {1_000_000, 4_000_000, HUGE_BODY};

    /** A valid event with one string field, chosen anywhere in the message tree, made huge. */
    private Hostile hugeString(Random random) {
        EventEnvelope.Builder event = pick(random, events).toBuilder();
        int[] sizes = heavy(random) ? HUGE : LONG;
        String huge = "x".repeat(sizes[random.nextInt(sizes.length)]);
        while (!setRandomString(random, event, huge)) {
            // walked into a message without string fields (Coordinates): try another path
        }
        boolean json = random.nextBoolean();
        boolean batch = random.nextBoolean();
        Message request = batch ? IngestEventBatchRequest.newBuilder().addEvents(event).build()
                : IngestEventRequest.newBuilder().setEvent(event).build();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", json ? "application/json" : "application/x-protobuf");
        return new Hostile("huge-string", "POST", batch ? PATHS[1] : PATHS[0], withKey(headers),
                GoodClients.body(request, json, false), null);
    }

    /** Walks down set sub-messages at random and sets one string field (or map key/value) it finds. */
    private static boolean setRandomString(Random random, Message.Builder builder, String value) {
        List<FieldDescriptor> strings = new ArrayList<>();
        List<FieldDescriptor> messages = new ArrayList<>();
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
                strings.add(field);
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()
                    && builder.hasField(field)) {
                messages.add(field);
            } else if (field.isMapField() && field.getMessageType().findFieldByName("value").getJavaType()
                    == FieldDescriptor.JavaType.STRING) {
                strings.add(field);
            }
        }
        if (!messages.isEmpty() && (strings.isEmpty() || random.nextBoolean())) {
            return setRandomString(random, builder.getFieldBuilder(pick(random, messages)), value);
        }
        if (strings.isEmpty()) {
            return false;
        }
        FieldDescriptor field = pick(random, strings);
        if (field.isMapField()) {
            Message.Builder entry = builder.newBuilderForField(field);
            entry.setField(entry.getDescriptorForType().findFieldByName("key"), random.nextBoolean() ? value : "k");
            entry.setField(entry.getDescriptorForType().findFieldByName("value"), value);
            builder.addRepeatedField(field, entry.build());
        } else if (field.isRepeated()) {
            builder.addRepeatedField(field, value);
        } else {
            builder.setField(field, value);
        }
        return true;
    }

    /** Broken HTTP framing, which no HTTP client library would send. */
    private Hostile rawHttp(Random random) {
        byte[] body = pick(random, protobufSeeds);
        String path = PATHS[random.nextInt(PATHS.length)];
        String head = "POST " + path + " HTTP/1.1\r\nHost: collector\r\nContent-Type: application/x-protobuf\r\n"
                + (writeKey == null ? "" : "Authorization: Bearer " + writeKey + "\r\n");
        String request = switch (random.nextInt(10)) {
            case 0 -> head + "Content-Length: " + (body.length + 1 + random.nextInt(1000)) + "\r\n\r\n"; // promises more
            case 1 -> head + "Content-Length: " + Math.max(0, body.length - 1 - random.nextInt(body.length)) + "\r\n\r\n";
            case 2 -> head + "Content-Length: -1\r\n\r\n";
            case 3 -> head + "Content-Length: abc\r\n\r\n";
            case 4 -> head + "Content-Length: " + body.length + "\r\nContent-Length: 3\r\n\r\n";
            case 5 -> head + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n";
            case 6 -> head + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n" + Integer.toHexString(body.length) + "\r\n";
            case 7 -> head + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n";
            case 8 -> "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
            default -> "GARBAGE\u0000 / HTTP/9.9\r\nNoColonHeader\r\n\r\n";
        };
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(request.getBytes(StandardCharsets.ISO_8859_1));
        raw.writeBytes(body);
        return new Hostile("raw-http", "POST", path, Map.of(), body, raw.toByteArray());
    }

    private Hostile headers(Random random) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", random.nextBoolean() ? "application/json" : "application/x-protobuf");
        switch (random.nextInt(4)) {
            case 0 -> headers.put("X-Huge", "h".repeat(random.nextBoolean() ? 8_000 + random.nextInt(64_000) : 100));
            case 1 -> {
                for (int i = 0; i < 200 + random.nextInt(1000); i++) {
                    headers.put("X-Many-" + i, "v");
                }
            }
            case 2 -> headers.put("Camel-Http-Response-Code", "500"); // Camel headers must not steer the route
            default -> headers.put("CamelHttpResponseCode", "599");
        }
        boolean json = headers.get("Content-Type").equals("application/json");
        return new Hostile("headers", "POST", PATHS[random.nextInt(PATHS.length)], withKey(headers),
                pick(random, json ? jsonSeeds : protobufSeeds), null);
    }

    /** Missing, unknown, malformed and oversized keys on valid bodies, in every place a key can ride. */
    private Hostile badKey(Random random) {
        String key = switch (random.nextInt(5)) {
            case 0 -> "";
            case 1 -> "ck_" + Long.toHexString(random.nextLong());
            case 2 -> "k".repeat(10_000);
            case 3 -> writeKey == null ? "\u00e9\u00e8" : writeKey + "x";
            default -> null;
        };
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-protobuf");
        String path = PATHS[random.nextInt(PATHS.length)];
        if (key != null) {
            switch (random.nextInt(3)) {
                case 0 -> headers.put("Authorization", (random.nextBoolean() ? "Bearer " : "Basic ") + key);
                case 1 -> headers.put("X-Causality-Key", key);
                default -> path = path + "?key=" + java.net.URLEncoder.encode(key, StandardCharsets.UTF_8);
            }
        }
        return new Hostile("write-key", "POST", path, headers, pick(random, protobufSeeds), null);
    }
}
