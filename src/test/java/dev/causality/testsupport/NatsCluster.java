package dev.causality.testsupport;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A cluster of real nats-server processes with JetStream (clustered: streams can have replicas), on
 * free loopback ports. Each member is a {@link NatsServer}, so it can be killed and started again on
 * its own store.
 */
public final class NatsCluster implements AutoCloseable {

    private final List<NatsServer> servers = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private NatsCluster(int size) {
        List<Integer> routePorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            routePorts.add(FreePorts.next());
        }
        for (int i = 0; i < size; i++) {
            int own = routePorts.get(i);
            String routes = routePorts.stream().filter(p -> p != own).map(p -> "nats://127.0.0.1:" + p)
                    .collect(Collectors.joining(","));
            String name = "n" + (i + 1);
            names.add(name);
            servers.add(new NatsServer(List.of("--server_name", name, "--cluster_name", "causality",
                    "--cluster", "nats://127.0.0.1:" + own, "--routes", routes)));
        }
    }

    /**
     * Starts every member and returns once the cluster has a JetStream meta leader: before that,
     * every JetStream request (a stream, a key-value bucket) times out.
     */
    public static NatsCluster started(int size) {
        NatsCluster cluster = new NatsCluster(size);
        cluster.servers.forEach(NatsServer::start);
        org.awaitility.Awaitility.await("the NATS cluster's JetStream meta leader").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(cluster::hasMetaLeader);
        return cluster;
    }

    /** True once a running member reports a JetStream meta leader on its monitoring endpoint (/jsz). */
    boolean hasMetaLeader() {
        for (NatsServer server : servers) {
            if (!server.isRunning()) {
                continue;
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.monitorUrl() + "/jsz"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                JsonElement meta = JsonParser.parseString(response.body()).getAsJsonObject().get("meta_cluster");
                if (meta != null && meta.getAsJsonObject().has("leader")
                        && !meta.getAsJsonObject().get("leader").getAsString().isEmpty()) {
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                // not answering yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Every member's client URL, comma-separated, as NATS_URL takes them. */
    public String urls() {
        return servers.stream().map(NatsServer::url).collect(Collectors.joining(","));
    }

    public List<NatsServer> servers() {
        return List.copyOf(servers);
    }

    /** The member leading a stream's replicas, asked of the monitoring endpoint (/jsz) of each running member. */
    public Optional<NatsServer> streamLeader(String stream) {
        for (NatsServer server : servers) {
            if (!server.isRunning()) {
                continue;
            }
            Optional<String> leader = leaderFromJsz(server, stream);
            if (leader.isPresent()) {
                int index = names.indexOf(leader.get());
                return index < 0 ? Optional.empty() : Optional.of(servers.get(index));
            }
        }
        return Optional.empty();
    }

    private Optional<String> leaderFromJsz(NatsServer server, String stream) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(server.monitorUrl() + "/jsz?accounts=true&streams=true"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            JsonElement accounts = JsonParser.parseString(response.body()).getAsJsonObject().get("account_details");
            if (accounts == null) {
                return Optional.empty();
            }
            for (JsonElement account : accounts.getAsJsonArray()) {
                JsonElement streams = account.getAsJsonObject().get("stream_detail");
                if (streams == null) {
                    continue;
                }
                for (JsonElement detail : streams.getAsJsonArray()) {
                    var object = detail.getAsJsonObject();
                    if (stream.equals(object.get("name").getAsString()) && object.has("cluster")
                            && object.getAsJsonObject("cluster").has("leader")) {
                        return Optional.of(object.getAsJsonObject("cluster").get("leader").getAsString());
                    }
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        servers.forEach(NatsServer::close);
    }
}
