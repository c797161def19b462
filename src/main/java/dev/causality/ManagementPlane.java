package dev.causality;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator surface (/observe/health, /observe/metrics, /observe/jolokia) on its own address,
 * served by Camel's management server: {@code MANAGEMENT_ADDR} (default loopback only), with HTTP
 * basic credentials ({@code MANAGEMENT_USER}, {@code MANAGEMENT_PASSWORD}) that are required as
 * soon as it listens on anything but loopback. Jolokia can stop routes: left open on a reachable
 * address, one anonymous request would stop ingestion.
 */
public record ManagementPlane(HttpAddress address, String user, String password) {

    public static final String DEFAULT_ADDR = "127.0.0.1:9876";

    public ManagementPlane {
        boolean hasUser = user != null && !user.isEmpty();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasUser != hasPassword) {
            throw new IllegalArgumentException("MANAGEMENT_USER and MANAGEMENT_PASSWORD go together: set both or neither");
        }
        if (!hasUser && !isLoopback(address.host())) {
            throw new IllegalArgumentException("MANAGEMENT_ADDR " + address.host() + ":" + address.port()
                    + " is reachable from other machines: set MANAGEMENT_USER and MANAGEMENT_PASSWORD,"
                    + " or bind it to 127.0.0.1");
        }
        if (hasUser) {
            // Vert.x's property-file users: "user.NAME=PASSWORD,ROLE", one per line; Basic auth splits on ':'
            if (!user.matches("[A-Za-z0-9._@-]+")) {
                throw new IllegalArgumentException("MANAGEMENT_USER may hold only letters, digits and . _ @ -");
            }
            if (password.contains(",") || !password.equals(password.strip()) || password.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(
                        "MANAGEMENT_PASSWORD may not contain commas, control characters or surrounding spaces");
            }
        }
        user = hasUser ? user : null;
        password = hasPassword ? password : null;
    }

    /** From explicit settings, else the environment, else the defaults. */
    public static ManagementPlane configured(Map<String, String> overrides) {
        String addr = setting(overrides, "management.addr", "MANAGEMENT_ADDR");
        return new ManagementPlane(HttpAddress.parse("MANAGEMENT_ADDR", addr == null ? DEFAULT_ADDR : addr),
                setting(overrides, "management.user", "MANAGEMENT_USER"),
                setting(overrides, "management.password", "MANAGEMENT_PASSWORD"));
    }

    public boolean authenticated() {
        return user != null;
    }

    /**
     * The camel-main properties that put the management server on this address, with the users
     * file of Camel's basic authentication when credentials are set. The password goes into that
     * file only (owner-readable, deleted on exit), never into a Camel property that Jolokia could read.
     */
    public Map<String, String> camelProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("camel.management.host", address.host());
        properties.put("camel.management.port", Integer.toString(address.port()));
        if (authenticated()) {
            properties.put("camel.management.authentication-enabled", "true");
            properties.put("camel.management.authentication-realm", "causality");
            properties.put("camel.management.basic-properties-file", usersFile().toString());
        }
        return properties;
    }

    private Path usersFile() {
        try {
            Path file = Files.createTempFile("causality-management-", ".properties",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            Files.writeString(file, "user." + user + "=" + password + ",operator\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the management users file", e);
        }
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String setting(Map<String, String> overrides, String property, String variable) {
        String value = overrides.get(property);
        if (value == null) {
            value = System.getProperty(property);
        }
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "ManagementPlane[" + address + (authenticated() ? ", user " + user : ", no credentials") + "]";
    }
}
