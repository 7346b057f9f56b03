package io.dynacart.store.membership;

import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.time.Clock;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.GossipMessage;
import io.dynacart.store.transport.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gossip-based membership (paper, section 4.8.1): once every interval this node bumps its own
 * heartbeat and pushes its whole view to one peer chosen at random among those it believes live; the
 * peer merges it and replies with its merged view, which this node merges in turn (push-pull). A
 * change reaches every node in O(log N) rounds (see {@code GossipConvergenceSimTest} for measured
 * rounds).
 *
 * <p>Seeds, as in the paper, keep the cluster from splitting into groups that never gossip with each
 * other: a node that knows no live peer pushes to a seed, and every {@code seedEveryRounds} rounds each
 * node also pushes to a seed; a new node needs only a seed to learn the whole cluster.
 *
 * <p>Every merge feeds the {@link PhiAccrualDetector}: a peer whose entry's heartbeat grew, directly or
 * through a third node, was alive recently. Listeners hear of every change but heartbeats
 * ({@link MembershipView#sameLayout}).
 *
 * <p>Confined to the node's event loop: call {@link #onMessage}, {@link #propose} and the queries from
 * the scheduler's thread.
 */
public final class Gossiper {

    private static final Logger LOG = LoggerFactory.getLogger(Gossiper.class);

    /**
     * @param intervalMillis  time between two rounds of this node
     * @param seedEveryRounds every this many rounds, push to a seed as well
     * @param phiThreshold    suspicion above which a peer is not gossiped to
     */
    public record Config(long intervalMillis, int seedEveryRounds, double phiThreshold,
                           PhiAccrualDetector.Config detector) {

        public static final Config DEFAULT = new Config(1000, 10, PhiAccrualDetector.DEFAULT_THRESHOLD,
                PhiAccrualDetector.Config.DEFAULT);

        public Config {
            Objects.requireNonNull(detector, "detector");
            if (intervalMillis < 1 || seedEveryRounds < 1 || !(phiThreshold > 0)) {
                throw new IllegalArgumentException("interval >= 1 ms, seed every >= 1 rounds and phi threshold > 0"
                        + " are required, were " + intervalMillis + ", " + seedEveryRounds + ", " + phiThreshold);
            }
        }
    }

    /**
     * What the gossiper reaches the world through; {@code send} is typically {@code endpoint::send};
     * {@code hintHorizon} is this node's report on its hints, put in its entry with each heartbeat
     * (see {@link Member}).
     */
    public record Environment(Scheduler scheduler, Clock clock, RandomGenerator random, BiConsumer<NodeId, Message> send,
                              LongSupplier hintHorizon) {
        public Environment {
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(random, "random");
            Objects.requireNonNull(send, "send");
            Objects.requireNonNull(hintHorizon, "hintHorizon");
        }

        /** A node that keeps no hints: its horizon is always now. */
        public Environment(Scheduler scheduler, Clock clock, RandomGenerator random, BiConsumer<NodeId, Message> send) {
            this(scheduler, clock, random, send, clock::nowMillis);
        }
    }

    private final NodeId self;
    private final List<NodeId> seeds;
    private final Config settings;
    private final Environment env;
    private final PhiAccrualDetector detector;
    private final IncarnationLearning incarnation;
    private final List<Consumer<MembershipView>> listeners = new ArrayList<>();
    private MembershipView view;
    private long rounds;
    private Scheduler.Cancellable timer;

    /**
     * @param initial this node's first view, holding its own entry (of this incarnation's generation)
     * @param seeds   nodes to contact when no live peer is known, and now and then regardless
     */
    public Gossiper(MembershipView initial, NodeId self, List<NodeId> seeds, Config settings, Environment env) {
        this(initial, self, seeds, settings, env, null);
    }

    /**
     * As {@link #Gossiper(MembershipView, NodeId, List, Config, Environment)}, for a node that may
     * still have to learn its incarnation ({@code incarnation} LEARNING: its entry in {@code initial}
     * must then have generation 0); {@code null} for one that knows it, from its entry.
     */
    public Gossiper(MembershipView initial, NodeId self, List<NodeId> seeds, Config settings, Environment env,
                    IncarnationLearning incarnation) {
        this.self = Objects.requireNonNull(self, "self");
        if (!initial.members().containsKey(self)) {
            throw new IllegalArgumentException("the initial view has no entry for this node, " + self);
        }
        Member own = initial.members().get(self);
        this.incarnation = incarnation != null ? incarnation : IncarnationLearning.known(own.incarnation());
        if (this.incarnation.isLearning() && own.generation() != 0) {
            throw new IllegalArgumentException("a node learning its incarnation starts with an entry of generation 0,"
                    + " not " + own.generation());
        }
        this.view = initial;
        this.seeds = seeds.stream().filter(seed -> !seed.equals(self)).distinct().sorted().toList();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.env = Objects.requireNonNull(env, "env");
        this.detector = new PhiAccrualDetector(settings.detector());
    }

    /**
     * Starts the rounds, the first after a random part of an interval so nodes started together do not
     * gossip in lockstep. Every member known now counts as just heard, so one that never speaks becomes
     * suspected.
     */
    public void start() {
        long now = env.clock().nowMillis();
        view.members().keySet().stream().filter(id -> !id.equals(self)).forEach(id -> detector.heartbeat(id, now));
        if (incarnation.isLearning() && seeds.isEmpty()) {
            incarnation.settleAlone();
            update(view.withMember(view.members().get(self).reborn(incarnation.incarnation(), Math.max(1, now))));
        }
        timer = env.scheduler().schedule(env.random().nextLong(settings.intervalMillis()), this::round);
    }

    public void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** This node's current view. */
    public MembershipView view() {
        return view;
    }

    /**
     * The incarnation this node runs under, once known; empty while it learns it from its first
     * peer's view (see {@link IncarnationLearning}).
     */
    public OptionalInt incarnation() {
        return incarnation.isLearning() ? OptionalInt.empty() : OptionalInt.of(incarnation.incarnation());
    }

    /** Rounds this node has gossiped. */
    public long rounds() {
        return rounds;
    }

    /** Tells {@code listener} the new view after each change but heartbeats. */
    public void addListener(Consumer<MembershipView> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Applies a local change ({@link Proposals#join}, {@link Proposals#leave},
     * {@link MembershipView#markDone}) and returns the new view; gossip spreads it. The change is
     * merged into the view, so only what moves forward counts: a newer entry, a done transfer, a later
     * transition or ring.
     */
    public MembershipView propose(UnaryOperator<MembershipView> change) {
        update(view.merge(change.apply(view)));
        return view;
    }

    /** The phi-accrual suspicion of {@code peer} now; 0 for a peer never heard of. */
    public double suspicion(NodeId peer) {
        return detector.phi(peer, env.clock().nowMillis());
    }

    /** Whether {@code peer}'s suspicion is below the threshold. */
    public boolean isLive(NodeId peer) {
        return detector.isAvailable(peer, env.clock().nowMillis(), settings.phiThreshold());
    }

    /** Merges a peer's view; answers a push with the merged view unless the peer's view already was it. */
    public void onMessage(NodeId from, GossipMessage message) {
        MembershipView received;
        try {
            received = ViewCodec.decode(message.view());
            if (incarnation.isLearning() && received.n() == view.n()
                    && received.ring().partitionCount() == view.ring().partitionCount()) {
                learnIncarnation(from, received.members().get(self));
            }
            update(reclaimOwnEntry(view.members().get(self), view.merge(received)));
        } catch (DecodingException | IllegalArgumentException e) {
            LOG.warn("dropping gossip from {} that does not merge: {}", from, e.getMessage());
            return;
        }
        if (message instanceof GossipMessage.Push && !view.equals(received)) {
            env.send().accept(from, new GossipMessage.Reply(ViewCodec.encode(view)));
        }
    }

    /**
     * The first view from a peer settles this node's incarnation: above an earlier life's entry if
     * the peer holds one ({@link IncarnationLearning#decide}). The node's entry then takes a real
     * generation, past that life's, so that it beats it everywhere.
     */
    private void learnIncarnation(NodeId from, Member seen) {
        incarnation.settle(seen);
        long generation = Math.max(Math.max(1, env.clock().nowMillis()), seen == null ? 0 : seen.generation() + 1);
        LOG.info("{} takes incarnation {}: {}", self, incarnation.incarnation(), seen == null || seen.generation() == 0
                ? from + " knew no earlier life of it" : from + " knew an earlier life under incarnation " + seen.incarnation());
        update(view.withMember(view.members().get(self).reborn(incarnation.incarnation(), generation)));
    }

    private void round() {
        rounds++;
        view = view.withMember(view.members().get(self).heartbeat(env.hintHorizon().getAsLong()));
        NodeId target = randomOf(livePeers());
        if (target == null) {
            target = randomOf(seeds);
        }
        byte[] bytes = null;
        if (target != null) {
            bytes = ViewCodec.encode(view);
            env.send().accept(target, new GossipMessage.Push(bytes));
        }
        if (rounds % settings.seedEveryRounds() == 0) {
            NodeId seed = randomOf(seeds);
            if (seed != null && !seed.equals(target)) {
                env.send().accept(seed, new GossipMessage.Push(bytes != null ? bytes : ViewCodec.encode(view)));
            }
        }
        timer = env.scheduler().schedule(settings.intervalMillis(), this::round);
    }

    /** Members other than this node, not LEFT, and not suspected; in id order, so a seed replays. */
    private List<NodeId> livePeers() {
        long now = env.clock().nowMillis();
        return view.members().keySet().stream()
                .filter(id -> !id.equals(self) && view.status(id) != MemberStatus.LEFT)
                .filter(id -> detector.isAvailable(id, now, settings.phiThreshold()))
                .toList();
    }

    private NodeId randomOf(List<NodeId> nodes) {
        return nodes.isEmpty() ? null : nodes.get(env.random().nextInt(nodes.size()));
    }

    /** Adopts {@code merged}: heartbeats to the detector, listeners told. */
    private void update(MembershipView merged) {
        MembershipView old = view;
        long now = env.clock().nowMillis();
        for (Member m : merged.members().values()) {
            Member before = old.members().get(m.id());
            if (!m.id().equals(self) && (before == null || m.isAheadOf(before))) {
                detector.heartbeat(m.id(), now);
            }
        }
        view = merged;
        if (!old.sameLayout(view)) {
            listeners.forEach(listener -> listener.accept(view));
        }
    }

    /**
     * Only this node writes its entry. Should a peer carry another one at or past this node's heartbeat
     * (a previous incarnation that started with a higher generation), this node writes past it, with
     * its own addresses, weight and zone.
     */
    private static MembershipView reclaimOwnEntry(Member mine, MembershipView merged) {
        Member seen = merged.members().get(mine.id());
        if (seen.equals(mine)) {
            return merged;
        }
        return merged.withMember(mine.at(seen.generation(), seen.version() + 1));
    }
}
