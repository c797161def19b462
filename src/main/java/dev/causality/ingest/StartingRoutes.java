package dev.causality.ingest;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

import java.util.List;

/**
 * The routes this process should run (their YAML {@code autoStartup} is true) that are not running:
 * still starting, or stopped by an operator. Camel's supervising route controller starts the routes
 * after the HTTP server already listens, so for a moment an API path has no route behind it. (The
 * runtime route's own auto-startup flag cannot tell: the supervisor clears it to start them itself.)
 */
public final class StartingRoutes {

    private StartingRoutes() {
    }

    public static List<String> of(CamelContext context) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        return model.getRouteDefinitions().stream()
                .filter(route -> shouldRun(context, route))
                .map(RouteDefinition::getRouteId)
                .filter(id -> context.getRouteController().getRouteStatus(id) != ServiceStatus.Started)
                .toList();
    }

    private static boolean shouldRun(CamelContext context, RouteDefinition route) {
        String autoStartup = route.getAutoStartup();
        return autoStartup == null || Boolean.parseBoolean(context.resolvePropertyPlaceholders(autoStartup).trim());
    }
}
