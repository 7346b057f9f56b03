package io.dynacart.store.transport;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One instance of every concrete {@link Message} record, found by walking the sealed hierarchy from
 * {@code Message.class.getPermittedSubclasses()}, so that a message added tomorrow is checked on every
 * network without anyone remembering to list it. Components are filled from {@link #value}: when a
 * new message has a component type it does not know, it fails and says which; teach it that type.
 */
public final class MessageSamples {

    private MessageSamples() {
    }

    /** The concrete message records, in declaration order of the sealed hierarchy. */
    static List<Class<?>> recordTypes() {
        List<Class<?>> out = new ArrayList<>();
        collect(Message.class, out);
        return out;
    }

    /** One sample of each concrete message record, its components all non-default. */
    public static List<Message> all() {
        return recordTypes().stream().map(MessageSamples::sample).toList();
    }

    private static void collect(Class<?> type, List<Class<?>> out) {
        if (type.isRecord()) {
            out.add(type);
        } else if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                collect(sub, out);
            }
        } else {
            throw new AssertionError(type.getName() + " is neither a record nor a sealed interface; messages are"
                    + " sealed families of records, and MessageSamples can build only those");
        }
    }

    static Message sample(Class<?> recordType) {
        return (Message) build(recordType);
    }

    /** A record of {@code recordType} (a message or a value a message holds) with every component filled. */
    private static Object build(Class<?> recordType) {
        RecordComponent[] components = recordType.getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            String where = recordType.getName() + "." + components[i].getName();
            args[i] = value(components[i].getGenericType(), where, i);
        }
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<?> canonical = recordType.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new AssertionError(recordType.getName() + " rejected the sample MessageSamples built ("
                    + e.getCause() + "); teach MessageSamples.value(...) to build a valid one", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot call the canonical constructor of " + recordType.getName(), e);
        }
    }

    /**
     * A value of {@code type} for the component {@code where}; {@code ordinal} keeps components apart.
     * A record type not known by name (a message's part, such as a node's hash) is built from its
     * own components.
     */
    private static Object value(Type type, String where, int ordinal) {
        if (type instanceof ParameterizedType parameterized) {
            Type raw = parameterized.getRawType();
            Type argument = parameterized.getActualTypeArguments()[0];
            if (raw == List.class) {
                return List.of(value(argument, where, ordinal));
            }
            if (raw == Versioned.class) {
                return new Versioned<>(version(ordinal), value(argument, where, ordinal));
            }
            if (raw == Optional.class) {
                return Optional.of(value(argument, where, ordinal));
            }
        } else if (type instanceof Class<?> c && c.isEnum()) {
            Object[] constants = c.getEnumConstants();
            return constants[ordinal % constants.length];
        } else if (type == boolean.class) {
            return true;
        } else if (type == long.class) {
            return 1_000L + ordinal;
        } else if (type == int.class || type == Integer.class) {
            return 2 + ordinal;

        } else if (type == String.class) {
            return "sample text " + ordinal;
        } else if (type == NodeId.class) {
            return NodeId.of("sample-" + ordinal);
        } else if (type == Key.class) {
            return Key.of("key-" + ordinal);
        } else if (type == Value.class) {
            return Value.of(new byte[] {1, 2, (byte) ordinal});
        } else if (type == Context.class) {
            return Context.of(List.of(new Versioned<>(version(ordinal), Value.TOMBSTONE)));
        } else if (type == byte[].class) {
            return new byte[] {1, 2, 3, (byte) ordinal};
        } else if (type == Quorum.class) {
            return new Quorum(5, 1, 4);
        } else if (type instanceof Class<?> record && record.isRecord()) {
            return build(record);
        }
        throw new AssertionError(where + " is of type " + type.getTypeName() + ", which MessageSamples cannot"
                + " build yet: add it to MessageSamples.value(...) so the new message is checked on every network");
    }

    private static DottedVersionVector version(int ordinal) {
        VectorClock past = VectorClock.of(new VectorClock.Entry(NodeId.of("past"), 3, 7));
        return new DottedVersionVector(new Dot(NodeId.of("writer-" + ordinal), 2, 1_234), past);
    }
}
