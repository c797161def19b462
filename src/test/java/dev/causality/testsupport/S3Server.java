package dev.causality.testsupport;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A real S3 server for tests: s3proxy as its own process on a free loopback port, storing on disk
 * so it can be stopped and started again (an outage) without losing objects.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access";
    /** Distinctive, so that a test can search any text for it (management answers must never hold it). */
    public static final String SECRET_KEY = "s3-Secret-7Qw9xZp";

    private final int port = FreePorts.next();
    private final Path dir;
    private final Path properties;
    private final Path log;
    private Process process;
    private S3Client client;

    public S3Server() {
        try {
            dir = Files.createTempDirectory("causality-s3-");
            Files.createDirectories(dir.resolve("data"));
            properties = dir.resolve("s3proxy.properties");
            log = dir.resolve("s3proxy.log");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "s3proxy.ignore-unknown-headers=true",
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + dir.resolve("data"),
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static S3Server started() {
        S3Server server = new S3Server();
        server.start();
        return server;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The settings that point Causality at this server. */
    public Map<String, String> settings(String bucket) {
        return Map.of("s3.endpoint", endpoint(), "s3.bucket", bucket, "s3.region", "us-east-1",
                "s3.access-key-id", ACCESS_KEY, "s3.secret-access-key", SECRET_KEY);
    }

    public synchronized void start() {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy not found at " + jar.toAbsolutePath()
                    + "; Maven copies it in generate-test-resources (run the tests through bin/test or mvn)");
        }
        try {
            process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpClient http = HttpClient.newHttpClient();
        await("s3proxy ready on port " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsMatching(TestProcesses::stillStarting).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("s3proxy exited: " + Files.readString(log));
                    }
                    return http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/healthz")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }

    /**
     * Restarts the server knowing only this secret key for {@link #ACCESS_KEY} (same store): while it
     * differs from {@link #SECRET_KEY}, every request of a client configured by {@link #settings}
     * gets 403, as a lake refusing writes would answer. {@code restartWithSecret(SECRET_KEY)} ends it.
     */
    public synchronized void restartWithSecret(String secret) {
        stop();
        try {
            String config = Files.readString(properties).replaceAll("(?m)^s3proxy\\.credential=.*$",
                    "s3proxy.credential=" + java.util.regex.Matcher.quoteReplacement(secret));
            Files.writeString(properties, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    /** The process id of the running server, -1 when stopped. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder()
                    .endpointOverride(URI.create(endpoint()))
                    .forcePathStyle(true)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .build();
        }
        return client;
    }

    /** The temporary name under which s3proxy's filesystem store writes an object (listed while it is written). */
    private static final Pattern IN_PROGRESS = Pattern.compile(
            ".+\\.[a-z]+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** Every object of a bucket, key to content; empty when the bucket does not exist (yet). */
    public Map<String, byte[]> objects(String bucket) {
        Map<String, byte[]> objects = new TreeMap<>();
        try {
            List<S3Object> listed = client().listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).build())
                    .contents().stream().toList();
            for (S3Object object : listed) {
                if (IN_PROGRESS.matcher(object.key()).matches()) {
                    continue; // s3proxy's filesystem store writes an object to KEY-UUID, then renames it to KEY
                }
                try {
                    objects.put(object.key(), client().getObjectAsBytes(GetObjectRequest.builder()
                            .bucket(bucket).key(object.key()).build()).asByteArray());
                } catch (NoSuchKeyException e) {
                    // s3proxy's filesystem store lists an object while it is still being written
                }
            }
        } catch (NoSuchBucketException e) {
            return objects;
        }
        return objects;
    }

    public void put(String bucket, String key, byte[] data) {
        client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
