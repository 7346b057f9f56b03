package io.dynacart.store.versioning;

import static io.dynacart.store.versioning.Clocks.clock;
import static io.dynacart.store.versioning.Clocks.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example of the paper's figure 3 (section 4.4), with its names. */
class SeedExampleTest {

    private static final NodeId SX = node("Sx");
    private static final NodeId SY = node("Sy");
    private static final NodeId SZ = node("Sz");

    private static Versioned<String> write(NodeId at, Context context, List<Versioned<String>> local, String value) {
        return new Versioned<>(DottedVersionVector.forWrite(at, 0, context, local, VectorClock.DEFAULT_MAX_ENTRIES), value);
    }

    @Test
    void concurrentUpdatesAtSyAndSzAreReconciledByTheClientThroughSx() {
        Versioned<String> d1 = write(SX, Context.EMPTY, List.of(), "D1");
        assertThat(d1.version().clock()).isEqualTo(clock("Sx", 1));

        List<Versioned<String>> atSx = List.of(d1);
        Versioned<String> d2 = write(SX, Context.of(atSx), atSx, "D2");
        assertThat(d2.version().clock()).isEqualTo(clock("Sx", 2));
        assertThat(d1.compare(d2)).isEqualTo(Causality.BEFORE);
        atSx = Reconciliation.reconcile(atSx, d2);
        assertThat(atSx).containsExactly(d2);

        // D2 is replicated to Sy and Sz; two clients read it and update it through different nodes.
        Versioned<String> d3 = write(SY, Context.of(List.of(d2)), List.of(d2), "D3");
        Versioned<String> d4 = write(SZ, Context.of(List.of(d2)), List.of(d2), "D4");
        assertThat(d3.version().clock()).isEqualTo(clock("Sx", 2, "Sy", 1));
        assertThat(d4.version().clock()).isEqualTo(clock("Sx", 2, "Sz", 1));
        assertThat(d3.compare(d4)).isEqualTo(Causality.CONCURRENT);

        // A node that learns of both keeps both; a read returns them with one context.
        List<Versioned<String>> siblings = Reconciliation.reconcile(atSx, List.of(d3, d4));
        assertThat(siblings).containsExactlyInAnyOrder(d3, d4);
        Context context = Context.of(siblings);
        assertThat(context.clock()).isEqualTo(clock("Sx", 2, "Sy", 1, "Sz", 1));

        // The client reconciles and writes through Sx.
        Versioned<String> d5 = write(SX, context, siblings, "D5 = D3 + D4");
        assertThat(d5.version().clock()).isEqualTo(clock("Sx", 3, "Sy", 1, "Sz", 1));
        assertThat(d3.compare(d5)).isEqualTo(Causality.BEFORE);
        assertThat(d4.compare(d5)).isEqualTo(Causality.BEFORE);
        assertThat(Reconciliation.reconcile(siblings, d5)).containsExactly(d5);
    }
}
