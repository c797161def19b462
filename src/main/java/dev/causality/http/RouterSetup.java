package dev.causality.http;

import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;

/**
 * Vert.x handlers of the API's HTTP server that must be in place before its port opens (the JSON
 * fallback, the shutdown drain). {@link ApiHttpServer} installs every bean of this type.
 */
public interface RouterSetup {

    void install(CamelContext context, Router router);
}
