package dev.causality.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small HTTP client for tests; every call has a timeout so a hung server fails the test instead of stalling it. */
public final class HttpTestClient {

    /** A response: status, headers and body. */
    public record Response(int status, java.net.http.HttpHeaders headers, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String authorization;
    private final HttpTestClient management;

    public HttpTestClient(String baseUrl) {
        this(baseUrl, null, null);
    }

    /** A client of the API at {@code baseUrl} that reads metrics from {@code management}. */
    public HttpTestClient(String baseUrl, HttpTestClient management) {
        this(baseUrl, null, management);
    }

    private HttpTestClient(String baseUrl, String authorization, HttpTestClient management) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
        this.management = management;
    }

    /** The same client, sending HTTP basic credentials with every request. */
    public HttpTestClient withBasicAuth(String user, String password) {
        String token = java.util.Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new HttpTestClient(baseUrl, "Basic " + token, management);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * The client of the management address (/observe/*), which is never the API's: this client
     * itself when it was made for that address.
     */
    public HttpTestClient management() {
        return management != null ? management : this;
    }

    /**
     * The value of a series in the management address's /observe/metrics (Prometheus text): the
     * first line of that name, with or without labels; 0 when absent.
     */
    public double metric(String name) {
        Response metrics = management().get("/observe/metrics");
        if (metrics.status() != 200) {
            throw new IllegalStateException("/observe/metrics answered " + metrics.status() + " on " + management().baseUrl);
        }
        for (String line : metrics.text().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** Any method, with or without a body, with these header name/value pairs. */
    public Response send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    public Response postJson(String path, String json, String... headers) {
        return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
