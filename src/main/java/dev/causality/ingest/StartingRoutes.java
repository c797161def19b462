package dev.causality.ingest;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

import java.util.List;
import java.util.stream.Stream;

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
        return notRunning(context).map(RouteDefinition::getRouteId).toList();
    }

    /** Those of {@link #of} whose HTTP endpoint serves this path (e.g. {@code /v1/events/batch}). */
    public static List<String> servingPath(CamelContext context, String path) {
        return notRunning(context).filter(route -> path.equals(httpPath(context, route)))
                .map(RouteDefinition::getRouteId).toList();
    }

    private static Stream<RouteDefinition> notRunning(CamelContext context) {
        return context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions().stream()
                .filter(route -> shouldRun(context, route))
                .filter(route -> context.getRouteController().getRouteStatus(route.getRouteId()) != ServiceStatus.Started);
    }

    /** The path of a platform-http route ({@code platform-http:/v1/events/batch?...}), else null. */
    private static String httpPath(CamelContext context, RouteDefinition route) {
        String uri = context.resolvePropertyPlaceholders(route.getInput().getEndpointUri());
        if (!uri.startsWith("platform-http:")) {
            return null;
        }
        String path = uri.substring("platform-http:".length()).replaceFirst("^/+", "/");
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private static boolean shouldRun(CamelContext context, RouteDefinition route) {
        String autoStartup = route.getAutoStartup();
        return autoStartup == null || Boolean.parseBoolean(context.resolvePropertyPlaceholders(autoStartup).trim());
    }
}
