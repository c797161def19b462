package dev.causality.bench;

import dev.causality.jetstream.EventPublisher;
import dev.causality.parquet.ParquetEventWriter;
import dev.causality.proto.v1.EventEnvelope;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The limits of the parts Causality is built on, measured with the same events. */
final class Ceilings {

    private Ceilings() {
    }

    /** Creates (or empties) a stream like EVENTS for raw publishing, so the ceilings pay what Causality pays. */
    static void resetStream(Connection nats, String name, String subjects) throws IOException, JetStreamApiException {
        var jsm = nats.jetStreamManagement();
        try {
            jsm.deleteStream(name);
        } catch (JetStreamApiException e) {
            // not there yet
        }
        jsm.addStream(StreamConfiguration.builder().name(name).subjects(subjects).storageType(StorageType.File)
                .duplicateWindow(Duration.ofMinutes(2)).build());
    }

    /**
     * Publishes every event asynchronously with at most {@code window} acks outstanding, each with a
     * Nats-Msg-Id and the receive-time header as Causality sends them; returns events per second.
     */
    static double asyncPublish(Connection nats, String subjectPrefix, List<EventMix.Stored> events, int window)
            throws Exception {
        JetStream js = nats.jetStream();
        ArrayDeque<CompletableFuture<PublishAck>> pending = new ArrayDeque<>(window);
        long start = System.nanoTime();
        long unique = System.nanoTime();
        for (int i = 0; i < events.size(); i++) {
            if (pending.size() >= window) {
                pending.poll().get();
            }
            EventMix.Stored event = events.get(i);
            pending.add(js.publishAsync(message(subjectPrefix, event),
                    PublishOptions.builder().messageId(unique + "-" + i).build()));
        }
        for (CompletableFuture<PublishAck> ack : pending) {
            ack.get();
        }
        return events.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** One publish, then wait for its ack, then the next: the design of the Go system Causality replaces. */
    static double syncPublish(Connection nats, String subjectPrefix, List<EventMix.Stored> events, Duration budget)
            throws IOException, JetStreamApiException {
        JetStream js = nats.jetStream();
        long start = System.nanoTime();
        long end = start + budget.toNanos();
        long unique = System.nanoTime();
        int sent = 0;
        while (sent < events.size() && System.nanoTime() < end) {
            js.publish(message(subjectPrefix, events.get(sent)), PublishOptions.builder().messageId(unique + "-" + sent).build());
            sent++;
        }
        return sent / ((System.nanoTime() - start) / 1e9);
    }

    private static NatsMessage message(String subjectPrefix, EventMix.Stored event) {
        Headers headers = new Headers();
        headers.put(EventPublisher.RECEIVED_AT_HEADER, Long.toString(System.currentTimeMillis()));
        String subject = subjectPrefix == null ? event.subject() : subjectPrefix + event.subject();
        return NatsMessage.builder().subject(subject).headers(headers).data(event.body()).build();
    }

    /**
     * The sink's Parquet writer writing the same rows to memory (payload JSON included), in files of
     * {@code batchSize} rows; rows per second.
     */
    static double parquetWriter(List<EventEnvelope> events, int batchSize, Duration budget) {
        ParquetEventWriter writer = new ParquetEventWriter("ZSTD");
        // as the sink gets them: the stored protobuf bytes
        List<ParquetEventWriter.Row> rows = events.stream().map(e -> ParquetEventWriter.Row.stored(e.toByteArray(),
                dev.causality.event.EventTimes.of(e.getTimestampMs(), e.getTimestampMs(), 0))).toList();
        long written = 0;
        long start = System.nanoTime();
        long end = start + budget.toNanos();
        int offset = 0;
        while (System.nanoTime() < end) {
            int to = Math.min(rows.size(), offset + batchSize);
            writer.write(rows.subList(offset, to));
            written += to - offset;
            offset = to >= rows.size() ? 0 : to;
        }
        return written / ((System.nanoTime() - start) / 1e9);
    }

    static Connection connect(String url) throws IOException, InterruptedException {
        return Nats.connect(url);
    }

}
