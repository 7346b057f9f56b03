package io.dynacart.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.SiblingLimitException;
import io.dynacart.store.api.SiblingsTooLargeException;
import io.dynacart.store.api.TooManySiblingsException;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.storage.SiblingCodec;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.transport.ReplicationMessage;
import io.dynacart.store.versioning.ClockLimits;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SiblingLimitsTest {

    private static final SiblingLimits THREE_AND_ONE_MIB = new SiblingLimits(3, Value.MAX_BYTES);
    private static final NodeId COORDINATOR = NodeId.of("x");

    /**
     * With caps of 3 siblings and 1 MiB: the key holds {@code held} (value sizes, {@code t} a
     * tombstone, {@code -} nothing); a put with a context covering {@code covers} of them (blind,
     * the first, all) writes {@code value}; it is accepted with the siblings and bytes given, or
     * refused with 409 or 413.
     */
    @ParameterizedTest(name = "holds [{0}], put covering {1} of {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "-                      | blind | 10      | 1 10",
        "10 20                  | blind | 30      | 3 60",
        "10 20 30               | blind | 1       | 409",
        "t t t                  | blind | t       | 409",
        "10 20 30               | first | 5       | 3 55",
        "10 20 30               | all   | 1048576 | 1 1048576",
        "524288 524287          | blind | 1       | 3 1048576",
        "524288 524288          | blind | 1       | 413",
        "1048576                | blind | 1       | 413",
        "1048576                | all   | 1048576 | 1 1048576",
        "524288 524288          | all   | t       | 1 0",
        "600000 600000 600000 1 | first | 10      | 409",
        "600000 600000 1        | first | 600000  | 413",
        "600000 600000 600000 1 | all   | 10      | 1 10",
    })
    void aPutIsAcceptedOnlyIfTheSetItLeavesIsWithinBothCaps(String held, String covers, String value, String expected) {
        List<Versioned<Value>> siblings = siblings(held);
        Context context = switch (covers) {
            case "blind" -> Context.EMPTY;
            case "first" -> Context.of(siblings.subList(0, 1));
            default -> Context.of(siblings);
        };
        Versioned<Value> put = new Versioned<>(DottedVersionVector.forWrite(COORDINATOR, 9, context, siblings, 10),
                value(value.trim()));

        if (expected.equals("409")) {
            assertThatThrownBy(() -> THREE_AND_ONE_MIB.check(siblings, put)).isInstanceOf(TooManySiblingsException.class)
                    .hasMessageContaining("at most 3 are allowed").hasMessageContaining(SiblingLimitException.RESOLVE);
        } else if (expected.equals("413")) {
            assertThatThrownBy(() -> THREE_AND_ONE_MIB.check(siblings, put)).isInstanceOf(SiblingsTooLargeException.class)
                    .hasMessageContaining("at most 1048576 are allowed").hasMessageContaining(SiblingLimitException.RESOLVE);
        } else {
            List<Versioned<Value>> result = THREE_AND_ONE_MIB.check(siblings, put);
            String[] counts = expected.split(" ");
            assertThat(result).as("siblings after the put").hasSize(Integer.parseInt(counts[0])).contains(put);
            assertThat(SiblingLimits.valueBytes(result)).as("bytes of values after the put")
                    .isEqualTo(Long.parseLong(counts[1]));
        }
    }

    @Test
    void capsMustLetAPutResolvingEverySiblingWithTheLargestValueThrough() {
        assertThatThrownBy(() -> new SiblingLimits(0, Value.MAX_BYTES)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SiblingLimits(1, Value.MAX_BYTES - 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least the value limit of 1048576 bytes");
    }

    @Test
    void theDefaultsAre100SiblingsAnd2MiBAndShrinkToFitALargerN() {
        assertThat(SiblingLimits.fitting(3, 10)).isEqualTo(new SiblingLimits(100, 2 << 20));
        assertThat(CoordinatorConfig.DEFAULT.siblingLimits()).isEqualTo(SiblingLimits.DEFAULT);
        assertThat(SiblingLimits.fitting(5, 10).maxBytes()).isEqualTo(3 << 19);
        assertThat(SiblingLimits.fitting(7, 10).maxBytes()).isEqualTo(Value.MAX_BYTES);
        assertThat(new CoordinatorConfig(new Quorum(5, 3, 3), 1000, 10, 0).siblingLimits().maxBytes()).isEqualTo(3 << 19);
        assertThatThrownBy(() -> SiblingLimits.fitting(8, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use fewer replicas");
        int entries = io.dynacart.store.versioning.VectorClock.DEFAULT_MAX_ENTRIES;
        assertThat(SiblingLimits.fitting(3, entries)).as("the defaults fit clocks of the default size").isEqualTo(SiblingLimits.DEFAULT);
        assertThatThrownBy(() -> SiblingLimits.fitting(7, entries)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConfigWhoseCapsWouldLetAMergeOutgrowAFrameIsRefused() {
        assertThatThrownBy(() -> CoordinatorConfig.DEFAULT.withSiblingLimits(new SiblingLimits(100, 3L << 20)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a merge of N=3 replicas' capped siblings need 10112020 bytes");
        assertThat(CoordinatorConfig.DEFAULT.withSiblingLimits(new SiblingLimits(300, 2L << 20)).siblingLimits().maxSiblings())
                .as("300 siblings' clocks (24 entries each) still fit beside three 2 MiB sets").isEqualTo(300);
        assertThatThrownBy(() -> CoordinatorConfig.DEFAULT.withSiblingLimits(new SiblingLimits(1000, 2L << 20)))
                .as("1000 do not").isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The arithmetic of the class comment holds for real bytes: three coordinators' sets, each at both
     * caps and with every clock as large as the codecs allow (64-character node ids, counters 2^62,
     * timestamps in 9999), merged and sent under a 1 KiB key, fit a frame and an append-log record.
     */
    @Test
    void threeCappedSetsWithTheLargestClocksFitAFrameAndALogRecord() {
        SiblingLimits caps = SiblingLimits.DEFAULT;
        List<Versioned<Value>> merged = new ArrayList<>();
        for (int coordinator = 0; coordinator < 3; coordinator++) {
            merged.addAll(cappedSet(coordinator, caps));
        }
        byte[] frame = MessageCodec.encode(new ReplicationMessage.Write(Long.MIN_VALUE, Key.of(new byte[Key.MAX_LENGTH]),
                merged));

        assertThat((long) frame.length).as("the bound computed for three capped sets")
                .isLessThanOrEqualTo(caps.worstMergedFrameBytes(3, 10));
        assertThat(caps.worstMergedFrameBytes(3, 10)).as("the arithmetic of the class comment").isEqualTo(6_626_092)
                .isLessThanOrEqualTo(MessageCodec.MAX_FRAME_BYTES);
        assertThat(SiblingCodec.encode(merged).length).as("the same set in one append-log record")
                .isLessThanOrEqualTo(SiblingCodec.MAX_LOGGED_BYTES);
    }

    /** {@code maxSiblings} versions of {@code coordinator}'s, their values adding up to {@code maxBytes}. */
    private static List<Versioned<Value>> cappedSet(int coordinator, SiblingLimits caps) {
        List<VectorClock.Entry> past = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            past.add(new VectorClock.Entry(NodeId.of(longId('p', i)), ClockLimits.MAX_COUNTER, ClockLimits.MAX_TIMESTAMP_MILLIS));
        }
        List<Versioned<Value>> set = new ArrayList<>();
        long left = caps.maxBytes();
        for (int i = 0; i < caps.maxSiblings(); i++) {
            int size = (int) (left / (caps.maxSiblings() - i));
            left -= size;
            Dot dot = new Dot(NodeId.of(longId((char) ('a' + coordinator), 0)), ClockLimits.MAX_COUNTER - i,
                    ClockLimits.MAX_TIMESTAMP_MILLIS);
            set.add(new Versioned<>(new DottedVersionVector(dot, new VectorClock(past)), Value.of(new byte[size])));
        }
        return set;
    }

    private static String longId(char first, int n) {
        String digits = Integer.toString(n);
        return first + "x".repeat(NodeId.MAX_LENGTH - 1 - digits.length()) + digits;
    }

    private static List<Versioned<Value>> siblings(String held) {
        List<Versioned<Value>> out = new ArrayList<>();
        if (held.trim().equals("-")) {
            return out;
        }
        String[] values = held.trim().split("\\s+");
        for (int i = 0; i < values.length; i++) {
            Dot dot = new Dot(NodeId.of("n" + i), 1, 5);
            out.add(new Versioned<>(new DottedVersionVector(dot, VectorClock.EMPTY), value(values[i])));
        }
        return out;
    }

    private static Value value(String spec) {
        return spec.equals("t") ? Value.TOMBSTONE : Value.of(new byte[Integer.parseInt(spec)]);
    }
}
