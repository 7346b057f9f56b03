package io.dynacart.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    @Test
    void readsTheIssuesExampleInTimeOrder() {
        FaultSchedule s = FaultSchedule.parse("20s:stop n3, 40s:restart n3, 60s:partition n1,n2|n3,n4,n5, 80s:heal");
        assertThat(s.faults()).containsExactly(
                new ScheduledFault(Duration.ofSeconds(20), new FaultAction.Stop(NodeId.of("n3"))),
                new ScheduledFault(Duration.ofSeconds(40), new FaultAction.Restart(NodeId.of("n3"))),
                new ScheduledFault(Duration.ofSeconds(60), new FaultAction.Partition(List.of(
                        Set.of(NodeId.of("n1"), NodeId.of("n2")), Set.of(NodeId.of("n3"), NodeId.of("n4"), NodeId.of("n5"))))),
                new ScheduledFault(Duration.ofSeconds(80), new FaultAction.Heal()));
    }

    @Test
    void everyActionAndUnitParsesAndWritesBackTheSameSchedule() {
        String text = "1500ms:wipe n2, 2s:join n6, 0.5m:leave n1, 1m:partition n1|n2,n3, 61s:heal";
        FaultSchedule s = FaultSchedule.parse(text);
        assertThat(s.faults()).extracting(f -> f.at().toMillis()).containsExactly(1500L, 2000L, 30_000L, 60_000L, 61_000L);
        assertThat(FaultSchedule.parse(s.text())).as("text() parses back to the same schedule").isEqualTo(s);
    }

    @Test
    void blankIsTheEmptySchedule() {
        assertThat(FaultSchedule.parse("  ").isEmpty()).isTrue();
        assertThat(FaultSchedule.parse(null).isEmpty()).isTrue();
    }

    @Test
    void anUnknownActionIsNamedWithItsPosition() {
        assertThatThrownBy(() -> FaultSchedule.parse("20s:stop n3, 40s:reboot n3"))
                .isInstanceOf(FaultSyntaxException.class)
                .hasMessageContaining("\"reboot\"").hasMessageContaining("position 18")
                .satisfies(e -> assertThat(((FaultSyntaxException) e).position()).isEqualTo(18));
    }

    @Test
    void aBadTimeABadNodeAndAMissingColonAreNamed() {
        assertThatThrownBy(() -> FaultSchedule.parse("20x:stop n3")).hasMessageContaining("\"20x\"")
                .hasMessageContaining("position 1");
        assertThatThrownBy(() -> FaultSchedule.parse("20s:stop node3")).hasMessageContaining("\"node3\"")
                .hasMessageContaining("position 10");
        assertThatThrownBy(() -> FaultSchedule.parse("20s stop n3")).hasMessageContaining("no ':'");
        assertThatThrownBy(() -> FaultSchedule.parse("20s:stop")).hasMessageContaining("stop needs a node");
        assertThatThrownBy(() -> FaultSchedule.parse("5s:heal n1")).hasMessageContaining("heal takes no argument");
    }

    @Test
    void aPartitionNeedsTwoGroupsOfDistinctNodes() {
        assertThatThrownBy(() -> FaultSchedule.parse("5s:partition n1,n2")).hasMessageContaining("at least two groups");
        assertThatThrownBy(() -> FaultSchedule.parse("5s:partition n1,n2|n2,n3")).hasMessageContaining("one partition group only")
                .hasMessageContaining("\"n2\" at position 20");
        assertThatThrownBy(() -> FaultSchedule.parse("5s:partition n1,|n3")).hasMessageContaining("position 17");
    }

    @Test
    void everyKindOfFaultActionIsWrittenAndReadBackBySchedules() {
        NodeId n3 = NodeId.of("n3");
        List<FaultAction> samples = List.of(new FaultAction.Stop(n3), new FaultAction.Restart(n3), new FaultAction.Wipe(n3),
                new FaultAction.Partition(List.of(Set.of(NodeId.of("n1")), Set.of(n3))), new FaultAction.Heal(),
                new FaultAction.Join(NodeId.of("n6")), new FaultAction.Leave(n3),
                new FaultAction.LossyLinks(0.17347283740000001, 0.05, 30), new FaultAction.CleanLinks(),
                new FaultAction.CutOffReplicas(Key.of("k12")), new FaultAction.CutZone(Zone.of("eu-west.1")));
        assertThat(samples.stream().map(Object::getClass).toList())
                .as("a sample of every permitted subclass").containsExactlyInAnyOrder(FaultAction.class.getPermittedSubclasses());
        for (FaultAction a : samples) {
            assertThat(FaultSchedule.parse("1s:" + a.text()).faults().get(0).action()).isEqualTo(a);
        }
    }

    @Test
    void theSimulatorsLinkFaultsHaveASyntaxWithNamedErrors() {
        assertThat(FaultSchedule.parse("2s:lossy drop 0.1 duplicate 0.05 delay 30ms, 3s:clean, 4s:cut-replicas k7").faults())
                .extracting(ScheduledFault::action).containsExactly(new FaultAction.LossyLinks(0.1, 0.05, 30),
                        new FaultAction.CleanLinks(), new FaultAction.CutOffReplicas(Key.of("k7")));
        assertThatThrownBy(() -> FaultSchedule.parse("2s:lossy drop 1.5 duplicate 0 delay 0ms"))
                .isInstanceOf(FaultSyntaxException.class).hasMessageContaining("a rate is a number from 0 to 1")
                .hasMessageContaining("\"1.5\" at position 15");
        assertThatThrownBy(() -> FaultSchedule.parse("2s:lossy 0.1")).hasMessageContaining("lossy takes drop RATE");
        assertThatThrownBy(() -> FaultSchedule.parse("2s:lossy drop 0.1 duplicate 0 delay 30x"))
                .hasMessageContaining("\"30x\"");
        assertThatThrownBy(() -> FaultSchedule.parse("2s:clean up")).hasMessageContaining("clean takes no argument");
        assertThatThrownBy(() -> FaultSchedule.parse("2s:cut-replicas")).hasMessageContaining("cut-replicas needs a key");
    }

    @Test
    void aZoneCutNamesItsZone() {
        assertThat(FaultSchedule.parse("2s:cut-zone b, 9s:heal").faults()).extracting(ScheduledFault::action)
                .containsExactly(new FaultAction.CutZone(Zone.of("b")), new FaultAction.Heal());
        assertThatThrownBy(() -> FaultSchedule.parse("2s:cut-zone")).hasMessageContaining("cut-zone needs a zone");
        assertThatThrownBy(() -> FaultSchedule.parse("2s:cut-zone a/b")).hasMessageContaining("cut-zone needs a zone")
                .hasMessageContaining("\"a/b\" at position 13");
    }

    @Test
    void theNodesAnActionNamesAreListed() {
        NodeId n1 = NodeId.of("n1");
        NodeId n2 = NodeId.of("n2");
        assertThat(new FaultAction.Stop(n1).nodes()).containsExactly(n1);
        assertThat(new FaultAction.Partition(List.of(Set.of(n1), Set.of(n2))).nodes()).containsExactlyInAnyOrder(n1, n2);
        assertThat(new FaultAction.Heal().nodes()).isEmpty();
    }
}
