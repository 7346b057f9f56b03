package io.dynacart.store.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.dynacart.testing.Simulated;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A replica whose storage throws answers the coordinator that it failed, instead of staying silent:
 * a request that can no longer reach its quorum fails within a few round trips, with the same error
 * a quorum failure at the deadline gives, and one that still can succeeds without waiting for the
 * failed replica.
 */
@Simulated
class ReplicaFailureSimTest {

    private static final long SEED = 17;
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");
    /** Far below the request timeout: a few round trips of the simulated network (1-4 ms each way). */
    private static final long FAST_MILLIS = 50;

    private final SimScheduler scheduler = new SimScheduler();
    private final SimCluster cluster = new SimCluster(List.of(N1, N2, N3), scheduler, new SplittableRandom(SEED),
            CoordinatorConfig.DEFAULT, FailingStorage::new);

    @Test
    void aPutAndAGetWhoseReplicasStorageFailsFailFastWithTheQuorumError() {
        CompletableFuture<Context> written = cluster.client(N1).put(Key.of("k"), Context.EMPTY, bytes("v"));
        scheduler.await(written);
        storage(N2).fail();
        storage(N3).fail();

        long before = scheduler.now();
        CompletableFuture<Context> put = cluster.client(N1).put(Key.of("k"), Context.EMPTY, bytes("w"));
        assertThatThrownBy(() -> scheduler.await(put)).as("seed %d: W=2 cannot be reached", SEED)
                .isInstanceOf(QuorumNotReachedException.class).hasMessageContaining("needed 2 replicas");
        assertThat(scheduler.now() - before).as("virtual ms to the put's answer (timeout %d ms)",
                CoordinatorConfig.DEFAULT.timeoutMillis()).isLessThan(FAST_MILLIS);

        before = scheduler.now();
        CompletableFuture<GetResult> get = cluster.client(N1).get(Key.of("k"));
        assertThatThrownBy(() -> scheduler.await(get)).as("seed %d: R=2 cannot be reached", SEED)
                .isInstanceOf(QuorumNotReachedException.class).hasMessageContaining("needed 2 replicas");
        assertThat(scheduler.now() - before).as("virtual ms to the get's answer").isLessThan(FAST_MILLIS);
    }

    @Test
    void aReplicaWhoseStorageFailsLeavesAQuorumThatCanStillBeReached() {
        storage(N3).fail();
        CompletableFuture<Context> put = cluster.client(N1).put(Key.of("k"), Context.EMPTY, bytes("v"));
        assertThat(scheduler.await(put)).as("seed %d: n1 and n2 make W=2", SEED).isNotNull();
        CompletableFuture<GetResult> get = cluster.client(N1).get(Key.of("k"));
        assertThat(scheduler.await(get).siblings()).as("seed %d: n1 and n2 make R=2", SEED).hasSize(1);
    }

    @Test
    void theErrorIsTheOneADeadlineGivesWhenTheReplicasAreSilent() {
        storage(N2).fail();
        storage(N3).fail();
        CompletableFuture<Context> failed = cluster.client(N1).put(Key.of("k"), Context.EMPTY, bytes("v"));
        Throwable fast = catchCause(failed);

        SimScheduler otherScheduler = new SimScheduler();
        SimCluster silent = new SimCluster(List.of(N1, N2, N3), otherScheduler, new SplittableRandom(SEED),
                CoordinatorConfig.DEFAULT);
        silent.crash(N2);
        silent.crash(N3);
        CompletableFuture<Context> timedOut = silent.client(N1).put(Key.of("k"), Context.EMPTY, bytes("v"));
        Throwable slow;
        try {
            otherScheduler.await(timedOut);
            throw new AssertionError("a put with both other replicas down succeeded");
        } catch (QuorumNotReachedException e) {
            slow = e;
        }
        assertThat(fast).isInstanceOf(QuorumNotReachedException.class).hasMessage(slow.getMessage());
    }

    private Throwable catchCause(CompletableFuture<?> future) {
        try {
            scheduler.await(future);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("seed " + SEED + ": the request succeeded");
    }

    private FailingStorage storage(NodeId id) {
        return (FailingStorage) cluster.storage(id);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
