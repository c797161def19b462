package dev.causality.packaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production stack's docker-compose.yml, checked with docker-compose itself (there is no Docker
 * engine to run it here): valid, every image pinned, the services of the architecture there, safe by
 * default (every secret required, backends on an internal network without published ports).
 */
class ComposeFileTest {

    /** The services that publish a port, and where: the API on every interface, operator UIs on ADMIN_BIND_ADDRESS. */
    static final Map<String, String> PUBLISHED = Map.of(
            "haproxy", "published: 8080",
            "causality-collector-ha", "published: 8180", // the API of the ha profile
            "redash", "- 127.0.0.1:5000:5000/tcp",
            "hawtio", "- 127.0.0.1:8090:8080/tcp");

    @Test
    void composeFileIsValidPinnedAndPublishesOnlyUserPorts() throws Exception {
        String config = dockerCompose(filledEnv(Set.of()), "config");

        Map<String, String> services = services(config);
        assertTrue(services.keySet().containsAll(Set.of("nats", "minio", "minio-init", "postgres", "hive-metastore",
                "trino", "redash", "redash-init", "redash-scheduler", "redash-worker", "redis", "hawtio",
                "causality-collector", "causality-sink", "haproxy")), services.keySet().toString());

        List<String> images = new ArrayList<>();
        Matcher image = Pattern.compile("(?m)^    image: (\\S+)$").matcher(config);
        while (image.find()) {
            images.add(image.group(1));
        }
        assertTrue(images.size() >= 8, images.toString());
        for (String name : images) {
            if (name.startsWith("causality")) {
                continue; // built from this repository
            }
            String tag = name.contains(":") ? name.substring(name.lastIndexOf(':') + 1) : "";
            assertTrue(!tag.isEmpty() && !tag.equals("latest"), "image not pinned: " + name);
        }

        // the backends publish nothing and live on the internal network only
        assertTrue(section(config, "networks").contains("  backend:\n    internal: true"), section(config, "networks"));
        services.forEach((name, definition) -> {
            String published = PUBLISHED.get(name);
            if (published == null) {
                assertFalse(definition.contains("    ports:"), name + " is a backend and publishes a port:\n" + definition);
                assertTrue(definition.contains("    networks:\n      backend: null\n    ")
                        && !definition.contains("edge: null"), name + " is on the internal network only:\n" + definition);
            } else {
                String ports = definition.substring(definition.indexOf("    ports:"));
                Matcher nextKey = Pattern.compile("\n    [a-z_]").matcher(ports);
                ports = nextKey.find() ? ports.substring(0, nextKey.start()) : ports; // the ports list alone
                assertTrue(ports.contains(published), name + " publishes " + published + ":\n" + ports);
                assertEquals(1, ports.split("\n    - ", -1).length - 1, name + " publishes one port:\n" + ports);
            }
        });
        assertTrue(config.contains("TRINO_URL: http://trino:8080"), "the sink registers partitions in Trino");
        // 8080 is HAProxy's, with the config the load balancer test runs; the collectors publish
        // nothing, so `--scale causality-collector=3` works
        assertTrue(config.contains("/docker/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"), config);
        assertFalse(services.get("causality-collector").contains("ports:"), "the collector publishes no port");
        assertTrue(config.contains("protocol.v1.alternate-header-name=Presto")
                        || Files.readString(Path.of("docker/trino/etc/config.properties")).contains("alternate-header-name=Presto"),
                "Trino answers Redash's Presto headers");
        // Trino reads the lake and never writes it
        String trinoCatalog = Files.readString(Path.of("docker/trino/etc/catalog/hive.properties"));
        assertFalse(trinoCatalog.contains("non-managed-table-writes-enabled=true"), trinoCatalog);
        assertTrue(services.get("trino").contains("TRINO_S3_SECRET_KEY: test-TRINO_S3_SECRET_KEY"),
                "Trino has its own, read-only MinIO user");
        assertFalse(services.get("causality-sink").contains("test-MINIO_ROOT_PASSWORD"), "the sink is not MinIO's root");
        assertFalse(config.contains("change-me"), "no default secret is left in the stack");
    }

    @Test
    void theStackRefusesToStartWithoutEverySecret() throws Exception {
        // .env.example as shipped: every secret empty
        Result shipped = run(Path.of(".env.example"), "config");
        assertTrue(shipped.exit() != 0, shipped.output());
        for (String secret : secrets()) {
            Result missing = run(filledEnv(Set.of(secret)), "config");
            assertTrue(missing.exit() != 0, secret + " missing, and docker-compose config passed");
            assertTrue(missing.output().contains("set " + secret + " in .env"), missing.output());
        }
    }

