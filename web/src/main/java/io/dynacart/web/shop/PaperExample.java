package io.dynacart.web.shop;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.web.control.ReplicaReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One run of the paper's vector-clock example (section 4.4, figure 3) on the running nodes: D1 and
 * D2 written at Sx, D3 at Sy, D4 at Sz from a context that saw only D2, a read that finds D3 and D4,
 * and D5 written at Sx with that read's context. Sx, Sy and Sz are the key's three replicas, each
 * write is sent to its node (a pinned coordinator: a replica coordinates its own puts, so the clock
 * names it), and each step records the clock the store returned and what each replica then holds.
 *
 * <p>States, one per step done, in order: FRESH → D1_WRITTEN → D2_WRITTEN → D3_WRITTEN → D4_WRITTEN
 * → BOTH_READ → D5_WRITTEN (final). {@link #next} does the step after the current state and moves on
 * only if it succeeded; a failed step (a node stopped, no quorum) leaves the state as it was.
 * Safe for concurrent use (one step at a time).
 */
public final class PaperExample {

    /** Where the run is: the last step done. */
    public enum State {
        FRESH, D1_WRITTEN, D2_WRITTEN, D3_WRITTEN, D4_WRITTEN, BOTH_READ, D5_WRITTEN;

        Set<State> successors() {
            return switch (this) {
                case FRESH -> EnumSet.of(D1_WRITTEN);
                case D1_WRITTEN -> EnumSet.of(D2_WRITTEN);
                case D2_WRITTEN -> EnumSet.of(D3_WRITTEN);
                case D3_WRITTEN -> EnumSet.of(D4_WRITTEN);
                case D4_WRITTEN -> EnumSet.of(BOTH_READ);
                case BOTH_READ -> EnumSet.of(D5_WRITTEN);
                case D5_WRITTEN -> EnumSet.noneOf(State.class);
            };
        }

        /** The step that leads out of this state, or null when the run is over. */
        State next() {
            Set<State> s = successors();
            return s.isEmpty() ? null : s.iterator().next();
        }
    }

    /** One entry of the paper's clocks: a server (Sx, Sy, Sz) and its counter. */
    public record Entry(String server, long counter) {
    }

    /**
     * The paper's words for one step (section 4.4) and the clock it gives.
     *
     * @param server the server the step's request goes to: Sx, Sy or Sz
     */
    public record Script(State reaches, String server, String title, String quote, List<Entry> clock) {
        public Script {
            clock = List.copyOf(clock);
        }

        /** The clock as the paper prints it: {@code [(Sx, 2), (Sy, 1)]}. */
        public String paperClock() {
            List<String> parts = clock.stream().map(e -> "(" + e.server() + ", " + e.counter() + ")").toList();
            return "[" + String.join(", ", parts) + "]";
        }
    }

    private static List<Entry> clock(Object... serverCounter) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i + 1 < serverCounter.length; i += 2) {
            out.add(new Entry((String) serverCounter[i], ((Number) serverCounter[i + 1]).longValue()));
        }
        return out;
    }

    /** The six steps, as the paper tells them. */
    public static final List<Script> SCRIPT = List.of(
            new Script(State.D1_WRITTEN, "Sx", "D1 written at Sx",
                    "A client writes a new object. The node (say Sx) that handles the write for this key increases its"
                            + " sequence number and uses it to create the data's vector clock. The system now has the"
                            + " object D1 and its associated clock [(Sx, 1)].",
                    clock("Sx", 1)),
            new Script(State.D2_WRITTEN, "Sx", "D2 written at Sx",
                    "The client updates the object. Assume the same node handles this request as well. The system"
                            + " now also has object D2 and its associated clock [(Sx, 2)]. D2 descends from D1 and"
                            + " therefore over-writes D1.",
                    clock("Sx", 2)),
            new Script(State.D3_WRITTEN, "Sy", "D3 written at Sy",
                    "Let us assume that the same client updates the object again and a different server (say Sy)"
                            + " handles the request. The system now has data D3 and its associated clock"
                            + " [(Sx, 2), (Sy, 1)].",
                    clock("Sx", 2, "Sy", 1)),
            new Script(State.D4_WRITTEN, "Sz", "D4 written at Sz, concurrent with D3",
                    "Next assume a different client reads D2 and then tries to update it, and another node (say Sz)"
                            + " does the write. The system now has D4 (descendant of D2) whose version clock is"
                            + " [(Sx, 2), (Sz, 1)]. A node that is aware of D3 and receives D4 will find that there is"
                            + " no causal relation between them.",
                    clock("Sx", 2, "Sz", 1)),
            new Script(State.BOTH_READ, "Sx", "A client reads D3 and D4",
                    "Now assume some client reads both D3 and D4 (the context will reflect that both values were"
                            + " found by the read). The read's context is a summary of the clocks of D3 and D4, namely"
                            + " [(Sx, 2), (Sy, 1), (Sz, 1)].",
                    clock("Sx", 2, "Sy", 1, "Sz", 1)),
            new Script(State.D5_WRITTEN, "Sx", "D5 reconciled at Sx supersedes both",
                    "If the client performs the reconciliation and node Sx coordinates the write, Sx will update"
                            + " its sequence number in the clock. The new data D5 will have the following clock:"
                            + " [(Sx, 3), (Sy, 1), (Sz, 1)].",
                    clock("Sx", 3, "Sy", 1, "Sz", 1)));

    /** One version as a step shows it: its value (D1, D2, ...) and its clock. */
    public record Shown(String value, String clock) {
    }

    /** What one replica holds after a step, read from its own storage. */
    public record Held(NodeId node, String role, boolean running, List<Shown> versions) {
    }

    /**
     * One step done.
     *
     * @param did      the request made, in words
     * @param clock    the clock the store answered: the new version's for a put, the read's context for a read
     * @param expected the paper's clock with Sx, Sy, Sz replaced by this run's nodes
     * @param matches  whether the clock names the same nodes and counters as the paper's
     * @param read     the versions a read returned (the second client's in step 2, the reader's in step 5)
     */
    public record Done(Script script, String did, NodeId node, String clock, String expected, boolean matches,
                       List<Shown> read, String readNote, List<Held> replicas) {
    }

    private static final Duration SETTLE = Duration.ofSeconds(1);

    private final Key key;
    private final NodeId sx;
    private final NodeId sy;
    private final NodeId sz;
    private final Function<NodeId, KvStore> storeOf;
    private final ReplicaReader replicas;
    private final List<Done> done = new ArrayList<>();
    private State state = State.FRESH;
    /** The first client's context: what its last write or read returned. */
    private Context client = Context.EMPTY;
    /** The second client's context: its read of D2. */
    private Context second = Context.EMPTY;

    /**
     * @param key     a key nobody else writes
     * @param storeOf the store whose calls a node coordinates (pinned to it)
     */
    PaperExample(Key key, Function<NodeId, KvStore> storeOf, ReplicaReader replicas) {
        this.key = key;
        this.storeOf = storeOf;
        this.replicas = replicas;
        List<NodeId> list = replicas.replicasOf(key);
        if (list.size() < 3) {
            throw new IllegalStateException("the paper's example needs three replicas of a key (N=3), the ring gives "
                    + list);
        }
        this.sx = list.get(0);
        this.sy = list.get(1);
        this.sz = list.get(2);
    }

    public Key key() {
        return key;
    }

    public NodeId sx() {
        return sx;
    }

    public NodeId sy() {
        return sy;
    }

    public NodeId sz() {
        return sz;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized List<Done> done() {
        return List.copyOf(done);
    }

    /** The step {@link #next} would do, or null when the run is over. */
    public synchronized Script upcoming() {
        State next = state.next();
        return next == null ? null : SCRIPT.get(next.ordinal() - 1);
    }

    /** The node standing for {@code server} (Sx, Sy or Sz) in this run. */
    public NodeId node(String server) {
        return switch (server) {
            case "Sx" -> sx;
            case "Sy" -> sy;
            case "Sz" -> sz;
            default -> throw new IllegalArgumentException("the paper's servers are Sx, Sy and Sz, not " + server);
        };
    }

    /** The paper's clock {@code text} ({@code [(Sx, 2), (Sy, 1)]}) with this run's node names. */
    public String withNodes(String text) {
        return text.replace("Sx", sx.value()).replace("Sy", sy.value()).replace("Sz", sz.value());
    }

    /**
     * Does the next step through its node and records it.
     *
     * @throws IllegalStateException when the run is over
     * @throws io.dynacart.store.api.KvStoreException when the store refused (nothing moved on)
     */
    public synchronized Done next() {
        State target = state.next();
        if (target == null) {
            throw new IllegalStateException("the example is over: D5 is written. Start over to play it again.");
        }
        Script script = SCRIPT.get(target.ordinal() - 1);
        Done step = switch (target) {
            case D1_WRITTEN -> write(script, sx, "D1", "put D1 through " + sx + " (Sx) with no context: a new object");
            case D2_WRITTEN -> {
                client = put(sx, client, "D2");
                // The second client reads now, while D2 is the current version; it writes in step 4.
                GetResult r = get(sz, store(sz).defaultQuorum());
                second = r.context();
                yield done(script, "put D2 through " + sx + " (Sx) with the context D1's write returned", sx, client,
                        shown(r.siblings()), "Then a second client reads the object through " + sz + " and keeps the"
                                + " context " + r.context().clock() + " to write with in step 4.");
            }
            case D3_WRITTEN -> write(script, sy, "D3", "put D3 through " + sy + " (Sy) with the context D2's write"
                    + " returned (the first client again)");
            case D4_WRITTEN -> {
                Context d4 = put(sz, second, "D4");
                yield done(script, "put D4 through " + sz + " (Sz) with the context the second client read in step 2, "
                        + second.clock() + ": it has not seen D3", sz, d4, List.of(), "");
            }
            case BOTH_READ -> {
                Quorum q = store(sx).defaultQuorum();
                GetResult r = get(sx, q.withR(q.n()));
                client = r.context();
                yield done(script, "get through " + sx + " (Sx) from all " + q.n() + " replicas (R=" + q.n() + ")", sx,
                        client, shown(r.siblings()), r.versionCount() + " versions: the read's context is the"
                                + " merge of their clocks.");
            }
            case D5_WRITTEN -> write(script, sx, "D5", "put D5 through " + sx + " (Sx) with the context of the read"
                    + " that found D3 and D4");
            case FRESH -> throw new IllegalStateException("no step leads to FRESH");
        };
        moveTo(target);
        done.add(step);
        return step;
    }

    private void moveTo(State next) {
        if (!state.successors().contains(next)) {
            throw new IllegalStateException("the paper's example cannot go from " + state + " to " + next);
        }
        state = next;
    }

    /** Puts {@code value} through {@code node} with the first client's context, which becomes the new version's. */
    private Done write(Script script, NodeId node, String value, String did) {
        client = put(node, client, value);
        return done(script, did, node, client, List.of(), "");
    }

    private Context put(NodeId node, Context context, String value) {
        return StoreWait.result(store(node).put(key, context, value.getBytes(StandardCharsets.UTF_8)));
    }

    private Done done(Script script, String did, NodeId node, Context clock, List<Shown> read, String note) {
        return new Done(script, did, node, clock.clock().toString(), withNodes(script.paperClock()),
                matches(clock.clock(), script), read, note, holdings());
    }

    private GetResult get(NodeId node, Quorum quorum) {
        return StoreWait.result(store(node).get(key, quorum));
    }

    private KvStore store(NodeId node) {
        return storeOf.apply(node);
    }

    /**
     * Whether {@code clock} names the nodes and counters the paper's clock for {@code script} names, with
     * this run's nodes for Sx, Sy and Sz (an entry of a later incarnation of a node, {@code n3.1},
     * counts as the node's).
     */
    boolean matches(VectorClock clock, Script script) {
        Set<String> paper = new HashSet<>();
        for (Entry e : script.clock()) {
            paper.add(node(e.server()) + "," + e.counter());
        }
        Set<String> real = new HashSet<>();
        clock.entries().forEach(e -> real.add(replicas.nodeOf(e.node()) + "," + e.counter()));
        return clock.size() == paper.size() && real.equals(paper);
    }

    /** The versions by value (D1 before D2 ...), whatever order the store lists them in. */
    private static List<Shown> shown(List<Versioned<Value>> versions) {
        return versions.stream().map(v -> new Shown(v.value() instanceof Value.Bytes b
                        ? new String(b.toByteArray(), StandardCharsets.UTF_8) : "(deleted)", v.version().toString()))
                .sorted(Comparator.comparing(Shown::value)).toList();
    }

    /**
     * What Sx, Sy and Sz hold now, once they agree (the write reached W of them when it was acknowledged,
     * the rest a moment later) or after a second, whichever comes first: a replica that has not yet seen
     * the newest version shows what it still holds, as the paper says may happen.
     */
    private List<Held> holdings() {
        long end = System.nanoTime() + SETTLE.toNanos();
        List<Held> held;
        do {
            held = List.of(held(sx, "Sx"), held(sy, "Sy"), held(sz, "Sz"));
            if (held.stream().map(h -> h.versions()).distinct().count() <= 1) {
                return held;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return held;
            }
        } while (System.nanoTime() < end);
        return held;
    }

    private Held held(NodeId node, String role) {
        ReplicaReader.Copy c = replicas.copy(node, key);
        return new Held(node, role, c.running(), shown(c.held()));
    }
}
