package dev.causality;

/** The listen address of {@code HTTP_ADDR}: {@code host:port}, or {@code :port} for every interface. */
public record HttpAddress(String host, int port) {

    public static HttpAddress parse(String value) {
        String text = value == null ? "" : value.trim();
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("HTTP_ADDR must be host:port or :port, not '" + value + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // [::1]:8080
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("HTTP_ADDR has no valid port: '" + value + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP_ADDR port out of range: '" + value + "'");
        }
        return new HttpAddress(host.isEmpty() ? "0.0.0.0" : host, port);
    }
}
