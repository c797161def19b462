package dev.causality.cli;

import dev.causality.access.WriteKey;
import dev.causality.jetstream.WriteKeyBucket;
import dev.causality.validate.EventValidator;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code keys create --app A [--app B] [--origin https://x] [--rate N]}, {@code keys list},
 * {@code keys revoke <id>}: the write keys in NATS ({@code NATS_URL}). create prints the new key
 * alone on its last line, once; list never shows a key.
 */
final class KeysCommand implements Commands.Command {

    static final String USAGE = """
            usage: java -jar causality.jar keys create --app <app id> [--app <app id> ...] [--origin <https://host[:port]> ...] [--rate <events per second>]
                   java -jar causality.jar keys list
                   java -jar causality.jar keys revoke <id>
            NATS_URL (default nats://localhost:4222) says where the keys are.""";

    /** A mistake in the arguments: exit status 2 with the usage. */
    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            if (args.isEmpty()) {
                throw new UsageException("keys: say create, list or revoke");
            }
            return switch (args.get(0)) {
                case "create" -> create(args.subList(1, args.size()), out);
                case "list" -> list(args.subList(1, args.size()), out);
                case "revoke" -> revoke(args.subList(1, args.size()), out, err);
                default -> throw new UsageException("keys: unknown command '" + args.get(0) + "'");
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (Exception e) {
            err.println("keys: " + e.getMessage() + " (NATS_URL=" + natsUrl() + ")");
            return 1;
        }
    }

    private int create(List<String> args, PrintStream out) throws Exception {
        List<String> apps = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        int rate = 0;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (i + 1 >= args.size()) {
                throw new UsageException("keys create: " + flag + " needs a value");
            }
            String value = args.get(++i);
            switch (flag) {
                case "--app" -> {
                    if (!value.matches(EventValidator.APP_ID_RULE)) {
                        throw new UsageException("keys create: app id '" + value + "' must match " + EventValidator.APP_ID_RULE);
                    }
                    apps.add(value);
                }
                case "--origin" -> {
                    try {
                        origins.add(WriteKey.normaliseOrigin(value));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("keys create: " + e.getMessage());
                    }
                }
                case "--rate" -> {
                    try {
                        rate = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        rate = -1;
                    }
                    if (rate <= 0) {
                        throw new UsageException("keys create: --rate must be a positive number of events per second");
                    }
                }
                default -> throw new UsageException("keys create: unknown option " + flag);
            }
        }
        if (apps.isEmpty()) {
            throw new UsageException("keys create: at least one --app is required");
        }
        WriteKey.Created created = WriteKey.create(apps, origins, rate, System.currentTimeMillis());
        try (Connection nats = connect()) {
            bucket(nats).put(created.stored());
        }
        WriteKey stored = created.stored();
        out.println("Created write key " + stored.id() + " for apps " + String.join(", ", apps)
                + (origins.isEmpty() ? "" : ", origins " + String.join(", ", stored.origins()))
                + (rate > 0 ? ", " + rate + " events/s" : "") + ". The key is shown this once:");
        out.println(created.key());
        return 0;
    }

    private int list(List<String> args, PrintStream out) throws Exception {
        if (!args.isEmpty()) {
            throw new UsageException("keys list takes no arguments");
        }
        try (Connection nats = connect()) {
            out.printf("%-16s  %-30s  %-30s  %-10s  %s%n", "ID", "APPS", "ORIGINS", "RATE", "CREATED");
            for (WriteKey key : bucket(nats).list()) {
                out.printf("%-16s  %-30s  %-30s  %-10s  %s%n", key.id(), String.join(",", key.apps()),
                        key.origins().isEmpty() ? "-" : String.join(",", key.origins()),
                        key.rate() > 0 ? Integer.toString(key.rate()) : "unlimited",
                        Instant.ofEpochMilli(key.createdAtMs()));
            }
        }
        return 0;
    }

    private int revoke(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.size() != 1) {
            throw new UsageException("keys revoke takes one key id (see keys list)");
        }
        try (Connection nats = connect()) {
            if (!bucket(nats).revoke(args.get(0))) {
                err.println("keys revoke: no active write key with id " + args.get(0));
                return 1;
            }
        }
        out.println("Revoked write key " + args.get(0) + "; collectors refuse it within seconds.");
        return 0;
    }

    private static WriteKeyBucket bucket(Connection nats) throws Exception {
        return WriteKeyBucket.open(nats, Integer.parseInt(Commands.setting("NATS_STREAM_REPLICAS", "1")));
    }

    private static String natsUrl() {
        return Commands.setting("NATS_URL", "nats://localhost:4222");
    }

    private static Connection connect() throws Exception {
        try {
            return Nats.connect(Options.builder().server(natsUrl()).connectionName("causality-keys")
                    .connectionTimeout(Duration.ofSeconds(5)).maxReconnects(0).noReconnect().build());
        } catch (java.io.IOException e) {
            throw new java.io.IOException("cannot reach NATS: " + e.getMessage(), e);
        }
    }
}
