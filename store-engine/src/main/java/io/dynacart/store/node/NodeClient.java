package io.dynacart.store.node;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.NamespaceTable;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.StoreClosedException;
import io.dynacart.store.api.UnknownNamespaceException;
import io.dynacart.store.api.Value;
import io.dynacart.store.coordinator.Coordinator;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.storage.ValueTooLargeException;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.versioning.Context;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A node as a {@link KvStore}: checks the input at the call, then posts the request to the node's
 * event loop. The futures complete on that loop: chain heavy work with the {@code *Async} methods.
 */
final class NodeClient implements KvStore {

    private final Coordinator coordinator;
    private final Scheduler scheduler;
    private final Quorum defaultQuorum;
    private final NodeId id;
    /** The namespaces this node knows, from any thread. */
    private final Supplier<NamespaceTable> namespaces;
    private final Set<CompletableFuture<?>> waiting = Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile boolean closed;

    NodeClient(Coordinator coordinator, Scheduler scheduler, Quorum defaultQuorum, NodeId id,
               Supplier<NamespaceTable> namespaces) {
        this.namespaces = namespaces;
        this.coordinator = coordinator;
        this.scheduler = scheduler;
        this.defaultQuorum = defaultQuorum;
        this.id = id;
    }

    @Override
    public Quorum defaultQuorum() {
        return defaultQuorum;
    }

    /** The namespace's N, R and W; this node's default quorum for the default namespace or one it does not know. */
    @Override
    public Quorum defaultQuorum(Namespace namespace) {
        if (namespace.isDefault()) {
            return defaultQuorum;
        }
        return namespaces.get().get(namespace).map(NamespaceConfig::quorum).orElse(defaultQuorum);
    }

    @Override
    public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(quorum, "quorum");
        Quorum q = effective(key, quorum);
        CompletableFuture<GetResult> answer = track(new CompletableFuture<>());
        if (q == null) {
            answer.completeExceptionally(new UnknownNamespaceException(key.namespace()));
            return answer;
        }
        scheduler.execute(() -> {
            if (!failIfClosed(answer)) {
                coordinator.get(key, q, answer);
            }
        });
        return answer;
    }

    /**
     * The quorum a request to {@code key} runs with: {@code asked} in the default namespace; else the
     * namespace's N with the R and W asked. Null if the namespace is not known here.
     *
     * @throws IllegalArgumentException if the R or W asked passes the namespace's N
     */
    private Quorum effective(Key key, Quorum asked) {
        if (key.namespace().isDefault()) {
            return asked;
        }
        NamespaceConfig namespace = namespaces.get().get(key.namespace()).orElse(null);
        if (namespace == null) {
            return null;
        }
        int n = namespace.quorum().n();
        if (asked.r() > n || asked.w() > n) {
            throw new IllegalArgumentException("namespace " + key.namespace() + " keeps N=" + n
                    + " replicas of a key; R and W must be from 1 to " + n + ", were R=" + asked.r() + " W=" + asked.w());
        }
        return new Quorum(n, asked.r(), asked.w());
    }

    @Override
    public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
        Objects.requireNonNull(value, "value");
        if (value.length > Value.MAX_BYTES) {
            throw new ValueTooLargeException(value.length);
        }
        return write(key, context, Value.of(value), quorum);
    }

    @Override
    public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
        return write(key, context, Value.TOMBSTONE, quorum);
    }

    private CompletableFuture<Context> write(Key key, Context context, Value value, Quorum quorum) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(quorum, "quorum");
        Quorum q = effective(key, quorum);
        CompletableFuture<Context> answer = track(new CompletableFuture<>());
        if (q == null) {
            answer.completeExceptionally(new UnknownNamespaceException(key.namespace()));
            return answer;
        }
        scheduler.execute(() -> {
            if (!failIfClosed(answer)) {
                coordinator.put(key, context, value, q, answer);
            }
        });
        return answer;
    }

    private <T> CompletableFuture<T> track(CompletableFuture<T> future) {
        synchronized (waiting) {
            waiting.add(future);
        }
        future.whenComplete((v, e) -> {
            synchronized (waiting) {
                waiting.remove(future);
            }
        });
        if (closed) {
            future.completeExceptionally(new StoreClosedException("node " + id + " is stopped"));
        }
        return future;
    }

    private boolean failIfClosed(CompletableFuture<?> answer) {
        if (closed) {
            answer.completeExceptionally(new StoreClosedException("node " + id + " is stopped"));
        }
        return closed;
    }

    boolean isClosed() {
        return closed;
    }

    /** Fails every call still waiting: the node stopped before answering it. */
    void close() {
        closed = true;
        CompletableFuture<?>[] pending;
        synchronized (waiting) {
            pending = waiting.toArray(new CompletableFuture<?>[0]);
        }
        for (CompletableFuture<?> f : pending) {
            f.completeExceptionally(new StoreClosedException("node " + id + " stopped before answering"));
        }
    }
}
