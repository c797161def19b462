package dev.causality;

/**
 * A listen address ({@code HTTP_ADDR}, {@code MANAGEMENT_ADDR}): {@code host:port}, or {@code :port}
 * for every interface.
 */
public record HttpAddress(String host, int port) {

    public static HttpAddress parse(String value) {
        return parse("HTTP_ADDR", value);
    }

    /** Parses {@code value}; errors name {@code setting}, the variable the operator sets. */
    public static HttpAddress parse(String setting, String value) {
        String text = value == null ? "" : value.trim();
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(setting + " must be host:port or :port, not '" + value + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // [::1]:8080
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + " has no valid port: '" + value + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(setting + " port out of range: '" + value + "'");
        }
        return new HttpAddress(host.isEmpty() ? "0.0.0.0" : host, port);
    }
}
