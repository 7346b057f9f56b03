package io.dynacart.store.antientropy;

import io.dynacart.store.antientropy.ReplicaPeers.PartitionPeer;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.time.Clock;
import io.dynacart.store.time.Scheduler;
import io.dynacart.store.transport.AntiEntropyMessage.KeySiblings;
import io.dynacart.store.transport.AntiEntropyMessage;
import io.dynacart.store.transport.Network;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anti-entropy as a process (paper, section 4.7): every interval, if no exchange of its own is
 * running, this node picks the next (partition, peer) pair round-robin from {@link ReplicaPeers}
 * and runs an {@link ExchangeSession} with it; it also answers the exchanges peers run with it
 * ({@link ExchangeResponder}). Everything it sends, in both roles, goes through one
 * {@link AntiEntropyBudget}; sibling sets it receives are merged into storage, whose trees follow.
 *
 * <p>A session whose peer stays silent for {@code sessionTimeoutMillis} (while nothing of it waits
 * on the budget here) is aborted. For each pair it remembers when the last <em>completed</em>
 * exchange began: every version either replica held at that moment is on both now. That is what
 * collecting a tombstone needs ("seen by anti-entropy on every replica"): a tombstone older than the
 * last completed exchange with every other replica is held by all of them.
 *
 * <p>Confined to the node's event loop: {@link #onMessage} must be called on it.
 */
public final class Repairer {

    private static final Logger LOG = LoggerFactory.getLogger(Repairer.class);

    private final AntiEntropyConfig config;
    private final LocalReplica local;
    private final ReplicaPeers peers;
    private final Scheduler scheduler;
    private final Clock clock;
    private final ExchangeResponder responder;
    private final BudgetedSender sender;
    private final DoubleSupplier share;
    private final Map<PartitionPeer, Long> lastCompleted = new HashMap<>();
    private long nextSessionId;
    private int cursor;
    private ExchangeSession active;
    private PartitionPeer activePair;
    private long activeSince;
    private Scheduler.Cancellable tick;
    private Scheduler.Cancellable deadline;
    private long started;
    private long completed;
    private long aborted;
    private long keysReceived;
    /** Exchanges an operator asked for ({@link #repairNow}), begun before the round-robin's next. */
    private final ArrayDeque<PartitionPeer> requested = new ArrayDeque<>();

    public Repairer(AntiEntropyConfig config, LocalReplica local, ReplicaPeers peers, Network.Endpoint endpoint,
                    Scheduler scheduler, Clock clock) {
        this(config, local, peers, endpoint, scheduler, clock, () -> 1);
    }

    /**
     * As above, yielding to the foreground by the node's background share {@code share} (in (0, 1]):
     * its budget's rates are scaled by it (see {@link AntiEntropyBudget}), and the pause between
     * exchanges it begins is the interval divided by it, so that comparing equal trees, anti-entropy's
     * steady cost, shrinks too.
     */
    public Repairer(AntiEntropyConfig config, LocalReplica local, ReplicaPeers peers, Network.Endpoint endpoint,
                    Scheduler scheduler, Clock clock, DoubleSupplier share) {
        this.config = config;
        this.local = local;
        this.peers = peers;
        this.scheduler = scheduler;
        this.clock = clock;
        this.share = share;
        this.responder = new ExchangeResponder(local, config.limits());
        AntiEntropyBudget budget = new AntiEntropyBudget(config.keysPerSecond(), config.bytesPerSecond(), clock, share);
        this.sender = new BudgetedSender(endpoint, scheduler, budget);
        // Ids from the clock, so a restarted node does not reuse the ids of its previous life's sessions.
        this.nextSessionId = clock.nowMillis() << 10;
    }

    /** Starts beginning exchanges, unless the config says this node only answers them. */
    public void start() {
        if (!config.initiates()) {
            return;
        }
        tick = scheduler.schedule(config.intervalMillis(), this::tick);
    }

    /** Stops the timers and forgets the running session and what waits to be sent. */
    public void stop() {
        if (tick != null) {
            tick.cancel();
        }
        cancelDeadline();
        sender.stop();
        active = null;
    }

