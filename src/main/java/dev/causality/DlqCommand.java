package dev.causality;

import dev.causality.jetstream.DeadLetterReplay;
import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code java -jar causality.jar dlq replay [--dry-run]}: puts the dead letters back into the
 * events stream (see {@link DeadLetterReplay}). NATS is NATS_URL (or -Dnats.url), as for the server.
 */
final class DlqCommand {

    static final String USAGE = "usage: java -jar causality.jar dlq replay [--dry-run]";

    private DlqCommand() {
    }

    /** Runs the command; the exit status. */
    static int run(List<String> args, String natsUrl, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !args.get(0).equals("replay") || args.size() > 2
                || (args.size() == 2 && !args.get(1).equals("--dry-run"))) {
            err.println(USAGE);
            return 2;
        }
        boolean dryRun = args.size() == 2;
        Options options = Options.builder().server(natsUrl).connectionTimeout(Duration.ofSeconds(10))
                .maxReconnects(0).build();
        try (Connection nats = Nats.connect(options)) {
            JetStreamOptions jetStream = JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(10)).build();
            DeadLetterReplay.Outcome outcome = new DeadLetterReplay(nats.jetStreamManagement(jetStream),
                    nats.jetStream(jetStream), CausalityConfiguration.EVENTS_STREAM).replay(dryRun, out::println);
            out.println((dryRun ? "dry run: would replay " : "replayed ") + outcome.messages() + " dead letter(s) to "
                    + CausalityConfiguration.EVENTS_STREAM + (outcome.bySubject().isEmpty() ? "" : ": " + outcome.bySubject()));
            return 0;
        } catch (Exception e) {
            err.println("causality: dlq replay failed: " + e);
            return 1;
        }
    }

    /** The NATS URL the server would use: -Dnats.url, else NATS_URL, else application.properties' default. */
    static String natsUrl() throws java.io.IOException {
        String url = System.getProperty("nats.url");
        if (url == null || url.isBlank()) {
            url = System.getenv("NATS_URL");
        }
        if (url == null || url.isBlank()) {
            java.util.Properties defaults = new java.util.Properties();
            try (var in = DlqCommand.class.getResourceAsStream("/application.properties")) {
                defaults.load(in);
            }
            url = defaults.getProperty("nats.url");
        }
        return url;
    }
}
