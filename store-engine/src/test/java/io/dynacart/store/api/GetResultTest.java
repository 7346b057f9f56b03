package io.dynacart.store.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which replica replied first travels with a result but is not part of what was read. */
class GetResultTest {

    private static final Key KEY = Key.of("cart:1");

    @Test
    void resultsThatReadTheSameAreEqualWhicheverReplicaRepliedFirst() {
        GetResult viaN1 = GetResult.of(KEY, List.of()).withFastestReplica(NodeId.of("n1"));
        GetResult viaN2 = GetResult.of(KEY, List.of()).withFastestReplica(NodeId.of("n2"));
        assertThat(viaN1).isEqualTo(viaN2).hasSameHashCodeAs(viaN2).isEqualTo(GetResult.of(KEY, List.of()));
        assertThat(viaN1.fastestReplica()).contains(NodeId.of("n1"));
        assertThat(GetResult.of(KEY, List.of()).fastestReplica()).as("the old factories name none").isEmpty();
    }

    @Test
    void resultsThatReadDifferentThingsDiffer() {
        GetResult found = new GetResult(KEY, List.of(), Context.EMPTY, false, Optional.empty());
        assertThat(found).isNotEqualTo(new GetResult(KEY, List.of(), Context.EMPTY, true));
        assertThat(found).isNotEqualTo(new GetResult(Key.of("cart:2"), List.of(), Context.EMPTY, false));
    }
}
