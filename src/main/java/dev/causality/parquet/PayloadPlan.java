package dev.causality.parquet;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How to print one protobuf message type as JSON straight from its wire bytes, exactly as
 * {@code JsonFormat} (proto field names, fields without presence printed, no whitespace) prints the
 * parsed message: its fields in number order, each with its JSON key already encoded. Built once per
 * message type from its descriptor. A type with a field kind this printer does not know (bytes,
 * unsigned or fixed integers, oneofs, maps of messages...) is {@link #supported() not supported}:
 * its events take the protobuf path, so a change to the .proto can make the sink slower, never
 * wrong.
 */
final class PayloadPlan {

    enum Kind { STRING, BOOL, INT32, INT64, FLOAT, DOUBLE, ENUM, MESSAGE }

    /** One field: its number, kind, the bytes {@code "name":}, and what its values need. */
    static final class Field {
        final int number;
        final Kind kind;
        final boolean repeated;
        final boolean map;
        final byte[] key;
        /** MESSAGE: the nested type's plan; map: the entry type's plan (key field 1, value field 2). */
        PayloadPlan nested;
        /** ENUM: the quoted name of each value number, or null for a number the type does not name. */
        final Map<Integer, byte[]> enumNames = new HashMap<>();

        Field(int number, Kind kind, boolean repeated, boolean map, String name) {
            this.number = number;
            this.kind = kind;
            this.repeated = repeated;
            this.map = map;
            this.key = ("\"" + name + "\":").getBytes(StandardCharsets.UTF_8);
        }
    }

    private static final Map<Descriptor, PayloadPlan> PLANS = new HashMap<>();

    final Field[] fields;           // in number order
    private final Field[] byNumber; // index = field number (small numbers only), null where none
    private boolean supported = true;

    private PayloadPlan(int fieldCount, int maxNumber) {
        this.fields = new Field[fieldCount];
        this.byNumber = new Field[maxNumber + 1];
    }

    /** The plan of a message type (built on first use; the types form a small fixed set). */
    static synchronized PayloadPlan of(Descriptor type) {
        PayloadPlan plan = PLANS.get(type);
        if (plan == null) {
            plan = build(type);
        }
        return plan;
    }

    boolean supported() {
        return supported;
    }

    /** The field of this number, or null if the type has none (an unknown field). */
    Field field(int number) {
        return number > 0 && number < byNumber.length ? byNumber[number] : null;
    }

    private static PayloadPlan build(Descriptor type) {
        List<FieldDescriptor> declared = type.getFields().stream()
                .sorted((a, b) -> Integer.compare(a.getNumber(), b.getNumber())).toList();
        int maxNumber = declared.stream().mapToInt(FieldDescriptor::getNumber).max().orElse(0);
        if (maxNumber > 4096) {
            PayloadPlan plan = new PayloadPlan(0, 0);
            plan.supported = false;
            PLANS.put(type, plan);
            return plan;
        }
        PayloadPlan plan = new PayloadPlan(declared.size(), maxNumber);
        PLANS.put(type, plan); // before the nested types: a type may contain itself
        for (int i = 0; i < declared.size(); i++) {
            FieldDescriptor descriptor = declared.get(i);
            Kind kind = kind(descriptor);
            boolean isMap = descriptor.isMapField();
            boolean presence = descriptor.hasPresence() && kind != Kind.MESSAGE; // proto3 'optional'
            if (kind == null || presence || descriptor.getRealContainingOneof() != null || descriptor.isPacked()
                    || (descriptor.isRepeated() && !isMap && kind != Kind.STRING && kind != Kind.MESSAGE)) {
                plan.supported = false;
                continue;
            }
            Field field = new Field(descriptor.getNumber(), kind, descriptor.isRepeated(), isMap, descriptor.getName());
            if (kind == Kind.MESSAGE) {
                field.nested = of(descriptor.getMessageType());
                if (isMap) {
                    Field mapKey = field.nested.field(1);
                    Field mapValue = field.nested.field(2);
                    if (mapKey == null || mapKey.kind != Kind.STRING || mapValue == null || mapValue.kind == Kind.MESSAGE) {
                        plan.supported = false;
                    }
                }
                plan.supported &= field.nested.supported;
            } else if (kind == Kind.ENUM) {
                for (EnumValueDescriptor value : descriptor.getEnumType().getValues()) {
                    field.enumNames.putIfAbsent(value.getNumber(),
                            ("\"" + value.getName() + "\"").getBytes(StandardCharsets.UTF_8));
                }
            }
            plan.fields[i] = field;
            plan.byNumber[field.number] = field;
        }
        return plan;
    }

    private static Kind kind(FieldDescriptor field) {
        return switch (field.getType()) {
            case STRING -> Kind.STRING;
            case BOOL -> Kind.BOOL;
            case INT32 -> Kind.INT32;
            case INT64 -> Kind.INT64;
            case FLOAT -> Kind.FLOAT;
            case DOUBLE -> Kind.DOUBLE;
            case ENUM -> Kind.ENUM;
            case MESSAGE -> Kind.MESSAGE;
            default -> null; // bytes, unsigned, zigzag and fixed integers, groups: not needed by our payloads
        };
    }
}
