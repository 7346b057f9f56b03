package io.dynacart.store.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.budget.ByteBudget;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.tcp.PeerLink.State;
import io.netty.channel.DefaultEventLoopGroup;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The link's state machine moves only along its listed successors: a move not listed is refused and
 * leaves the state as it was, and CLOSED is final. No socket is opened: the moves tried are refused
 * before anything is entered, or enter CLOSED, which only lets go.
 */
class PeerLinkStatesTest {

    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(1);

    @AfterEach
    void stopLoops() {
        loops.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Test
    void theListedSuccessorsAreExactlyTheDiagramsMoves() {
        assertThat(State.IDLE.successors()).isEqualTo(EnumSet.of(State.CONNECTING, State.CLOSED));
        assertThat(State.CONNECTING.successors()).isEqualTo(EnumSet.of(State.READY, State.BACKING_OFF, State.CLOSED));
        assertThat(State.READY.successors()).isEqualTo(EnumSet.of(State.IDLE, State.BACKING_OFF, State.CLOSED));
        assertThat(State.BACKING_OFF.successors()).isEqualTo(EnumSet.of(State.IDLE, State.CLOSED));
        assertThat(State.CLOSED.successors()).isEmpty();
    }

    @Test
    void anIdleLinkRefusesEveryMoveButConnectingAndClosingAndStaysClosedOnceClosed() {
        PeerLink link = link();
        for (State s : EnumSet.of(State.IDLE, State.READY, State.BACKING_OFF)) {
            assertThatThrownBy(() -> link.moveTo(s)).as("IDLE -> %s", s).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot go from IDLE to " + s);
            assertThat(link.state()).isEqualTo(State.IDLE);
        }
        link.moveTo(State.CLOSED);
        for (State s : State.values()) {
            assertThatThrownBy(() -> link.moveTo(s)).as("CLOSED -> %s", s).isInstanceOf(IllegalStateException.class);
        }
        assertThat(link.state()).isEqualTo(State.CLOSED);
    }

    private PeerLink link() {
        TcpConfig config = TcpConfig.defaults(new InetSocketAddress("127.0.0.1", 0), id -> null, TcpNodes.SECRET);
        TcpEnvironment env = new TcpEnvironment(config, new ClusterAuth(config.clusterSecret()), new Counters(), loops,
                new ByteBudget(ByteBudget.MIN_LIMIT));
        return new PeerLink(NodeId.of("n1"), NodeId.of("n2"), env, () -> { });
    }
}
