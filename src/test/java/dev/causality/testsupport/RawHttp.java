package dev.causality.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request on its own socket, written by hand so a test controls every byte: it can
 * send the headers and half a body, do something to the server, then send the rest. The answer is
 * read to the end of the connection ({@code Connection: close}), so a reset or a cut answer shows
 * as an IOException, never as a half-parsed response.
 */
public final class RawHttp implements AutoCloseable {

    /** A complete answer: status, headers (lower-case names) and body. */
    public record Answer(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public boolean isJson() {
            String type = header("content-type");
            return type != null && type.startsWith("application/json") && body.trim().startsWith("{");
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }

    private final Socket socket;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Connects (throws ConnectException while nothing listens). */
    public static RawHttp connect(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(60_000);
            return new RawHttp(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Writes the request line and headers, and the first {@code sent} bytes of the body. */
    public RawHttp begin(String method, String path, String contentType, byte[] body, int sent) throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.write(body, 0, sent);
        }
        out.flush();
        return this;
    }

    /** Writes the rest of the body. */
    public RawHttp finish(byte[] body, int alreadySent) throws IOException {
        out.write(body, alreadySent, body.length - alreadySent);
        out.flush();
        return this;
    }

    /** Reads the whole answer up to the end of the connection. */
    public Answer answer() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IOException("no complete answer: '" + text + "'");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equals(headers.get("transfer-encoding"))) {
            body = dechunk(body, text);
        }
        String length = headers.get("content-length");
        if (length != null && body.getBytes(StandardCharsets.UTF_8).length != Integer.parseInt(length)) {
            throw new IOException("answer cut: " + body.length() + " of " + length + " bytes: " + text);
        }
        return new Answer(Integer.parseInt(lines[0].substring(9, 12)), headers, body);
    }

    private static String dechunk(String chunked, String whole) throws IOException {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int line = chunked.indexOf("\r\n", at);
            if (line < 0) {
                throw new IOException("answer cut in a chunk header: " + whole);
            }
            int size = Integer.parseInt(chunked.substring(at, line).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            if (line + 2 + size > chunked.length()) {
                throw new IOException("answer cut in a chunk: " + whole);
            }
            body.append(chunked, line + 2, line + 2 + size); // sizes are bytes: the answers here are ASCII
            at = line + 2 + size + 2;
        }
    }

    /** One whole request and its answer. */
    public static Answer exchange(int port, String method, String path, String contentType, byte[] body) throws IOException {
        try (RawHttp http = connect(port)) {
            return http.begin(method, path, contentType, body, body == null ? 0 : body.length).answer();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
