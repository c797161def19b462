package dev.causality.packaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production stack's docker-compose.yml, checked with docker-compose itself (there is no Docker
 * engine to run it here): valid, every image pinned, the services of the architecture there, and
 * only the ports a user needs published.
 */
class ComposeFileTest {

    @Test
    void composeFileIsValidPinnedAndPublishesOnlyUserPorts() throws Exception {
        String config = dockerCompose("config");

        Set<String> services = new TreeSet<>();
        Matcher service = Pattern.compile("(?m)^  ([a-z0-9-]+):$").matcher(section(config, "services"));
        while (service.find()) {
            services.add(service.group(1));
        }
        assertTrue(services.containsAll(Set.of("nats", "minio", "minio-init", "postgres", "hive-metastore", "trino",
                "redash", "redash-init", "redash-scheduler", "redash-worker", "redis", "hawtio",
                "causality-collector", "causality-sink", "haproxy")), services.toString());

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

        Set<String> published = new TreeSet<>();
        Matcher port = Pattern.compile("(?m)^\\s+(?:- )?published: \"?(\\d+)\"?$").matcher(config);
        while (port.find()) {
            published.add(port.group(1));
        }
        Matcher shortPort = Pattern.compile("(?m)^\\s+- (?:[0-9.]+:)?(\\d+):\\d+(?:/tcp)?$").matcher(config);
        while (shortPort.find()) {
            published.add(shortPort.group(1));
        }
        assertEquals(Set.of("8080", "8081", "5000", "8090", "9001"), published,
                "API, Trino, Redash, Hawtio and the MinIO console, nothing else");
        assertTrue(config.contains("TRINO_URL: http://trino:8080"), "the sink registers partitions in Trino");
        // 8080 is HAProxy's, with the config the load balancer test runs; the collectors publish
        // nothing, so `--scale causality-collector=3` works
        assertTrue(config.contains("/docker/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"), config);
        assertTrue(!serviceBlock(config, "causality-collector").contains("ports:"), "the collector publishes no port");
        assertTrue(config.contains("protocol.v1.alternate-header-name=Presto")
                        || Files.readString(Path.of("docker/trino/etc/config.properties")).contains("alternate-header-name=Presto"),
                "Trino answers Redash's Presto headers");
    }

    /** The lines of one service of the config, up to the next service. */
    private static String serviceBlock(String config, String name) {
        String services = section(config, "services");
        Matcher start = Pattern.compile("(?m)^  " + name + ":$").matcher(services);
        assertTrue(start.find(), "no service " + name);
        Matcher next = Pattern.compile("(?m)^  [a-z0-9-]+:$").matcher(services);
        int stop = next.find(start.end()) ? next.start() : services.length();
        return services.substring(start.end(), stop);
    }

    /** The lines of one top-level section of the config, up to the next top-level key. */
    private static String section(String config, String name) {
        Matcher start = Pattern.compile("(?m)^" + name + ":$").matcher(config);
        assertTrue(start.find(), "no " + name + " section in:\n" + config);
        Matcher next = Pattern.compile("(?m)^[a-z]").matcher(config);
        int stop = next.find(start.end()) ? next.start() : config.length();
        return config.substring(start.end(), stop);
    }

    private static String dockerCompose(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary(), "--env-file", ".env.example"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "docker-compose did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "docker-compose " + String.join(" ", args) + " failed:\n" + text);
        return text;
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
