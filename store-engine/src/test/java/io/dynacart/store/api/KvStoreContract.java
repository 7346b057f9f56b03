package io.dynacart.store.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.storage.ValueTooLargeException;
import io.dynacart.store.versioning.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What every {@link KvStore} promises a client, whatever is behind it. Bound to a simulated cluster
 * ({@code SimKvStoreTest}) and, with the TCP runtime, to real nodes. A binding gives a store per
 * node of a cluster of at least three, and a way to wait for an answer.
 */
public abstract class KvStoreContract {

    /** The store as seen through node {@code i} (0-based) of the cluster. */
    protected abstract KvStore store(int i);

    /** The answer of {@code future}, once the cluster has produced it. */
    protected abstract <T> T await(CompletableFuture<T> future);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(GetResult r) {
        return r.values().stream().map(b -> new String(b, StandardCharsets.UTF_8)).sorted().toList();
    }

    private String prefix = "";

    /** Keys are named after the test, so that a binding may share one cluster between tests. */
    @BeforeEach
    void nameKeysAfterTheTest(TestInfo test) {
        prefix = test.getTestMethod().map(m -> m.getName()).orElse("test") + "/";
    }

    private Key key(String name) {
        return Key.of(prefix + name);
    }

    private GetResult get(int node, String key) {
        return await(store(node).get(key(key)));
    }

    private Context put(int node, String key, Context context, String value) {
        return await(store(node).put(key(key), context, bytes(value)));
    }

    @Test
    void anUnknownKeyIsNotFound() {
        GetResult r = get(0, "nobody");
        assertThat(r.found()).isFalse();
        assertThat(r.siblings()).isEmpty();
        assertThat(r.context()).isEqualTo(Context.EMPTY);
    }

    @Test
    void aWriteIsReadBackThroughAnyNode() {
        put(0, "cart:1", Context.EMPTY, "apple");
        for (int node = 0; node < 3; node++) {
            assertThat(texts(get(node, "cart:1"))).as("through node %d", node).containsExactly("apple");
        }
    }

    @Test
    void aWriteWithTheReadContextReplacesWhatWasRead() {
        put(0, "k", Context.EMPTY, "one");
        GetResult read = get(1, "k");
        put(2, "k", read.context(), "two");

        assertThat(texts(get(0, "k"))).containsExactly("two");
    }

    @Test
    void theContextAPutReturnsSupersedesItsOwnVersion() {
        Context first = put(0, "k", Context.EMPTY, "one");
        put(0, "k", first, "two");

        assertThat(texts(get(1, "k"))).containsExactly("two");
    }

    @Test
    void twoBlindWritesThroughOneNodeAreBothKept() {
        put(0, "k", Context.EMPTY, "first");
        put(0, "k", Context.EMPTY, "second");

        GetResult r = get(1, "k");
        assertThat(texts(r)).as("a put never erases a version its context did not include").containsExactly("first", "second");
        assertThat(r.versionCount()).isEqualTo(2);
    }

    @Test
    void aWriteWithAStaleContextDoesNotEraseAVersionItDidNotSee() {
        put(0, "k", Context.EMPTY, "v1");
        Context stale = get(0, "k").context();
        put(1, "k", stale, "v2 by another client");
        put(2, "k", stale, "v3 by a client that read v1 only");

        assertThat(texts(get(0, "k"))).containsExactly("v2 by another client", "v3 by a client that read v1 only");
    }

    @Test
    void concurrentVersionsAreReturnedTogetherAndOneMergeResolvesThem() {
        put(0, "k", Context.EMPTY, "from node 0");
        put(1, "k", Context.EMPTY, "from node 1");
        GetResult both = get(2, "k");
        assertThat(texts(both)).containsExactly("from node 0", "from node 1");

        put(2, "k", both.context(), "merged");

        assertThat(texts(get(0, "k"))).containsExactly("merged");
    }

    @Test
    void aDeleteWithTheReadContextRemovesTheKeyAndALaterWriteRevivesIt() {
        put(0, "k", Context.EMPTY, "v");
        await(store(1).delete(key("k"), get(1, "k").context()));

        GetResult deleted = get(2, "k");
        assertThat(deleted.found()).isFalse();
        assertThat(deleted.tombstones()).isEqualTo(1);

        put(2, "k", deleted.context(), "again");
        GetResult revived = get(0, "k");
        assertThat(texts(revived)).containsExactly("again");
        assertThat(revived.tombstones()).as("the write that saw the delete supersedes it").isZero();
    }

    @Test
    void aDeleteDoesNotEraseAConcurrentWrite() {
        put(0, "k", Context.EMPTY, "v");
        Context read = get(0, "k").context();
        put(1, "k", read, "updated meanwhile");
        await(store(2).delete(key("k"), read));

        assertThat(texts(get(0, "k"))).containsExactly("updated meanwhile");
    }

    @Test
    void perRequestQuorumsAreHonoured() {
        await(store(0).put(key("k"), Context.EMPTY, bytes("w1"), new Quorum(3, 1, 1)));
        // With W=1 the write is acknowledged by one replica; a read of all three (R=3) must overlap it.
        assertThat(texts(await(store(1).get(key("k"), new Quorum(3, 3, 1))))).containsExactly("w1");
        assertThatThrownBy(() -> new Quorum(3, 2, 4)).hasMessageContaining("W must be between 1 and N=3");
    }

    @Test
    void badInputIsRejectedAtTheCallAndNothingIsWritten() {
        byte[] tooBig = new byte[Value.MAX_BYTES + 1];
        assertThatThrownBy(() -> store(0).put(key("big"), Context.EMPTY, tooBig))
                .isInstanceOf(ValueTooLargeException.class).hasMessageContaining("1 MiB");
        assertThat(get(0, "big").found()).isFalse();
        assertThatThrownBy(() -> Key.of("")).hasMessageContaining("key is empty");
        assertThatThrownBy(() -> Key.of(new byte[Key.MAX_LENGTH + 1])).hasMessageContaining("at most 1024");
    }
}