    /** A message of either role: requests are answered, replies go to the running session. */
    public void onMessage(NodeId from, AntiEntropyMessage message) {
        if (ExchangeResponder.isRequest(message)) {
            boolean shared = peers.shares(PartitionId.of(message.partition()), from);
            apply(from, shared ? responder.answer(message) : ExchangeResponder.decline(message));
        } else if (active != null && activePair.peer().equals(from) && message.sessionId() == active.sessionId()) {
            armDeadline();
            apply(from, active.handle(new ExchangeSession.Event.Received(message)));
            finishIfOver();
        }
    }

    /** When the last completed exchange of {@code partition} with {@code peer} began, if one has. */
    public OptionalLong lastCompletedExchange(PartitionId partition, NodeId peer) {
        Long at = lastCompleted.get(new PartitionPeer(partition, peer));
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }

    /** {@link #lastCompletedExchange} of every pair that has completed one (a copy). */
    public Map<PartitionPeer, Long> lastCompletedExchanges() {
        return Map.copyOf(lastCompleted);
    }

    public AntiEntropyStats stats() {
        return new AntiEntropyStats(started, completed, aborted, sender.keysSent(), keysReceived, sender.bytesSent());
    }

    /** Whether an exchange this node began is running. */
    public boolean isExchanging() {
        return active != null;
    }

    private void tick() {
        if (active == null) {
            begin();
        }
        double pace = Math.max(Double.MIN_NORMAL, Math.min(1, share.getAsDouble()));
        tick = scheduler.schedule((long) Math.ceil(config.intervalMillis() / pace), this::tick);
    }

    /**
     * Queues an exchange of {@code partition} with each of its other replicas, begun ahead of the
     * usual round-robin (an operator's {@code repair}); answers how many were queued, 0 when this node
     * holds no replica of it that it shares with a reachable peer.
     */
    public int repairNow(PartitionId partition) {
        int queued = 0;
        for (PartitionPeer pair : peers.pairs()) {
            if (pair.partition().equals(partition) && !requested.contains(pair)) {
                requested.add(pair);
                queued++;
            }
        }
        return queued;
    }

    private void begin() {
        List<PartitionPeer> pairs = peers.pairs();
        if (pairs.isEmpty()) {
            return;
        }
        cursor = Math.floorMod(cursor, pairs.size());
        PartitionPeer asked = requested.poll();
        activePair = asked != null && pairs.contains(asked) ? asked : pairs.get(cursor++);
        activeSince = clock.nowMillis();
        active = new ExchangeSession(nextSessionId++, activePair.partition(), local, config.limits());
        started++;
        armDeadline();
        apply(activePair.peer(), active.handle(ExchangeSession.Event.START));
        finishIfOver();
    }

    private void apply(NodeId peer, Step step) {
        for (KeySiblings entry : step.merge()) {
            try {
                local.storage().mergeNoWait(entry.key(), entry.siblings(), false); // a repair: nothing waits for the disk
                keysReceived++;
            } catch (RuntimeException e) {
                LOG.warn("anti-entropy cannot merge {} from {}: {}", entry.key(), peer, e.toString());
            }
        }
        step.send().forEach(m -> sender.send(peer, m));
    }

    private void finishIfOver() {
        if (active == null || !active.state().isOver()) {
            return;
        }
        if (active.state() == ExchangeSession.State.COMPLETED) {
            completed++;
            lastCompleted.put(activePair, activeSince);
        } else {
            aborted++;
            sender.dropRequests(activePair.peer(), active.sessionId());
        }
        cancelDeadline();
        active = null;
    }

    private void armDeadline() {
        cancelDeadline();
        deadline = scheduler.schedule(config.sessionTimeoutMillis(), this::onDeadline);
    }

    /** The peer was silent: unless the silence is ours (requests still waiting on the budget), give up. */
    private void onDeadline() {
        deadline = null;
        if (active == null) {
            return;
        }
        if (sender.holdsRequests(activePair.peer(), active.sessionId())) {
            armDeadline();
            return;
        }
        LOG.debug("anti-entropy with {} on {} aborted: no answer in {} ms", activePair.peer(), activePair.partition(),
                config.sessionTimeoutMillis());
        apply(activePair.peer(), active.handle(ExchangeSession.Event.DEADLINE_PASSED));
        finishIfOver();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
    }
}
