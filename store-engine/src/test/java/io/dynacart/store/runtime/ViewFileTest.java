package io.dynacart.store.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.Member;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.membership.Proposals;
import io.dynacart.store.ring.Claim;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The bytes of the file a node keeps its membership view in: damage never reads as another view. */
class ViewFileTest {

    /** Three nodes, one of them under incarnation 2, and n4 joining. */
    static MembershipView sample() {
        Map<NodeId, Integer> weights = new TreeMap<>();
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            NodeId id = NodeId.of("n" + i);
            if (i < 4) {
                weights.put(id, i);
            }
            members.add(new Member(id, "10.0.0." + i + ":7201", "10.0.0." + i + ":7101", 1, 100 + i, 5).reborn(i == 2 ? 2 : 0,
                    100 + i));
        }
        MembershipView view = new MembershipView(members, Claim.initial(weights, 64, 3), null, 3);
        return Proposals.join(view, NodeId.of("n4"), 2);
    }

    /** Whatever bytes of a saved file are damaged, loading gives the saved view or refuses; never another view. */
    @Property(tries = 500)
    void damageIsNeverReadAsAnotherView(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0) Integer> positions,
                                        @ForAll byte replacement) {
        byte[] bytes = ViewFile.encode(sample());
        for (int p : positions) {
            bytes[p % bytes.length] = replacement;
        }
        boolean unchanged = Arrays.equals(bytes, ViewFile.encode(sample()));
        try {
            MembershipView read = ViewFile.decode(bytes);
            assertThat(unchanged).as("damaged bytes read back as a view").isTrue();
            assertThat(read).isEqualTo(sample());
        } catch (io.dynacart.store.encoding.DecodingException e) {
            assertThat(unchanged).as("the saved bytes themselves refused: " + e.getMessage()).isFalse();
        }
    }

}
