package io.dynacart.web.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Who the lab's devices talk to and where its cut falls, for the clusters the demo can run. */
class LabTest {

    private static List<NodeId> nodes(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> NodeId.of("n" + i)).toList();
    }

    @Test
    void inOneZoneDeviceBTalksToTheFourthNodeAndTheCutLeavesTwoNodesWithA() {
        Lab.Layout layout = Lab.layout(nodes(5), n -> Zone.DEFAULT);
        assertThat(layout.a()).isEqualTo(NodeId.of("n1"));
        assertThat(layout.b()).isEqualTo(NodeId.of("n4"));
        assertThat(layout.sideA()).extracting(NodeId::value).containsExactly("n1", "n2");
        assertThat(layout.sideB()).extracting(NodeId::value).containsExactly("n3", "n4", "n5");
    }

    @Test
    void withZonesDeviceBTalksToANodeOfAnotherZoneThanA() {
        // The demo's --zones a,b,c: n1 and n4 in a, n2 and n5 in b, n3 in c. A key has one replica per
        // zone, so no key lives on both n1 and n4.
        Map<String, String> zones = Map.of("n1", "a", "n2", "b", "n3", "c", "n4", "a", "n5", "b");
        Lab.Layout layout = Lab.layout(nodes(5), n -> Zone.of(zones.get(n.value())));
        assertThat(layout.a()).isEqualTo(NodeId.of("n1"));
        assertThat(layout.b()).isEqualTo(NodeId.of("n5"));
        assertThat(layout.sideA()).extracting(NodeId::value).containsExactly("n1", "n2");
        assertThat(layout.sideB()).extracting(NodeId::value).containsExactly("n3", "n4", "n5");
    }

    @Test
    void withThreeNodesDeviceBIsAloneOnItsSide() {
        Lab.Layout layout = Lab.layout(nodes(3), n -> Zone.DEFAULT);
        assertThat(layout.b()).isEqualTo(NodeId.of("n3"));
        assertThat(layout.sideB()).extracting(NodeId::value).containsExactly("n3");
    }

    @Test
    void aSessionsTagIsShortStableAndNotTheSessionId() {
        String session = "a8jahFfifJ87Die-pKuEM3Vb";
        assertThat(Lab.tag(session)).hasSize(12).isEqualTo(Lab.tag(session)).doesNotContain(session.substring(0, 6))
                .isNotEqualTo(Lab.tag(session + "x"));
    }

    @Test
    void thePapersSixStepsLeadThroughTheStatesInOrder() {
        PaperExample.State state = PaperExample.State.FRESH;
        for (PaperExample.Script step : PaperExample.SCRIPT) {
            assertThat(state.successors()).containsExactly(step.reaches());
            state = step.reaches();
        }
        assertThat(state).isEqualTo(PaperExample.State.D5_WRITTEN);
        assertThat(state.successors()).isEmpty();
        assertThat(PaperExample.SCRIPT.get(3).paperClock()).isEqualTo("[(Sx, 2), (Sz, 1)]");
    }
}
