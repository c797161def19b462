package dev.causality.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The two encodings of the API: binary protobuf and protobuf JSON. A response is written in the
 * format, and with the media type, of its request.
 */
public enum WireFormat {
    PROTOBUF, JSON;

    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser();
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer()
            .alwaysPrintFieldsWithNoPresence()
            .omittingInsignificantWhitespace();

    /** The format of a Content-Type header value, or null when the API does not speak it. */
    public static WireFormat ofContentType(String contentType) {
        String mediaType = mediaType(contentType);
        return switch (mediaType) {
            case "application/x-protobuf", "application/protobuf", "application/octet-stream" -> PROTOBUF;
            // text/plain: navigator.sendBeacon's body without a preflight, holding protobuf JSON
            case "application/json", "text/plain" -> JSON;
            default -> null;
        };
    }

    /** The media type of a Content-Type header value: lower-cased, without parameters. */
    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }

    public <B extends Message.Builder> B parse(byte[] body, B builder) throws InvalidProtocolBufferException {
        if (this == PROTOBUF) {
            builder.mergeFrom(body);
        } else {
            JSON_PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
        }
        return builder;
    }

    public byte[] write(Message message) {
        if (this == PROTOBUF) {
            return message.toByteArray();
        }
        try {
            return JSON_PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }
}