    @Test
    void haProfileRunsAThreeNodeNatsClusterWithReplicatedStreamsAndTwoSinks() throws Exception {
        String config = dockerCompose(filledEnv(Set.of()), "--profile", "ha", "config");
        for (String node : List.of("nats-1", "nats-2", "nats-3")) {
            String service = services(config).get(node);
            assertTrue(service.contains("- ha"), node + " belongs to the ha profile:\n" + service);
            assertTrue(service.contains("--cluster_name") && service.contains("--routes"), node + " is clustered:\n" + service);
            List<String> others = new ArrayList<>(List.of("nats-1", "nats-2", "nats-3"));
            others.remove(node);
            for (String other : others) {
                assertTrue(service.contains("nats://" + other + ":6222"), node + " routes to " + other + ":\n" + service);
            }
            assertTrue(service.contains("service_healthy") || service.contains("healthcheck"), node + " has a health check");
        }
        for (String causality : List.of("causality-collector-ha", "causality-sink-ha")) {
            String service = services(config).get(causality);
            assertTrue(service.contains("NATS_STREAM_REPLICAS: '3'") || service.contains("NATS_STREAM_REPLICAS: \"3\""),
                    causality + " asks for 3 replicas:\n" + service);
            assertTrue(service.contains("nats://nats-1:4222,nats://nats-2:4222,nats://nats-3:4222"),
                    causality + " knows every cluster member:\n" + service);
        }
        assertTrue(services(config).get("causality-sink-ha").matches("(?s).*replicas: 2\\b.*"), "two sinks");
        assertTrue(services(config).get("causality-collector-ha").contains("SINK_ENABLED: 'false'")
                || services(config).get("causality-collector-ha").contains("SINK_ENABLED: \"false\""));
    }

    /** The keys that .env.example leaves empty: the secrets. */
    private static List<String> secrets() throws IOException {
        List<String> secrets = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(".env.example"))) {
            if (line.matches("[A-Z0-9_]+=")) {
                secrets.add(line.substring(0, line.length() - 1));
            }
        }
        assertTrue(secrets.containsAll(List.of("MINIO_ROOT_PASSWORD", "SINK_S3_SECRET_KEY", "TRINO_S3_SECRET_KEY",
                "METASTORE_S3_SECRET_KEY", "POSTGRES_PASSWORD", "REDASH_SECRET_KEY", "REDASH_COOKIE_SECRET",
                "REDASH_ADMIN_PASSWORD", "MANAGEMENT_PASSWORD", "HAWTIO_PASSWORD")), secrets.toString());
        return secrets;
    }

    /** .env.example with every secret filled in (test-NAME), except those left out. */
    private static Path filledEnv(Set<String> leftOut) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(".env.example"))) {
            if (line.matches("[A-Z0-9_]+=")) {
                String key = line.substring(0, line.length() - 1);
                if (!leftOut.contains(key)) {
                    lines.add(line + "test-" + key);
                }
            } else {
                lines.add(line);
            }
        }
        Path env = Files.createTempFile("compose-", ".env");
        env.toFile().deleteOnExit();
        Files.write(env, lines);
        return env;
    }

    /** Each service's lines in the config, by name. */
    private static Map<String, String> services(String config) {
        String section = section(config, "services");
        Map<String, String> services = new TreeMap<>();
        Matcher service = Pattern.compile("(?m)^  ([a-z0-9-]+):$").matcher(section);
        int start = -1;
        String name = null;
        while (service.find()) {
            if (name != null) {
                services.put(name, section.substring(start, service.start()));
            }
            name = service.group(1);
            start = service.end();
        }
        if (name != null) {
            services.put(name, section.substring(start));
        }
        return services;
    }

    /** The lines of one top-level section of the config, up to the next top-level key. */
    private static String section(String config, String name) {
        Matcher start = Pattern.compile("(?m)^" + name + ":$").matcher(config);
        assertTrue(start.find(), "no " + name + " section in:\n" + config);
        Matcher next = Pattern.compile("(?m)^[a-z]").matcher(config);
        int stop = next.find(start.end()) ? next.start() : config.length();
        return config.substring(start.end(), stop);
    }

    private record Result(int exit, String output) {
    }

    private static String dockerCompose(Path env, String... args) throws IOException, InterruptedException {
        Result result = run(env, args);
        assertEquals(0, result.exit(), "docker-compose " + String.join(" ", args) + " failed:\n" + result.output());
        return result.output();
    }

    private static Result run(Path env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary(), "--env-file", env.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // only the env file speaks: a variable of this shell would win over it
        builder.environment().keySet().removeIf(key -> key.matches("[A-Z0-9_]+") && envKeys().contains(key));
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "docker-compose did not finish");
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static Set<String> envKeys() {
        try {
            Set<String> keys = new TreeSet<>();
            for (String line : Files.readAllLines(Path.of(".env.example"))) {
                if (line.matches("[A-Z0-9_]+=.*")) {
                    keys.add(line.substring(0, line.indexOf('=')));
                }
            }
            return keys;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String binary() {
        for (String dir : (System.getenv("PATH") + ":/usr/bin:/usr/local/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "docker-compose"))) {
                return Path.of(dir, "docker-compose").toString();
            }
        }
        throw new IllegalStateException("docker-compose not found: install it (apt-get install -y docker-compose); "
                + "bin/test does this for you");
    }
}
