package dev.causality;

import dev.causality.jetstream.DeadLetters;
import dev.causality.testsupport.NatsServer;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dlq replay} against a real nats-server: dead letters go back to EVENTS once; a dry run changes nothing. */
class DlqCommandTest {

    NatsServer nats;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void streams() throws Exception {
        nats = NatsServer.started();
        nats.management().addStream(StreamConfiguration.builder().name("EVENTS").subjects("events.>").build());
        nats.management().addStream(StreamConfiguration.builder().name(DeadLetters.STREAM)
                .subjects(DeadLetters.SUBJECT_PREFIX + "events.>").build());
        deadLetter("events.shop.screen.view", "first", "cannot decode");
        deadLetter("events.shop.interaction.button_tap", "second", "lake refused");
        deadLetter("events.shop.screen.view", "third", "cannot decode");
    }

    @AfterEach
    void stop() {
        nats.close();
    }

    @Test
    void dryRunListsTheDeadLettersAndChangesNothing() {
        assertEquals(0, dlq("replay", "--dry-run"), output());
        assertTrue(output().contains("would replay 3 dead letter(s)"), output());
        assertTrue(output().contains("to events.shop.interaction.button_tap (dead-lettered: lake refused)"), output());
        assertEquals(0, nats.messageCount("EVENTS"));
        assertEquals(3, nats.messageCount(DeadLetters.STREAM));
    }

    @Test
    void replayPutsEachDeadLetterBackOnce() {
        assertEquals(0, dlq("replay"), output());
        assertTrue(output().contains("replayed 3 dead letter(s)"), output());
        List<MessageInfo> events = nats.messages("EVENTS");
        assertEquals(List.of("events.shop.screen.view", "events.shop.interaction.button_tap", "events.shop.screen.view"),
                events.stream().map(MessageInfo::getSubject).toList());
        assertArrayEquals("second".getBytes(StandardCharsets.UTF_8), events.get(1).getData());
        MessageInfo replayed = events.get(0);
        assertEquals("original", replayed.getHeaders().getFirst("Causality-Received-At"), "the event's own headers stay");
        assertNull(replayed.getHeaders().getFirst(DeadLetters.REASON_HEADER), "the dead-letter headers go");
        assertEquals(0, nats.messageCount(DeadLetters.STREAM));

        out.reset();
        assertEquals(0, dlq("replay"), output());
        assertTrue(output().contains("replayed 0 dead letter(s)"), output());
        assertEquals(3, nats.messageCount("EVENTS"), "a second replay finds nothing to put back");
    }

    @Test
    void refusesAnythingElse() {
        assertEquals(2, dlq("purge"));
        assertEquals(2, dlq("replay", "--force"));
        assertEquals(0, nats.messageCount("EVENTS"));
    }

    private int dlq(String... args) {
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return DlqCommand.run(List.of(args), nats.url(), print, print);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private void deadLetter(String subject, String data, String reason) throws Exception {
        Headers headers = new Headers();
        headers.put("Causality-Received-At", "original");
        headers.put(DeadLetters.REASON_HEADER, reason);
        headers.put(DeadLetters.SEQUENCE_HEADER, "7");
        nats.client().jetStream().publish(NatsMessage.builder().subject(DeadLetters.SUBJECT_PREFIX + subject)
                .headers(headers).data(data.getBytes(StandardCharsets.UTF_8)).build());
    }
}
