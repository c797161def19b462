package dev.causality.ingest;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.causality.validate.Violation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Counts the events of a batch body before it is parsed, and refuses one over the limit then: a
 * 4 KB gzip body inflates to a JSON array of a million {@code {}}, and parsing it built a million
 * events (and a JSON tree of them) before the count was ever checked. Both passes skip what they do
 * not count and stop at the first event over the limit; neither builds anything.
 */
public final class BatchSize {

    /** IngestEventBatchRequest.events: field 1, length-delimited. */
    private static final int EVENTS_TAG = (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final String EVENTS_JSON = "events";

    private BatchSize() {
    }

    /** Throws a 400 when the batch holds more than {@code max} events; malformed bodies are left to the parser. */
    public static void check(dev.causality.ingest.WireFormat format, byte[] body, int max) {
        try {
            if (format == dev.causality.ingest.WireFormat.PROTOBUF) {
                protobuf(body, max);
            } else {
                json(body, max);
            }
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // malformed: the parser that runs next says how, in the API's words
        }
    }

    private static void protobuf(byte[] body, int max) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(body);
        int count = 0;
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (tag == EVENTS_TAG && ++count > max) {
                throw tooMany(max);
            }
            in.skipField(tag);
        }
    }

    private static void json(byte[] body, int max) throws IOException {
        JsonReader reader = new JsonReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        reader.setStrictness(Strictness.LENIENT); // never stricter than the parser
        if (reader.peek() != JsonToken.BEGIN_OBJECT) {
            return;
        }
        reader.beginObject();
        int count = 0;
        while (reader.hasNext()) {
            if (EVENTS_JSON.equals(reader.nextName()) && reader.peek() == JsonToken.BEGIN_ARRAY) {
                reader.beginArray();
                while (reader.hasNext()) {
                    if (++count > max) {
                        throw tooMany(max);
                    }
                    reader.skipValue();
                }
                reader.endArray();
            } else {
                reader.skipValue();
            }
        }
    }

    static ApiException tooMany(int max) {
        return new ApiException(400, "invalid_request", "a batch holds 1 to " + max + " events",
                List.of(new Violation("events", "has more than " + max + " events")));
    }
}
