package io.dynacart.web.shop;

import io.dynacart.store.api.KvStore;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.web.control.ReplicaReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each browser's run of the paper's example ({@link PaperExample}), on a key of its own in the
 * default namespace ({@code paper-4.4/TAG/RUN}, TAG standing for the session); starting over takes a new key, so every run begins
 * with a key nobody has written. The most recent runs are kept, the oldest forgotten.
 */
public final class PaperExamples {

    private static final int MAX_RUNS = 1000;

    private final Function<NodeId, KvStore> storeOf;
    private final ReplicaReader replicas;
    private final Map<NodeId, KvStore> stores = new ConcurrentHashMap<>();
    private final Map<String, Integer> runs = new ConcurrentHashMap<>();
    private final Map<String, PaperExample> current = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PaperExample> eldest) {
            return size() > MAX_RUNS;
        }
    };

    /** @param storeOf the store whose calls a node coordinates (pinned to it) */
    public PaperExamples(Function<NodeId, KvStore> storeOf, ReplicaReader replicas) {
        this.storeOf = storeOf;
        this.replicas = replicas;
    }

    /** This session's run, a fresh one if it has none. */
    public synchronized PaperExample of(String session) {
        return current.computeIfAbsent(session, s -> {
            int run = runs.merge(s, 1, Integer::sum);
            return new PaperExample(Key.of("paper-4.4/" + Lab.tag(s) + "/" + run),
                    node -> stores.computeIfAbsent(node, storeOf), replicas);
        });
    }

    /** Forgets this session's run: the next {@link #of} starts a new one on a new key. */
    public synchronized void restart(String session) {
        current.remove(session);
    }
}
