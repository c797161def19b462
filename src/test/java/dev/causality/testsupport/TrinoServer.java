package dev.causality.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real Trino 476 server on a free loopback port, for tests. Maven unpacks the server and its
 * Hive plugin into target/trino (cached in the local repository); Trino needs a JDK 24 or newer,
 * found in TRINO_JAVA_HOME or under /usr/lib/jvm, else the test fails saying so.
 */
public final class TrinoServer implements AutoCloseable {

    public static final String VERSION = "476";

    private final int port = FreePorts.next();
    private final Path dir;
    private final Process process;

    private TrinoServer(Map<String, String> hiveCatalog) throws IOException {
        Path home = home();
        Path javaHome = javaHome();
        dir = Files.createTempDirectory("causality-trino-");
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.createDirectories(etc.resolve("catalog"));
        Files.writeString(etc.resolve("node.properties"), lines(Map.of(
                "node.environment", "test",
                "node.id", "causality-test-" + port,
                "node.data-dir", dir.resolve("data").toString(),
                "node.bind-ip", "127.0.0.1",
                "node.internal-address", "127.0.0.1")));
        Files.writeString(etc.resolve("config.properties"), lines(Map.of(
                "coordinator", "true",
                "node-scheduler.include-coordinator", "true",
                "http-server.http.port", Integer.toString(port),
                "discovery.uri", "http://127.0.0.1:" + port,
                "query.max-memory", "1GB",
                "query.max-memory-per-node", "1GB")));
        Files.writeString(etc.resolve("jvm.config"), String.join("\n", "-server", "-Xmx2G", "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError", "-Djdk.attach.allowAttachSelf=true", ""));
        Files.writeString(etc.resolve("log.properties"), "io.trino=WARN\n");
        Files.writeString(etc.resolve("catalog").resolve("hive.properties"), lines(hiveCatalog));
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin").resolve("launcher").toString(), "run",
                "--etc-dir", etc.toString(), "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("trino.log").toFile());
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("PATH", javaHome.resolve("bin") + ":" + System.getenv("PATH"));
        process = builder.start();
    }

    /** Starts Trino with a Hive catalog of these properties and waits until it takes queries. */
    public static TrinoServer start(Map<String, String> hiveCatalog) {
        try {
            TrinoServer server = new TrinoServer(hiveCatalog);
            HttpClient http = HttpClient.newHttpClient();
            await("Trino ready on port " + server.port).atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptionsMatching(TestProcesses::stillStarting)
                    .until(() -> {
                        if (!server.process.isAlive()) {
                            throw new IllegalStateException("Trino exited: " + server.log());
                        }
                        String info = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/info")).build(),
                                HttpResponse.BodyHandlers.ofString()).body();
                        return info.contains("\"starting\":false");
                    });
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Hive catalog on Trino's file metastore (in a temp dir), reading the lake from an S3 server. */
    public static Map<String, String> fileMetastoreOverS3(S3Server s3, Path metastoreDir) {
        return hiveCatalogOverS3(s3, Map.of(
                "hive.metastore", "file",
                "hive.metastore.catalog.dir", "local://" + metastoreDir.toAbsolutePath(),
                "fs.native-local.enabled", "true",
                "local.location", "/"));
    }

    /** A Hive catalog reading the lake from an S3 server, with {@code metastore}'s settings added. */
    public static Map<String, String> hiveCatalogOverS3(S3Server s3, Map<String, String> metastore) {
        Map<String, String> catalog = new LinkedHashMap<>();
        catalog.put("connector.name", "hive");
        catalog.putAll(metastore);
        catalog.put("fs.native-s3.enabled", "true");
        catalog.put("s3.endpoint", s3.endpoint());
        catalog.put("s3.region", "us-east-1");
        catalog.put("s3.path-style-access", "true");
        catalog.put("s3.aws-access-key", S3Server.ACCESS_KEY);
        catalog.put("s3.aws-secret-key", S3Server.SECRET_KEY);
        catalog.put("hive.allow-register-partition-procedure", "true");
        return catalog;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "test");
        return DriverManager.getConnection("jdbc:trino://127.0.0.1:" + port, properties);
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("trino.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    /** The unpacked server with the Hive plugin, unpacked from the archives Maven downloaded, once. */
    static synchronized Path home() throws IOException {
        Path downloads = Path.of("target", "trino");
        Path home = downloads.resolve("trino-server-core-" + VERSION);
        Path marker = home.resolve(".unpacked");
        if (Files.exists(marker)) {
            return home;
        }
        Path server = downloads.resolve("trino-server-core-" + VERSION + ".tar.gz");
        Path hive = downloads.resolve("trino-hive-" + VERSION + ".zip");
        if (!Files.isRegularFile(server) || !Files.isRegularFile(hive)) {
            throw new IllegalStateException("Trino " + VERSION + " archives are not in " + downloads.toAbsolutePath()
                    + ": run the tests with 'bin/test' (mvn verify), which downloads them");
        }
        run(new ProcessBuilder("tar", "xzf", server.getFileName().toString()).directory(downloads.toFile()));
        unzip(hive, home.resolve("plugin"));
        Files.createFile(marker);
        return home;
    }

    private static void run(ProcessBuilder command) throws IOException {
        try {
            Process process = command.inheritIO().start();
            if (process.waitFor() != 0) {
                throw new IOException(command.command() + " failed with " + process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** A JDK 24+ for Trino: TRINO_JAVA_HOME, else the newest suitable one under /usr/lib/jvm. */
    static Path javaHome() {
        String configured = System.getenv("TRINO_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        List<String> seen = new ArrayList<>();
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path jvm : jvms.sorted(java.util.Comparator.reverseOrder()).toList()) {
                int version = TestProcesses.javaFeatureVersion(jvm);
                seen.add(jvm.getFileName() + " (" + version + ")");
                if (version >= 24 && Files.isExecutable(jvm.resolve("bin").resolve("java"))) {
                    return jvm;
                }
            }
        } catch (IOException e) {
            // no /usr/lib/jvm: fall through to the message
        }
        throw new IllegalStateException("Trino " + VERSION + " needs a JDK 24 or newer; found " + seen
                + " under /usr/lib/jvm. Install one (e.g. Temurin 25) or set TRINO_JAVA_HOME");
    }


    private static String lines(Map<String, String> properties) {
        StringBuilder text = new StringBuilder();
        properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }
}
