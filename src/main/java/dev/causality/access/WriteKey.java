package dev.causality.access;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A write key as stored: its id, the SHA-256 of the key (never the key itself), the app ids and
 * browser origins it allows, its rate (events per second per collector, 0 = unlimited) and when it
 * was made. Keys are 32 random bytes, so a fast hash is as safe as a slow one.
 */
public record WriteKey(String id, String hash, List<String> apps, List<String> origins, int rate, long createdAtMs) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_PREFIX = "cwk_";

    public WriteKey {
        apps = List.copyOf(apps);
        origins = List.copyOf(origins);
    }

    /** A new key: the stored form, and the key itself, which is shown once. */
    public record Created(WriteKey stored, String key) {
    }

    public static Created create(List<String> apps, List<String> origins, int rate, long nowMs) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        byte[] idBytes = new byte[8];
        RANDOM.nextBytes(idBytes);
        String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        List<String> normalised = origins.stream().map(WriteKey::normaliseOrigin).toList();
        return new Created(new WriteKey(HexFormat.of().formatHex(idBytes), hash(key), apps, normalised, rate, nowMs),
                key);
    }

    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean allowsApp(String appId) {
        return apps.contains(appId);
    }

    /** A request from this browser origin may use the key (an origin is compared as the browser sends it). */
    public boolean allowsOrigin(String origin) {
        return origins.contains(origin.toLowerCase(Locale.ROOT));
    }

    /**
     * An origin as browsers send it: {@code scheme://host[:port]}, lower-cased, no path; anything
     * else is refused with the reason.
     */
    public static String normaliseOrigin(String origin) {
        URI uri;
        try {
            uri = URI.create(origin.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an origin: '" + origin + "' (scheme://host[:port])");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("not an origin: '" + origin
                    + "' (scheme://host[:port], http or https, without a path)");
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    public byte[] toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("id", id);
        json.addProperty("hash", hash);
        json.add("apps", array(apps));
        json.add("origins", array(origins));
        json.addProperty("rate", rate);
        json.addProperty("created_at_ms", createdAtMs);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static WriteKey fromJson(byte[] bytes) {
        JsonObject json = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
        return new WriteKey(json.get("id").getAsString(), json.get("hash").getAsString(), list(json.getAsJsonArray("apps")),
                list(json.getAsJsonArray("origins")), json.get("rate").getAsInt(), json.get("created_at_ms").getAsLong());
    }

    private static JsonArray array(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }

    private static List<String> list(JsonArray array) {
        List<String> values = new ArrayList<>(array.size());
        array.forEach(value -> values.add(value.getAsString()));
        return values;
    }
}
