package io.dynacart.store.versioning;

import static io.dynacart.store.versioning.Clocks.entry;
import static io.dynacart.store.versioning.Clocks.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.identity.NodeId;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Counters and timestamps past the {@link ClockLimits} are refused wherever they enter, and the one
 * arithmetic step on a counter never wraps: issue 15's "a context can make a key unwritable".
 */
class ClockLimitsTest {

    private static final NodeId X = node("x");
    private static final long UNHELD = ClockLimits.MAX_UNHELD_COUNTER;

    private static Versioned<String> sibling(NodeId node, long counter) {
        return new Versioned<>(new DottedVersionVector(new Dot(node, counter, 5), VectorClock.EMPTY), "v" + counter);
    }

    private static Context context(NodeId node, long counter) {
        return new Context(VectorClock.of(entry(node.value(), counter, 5)));
    }

    private static DottedVersionVector write(Context context, List<Versioned<String>> local) {
        return DottedVersionVector.forWrite(X, 7, context, local, VectorClock.DEFAULT_MAX_ENTRIES);
    }

    /** The context of the issue: one entry whose counter is 2^63 - 1, in the wire form a client sends. */
    private static String contextAtLargestLong() {
        byte[] bytes = new ByteWriter(16).writeByte(1).writeVarint(1).writeByte(1).writeBytes(new byte[] {'x'})
                .writeVarint(Long.MAX_VALUE).writeVarint(0).toByteArray();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Test
    void theIssuesContextAtTheLargestLongIsRefusedWhenDecodedNamingTheLimit() {
        assertThatThrownBy(() -> Context.fromBase64Url(contextAtLargestLong()))
                .isInstanceOf(MalformedContextException.class)
                .hasMessageContaining("counter 9223372036854775807, above the limit of 2^62")
                .satisfies(e -> assertThat(((MalformedContextException) e).isPastClockLimits()).isTrue());
    }

    @Test
    void theLargestCountersAndTimestampsAreAcceptedAndOneMoreIsNot() {
        Context largest = new Context(VectorClock.of(entry("x", ClockLimits.MAX_COUNTER, ClockLimits.MAX_TIMESTAMP_MILLIS)));
        assertThat(Context.fromBase64Url(largest.toBase64Url())).isEqualTo(largest);

        assertThatThrownBy(() -> entry("x", ClockLimits.MAX_COUNTER + 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dot(X, ClockLimits.MAX_COUNTER + 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> entry("x", 1, ClockLimits.MAX_TIMESTAMP_MILLIS + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dot(X, 1, ClockLimits.MAX_TIMESTAMP_MILLIS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVersionTokenPastTheLimitsIsRefusedAsAContextIs() {
        byte[] bytes = new ByteWriter(16).writeByte(1).writeBytes(new byte[] {'x'}).writeVarint(ClockLimits.MAX_COUNTER + 1)
                .writeVarint(0).writeVarint(0).toByteArray();
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThatThrownBy(() -> VersionToken.decode(token)).isInstanceOf(MalformedContextException.class)
                .hasMessageContaining("above the limit of 2^62");
    }

    @Test
    void aContextCounterAbove2To53ThatTheKeyDoesNotHoldIsRefusedAndWritesNothing() {
        List<Versioned<String>> local = List.of(sibling(X, 3));

        assertThatThrownBy(() -> write(context(X, UNHELD + 1), local)).isInstanceOf(ClockLimitException.class)
                .hasMessageContaining("counter " + (UNHELD + 1) + " of x")
                .hasMessageContaining("above any this key holds (3)");
        assertThatThrownBy(() -> write(context(node("y"), ClockLimits.MAX_COUNTER), List.of()))
                .as("any node's entry: another coordinator would add one to it later")
                .isInstanceOf(ClockLimitException.class);
    }

    @Test
    void aContextCounterAbove2To53ThatTheKeyHoldsIsAContextTheStoreHandedOut() {
        List<Versioned<String>> local = List.of(sibling(X, UNHELD + 5));

        DottedVersionVector next = write(Context.of(local), local);

        assertThat(next.dot().counter()).isEqualTo(UNHELD + 6);
    }

    @Test
    void aContextCounterUpTo2To53IsAcceptedEvenWhenTheCoordinatorLagsBehindIt() {
        DottedVersionVector next = write(context(X, UNHELD), List.of(sibling(X, 2)));

        assertThat(next.dot().counter()).as("one more than the context, which the coordinator had not seen yet")
                .isEqualTo(UNHELD + 1);
    }

    @Test
    void aWriteThatWouldPassTheCounterLimitIsRefusedNeverWrapped() {
        List<Versioned<String>> atLimit = List.of(sibling(X, ClockLimits.MAX_COUNTER));

        assertThatThrownBy(() -> write(Context.EMPTY, atLimit)).isInstanceOf(ClockLimitException.class)
                .hasMessageContaining("cannot take it past the limit of 2^62");
        VectorClock full = VectorClock.of(entry("x", ClockLimits.MAX_COUNTER, 0));
        assertThatThrownBy(() -> full.increment(X, 0)).isInstanceOf(ClockLimitException.class);
    }

    @Test
    void aStoredOrShippedVersionPastTheLimitsIsReportedAsAClockLimitNotAsGarbage() {
        ByteWriter out = new ByteWriter(16).writeByte(1).writeBytes(new byte[] {'x'}).writeVarint(1)
                .writeVarint(ClockLimits.MAX_TIMESTAMP_MILLIS + 1).writeVarint(0);

        assertThatThrownBy(() -> ClockEncoding.readVersion(new io.dynacart.store.encoding.ByteReader(out.toByteArray()), 8))
                .isInstanceOf(ClockLimitException.class).hasMessageContaining("after the end of the year 9999");
    }
}
