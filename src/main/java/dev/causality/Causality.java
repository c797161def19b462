package dev.causality;

import dev.causality.http.ApiHttpServerFactory;
import dev.causality.http.ShutdownDrain;
import dev.causality.cli.Commands;
import org.apache.camel.main.Main;

import java.util.Map;

/**
 * Starts Causality: Camel main with the YAML routes of {@code routes/} and the beans of
 * {@link CausalityConfiguration}. Settings come from application.properties, overridden by
 * environment variables (NATS_URL for nats.url, ...). With a command as first argument
 * ({@code keys ...}) it runs that instead, see {@link Commands}.
 */
public final class Causality {

    static final String DEFAULT_HTTP_ADDR = ":8080";

    private Causality() {
    }

    public static void main(String[] args) throws Exception {
        Main main;
        try {
            if (Commands.isCommand(args)) { // java -jar causality.jar keys ...: an operator command, not the service
                System.exit(Commands.run(args, System.out, System.err));
            }
            main = newMain(Map.of());
        } catch (IllegalArgumentException e) {
            System.err.println("causality: " + e.getMessage()); // a setting refused: say which, no stack trace
            System.exit(2);
            return;
        }
        main.run(args);
    }

    /**
     * A configured, not yet started Camel main. {@code overrides} win over everything else; tests
     * use them for ports and URLs.
     */
    public static Main newMain(Map<String, String> overrides) {
        Main main = new Main();
        main.configure().addConfiguration(CausalityConfiguration.class);
        // Camel main takes its HTTP server factory from the registry: ours installs the JSON
        // fallback and the shutdown drain before the port opens.
        main.bind("apiHttpServerFactory", new ApiHttpServerFactory());
        main.addMainListener(ShutdownDrain.roomInTheSigtermHook());
        // HTTP_ADDR has a host:port form that Camel's server settings do not take: split it here.
        String addr = overrides.getOrDefault("http.addr", firstSet(System.getProperty("http.addr"),
                System.getenv("HTTP_ADDR"), DEFAULT_HTTP_ADDR));
        HttpAddress address = HttpAddress.parse(addr);
        main.addOverrideProperty("camel.server.host", address.host());
        main.addOverrideProperty("camel.server.port", Integer.toString(address.port()));
        // The operator surface (metrics, health details, Jolokia) never shares the API's address.
        ManagementPlane.configured(overrides).camelProperties().forEach(main::addOverrideProperty);
        overrides.forEach((key, value) -> {
            if (!key.equals("management.password")) { // only in the management users file
                main.addOverrideProperty(key, value);
            }
        });
        return main;
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
