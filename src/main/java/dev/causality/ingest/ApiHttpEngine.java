package dev.causality.ingest;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The platform-http engine of the API routes, pinned to the API's port. Camel 4.17's engine finds
 * its port by looking for the only HTTP server of the context; with the management server on a
 * port of its own there are two, and it falls back to 8080, where no router exists, so the API
 * routes would never start.
 */
public class ApiHttpEngine extends VertxPlatformHttpEngine {

    private final int apiPort;

    public ApiHttpEngine(int apiPort) {
        this.apiPort = apiPort;
    }

    @Override
    public int getServerPort() {
        return apiPort;
    }
}
