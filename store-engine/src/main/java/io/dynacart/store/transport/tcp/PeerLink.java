package io.dynacart.store.transport.tcp;

import io.dynacart.store.identity.NodeId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's one outbound connection to one peer: opened when a message first needs it, re-opened
 * with exponential backoff when it fails, and fed from a bounded queue.
 *
 * <pre>
 *           frames waiting, address known           handshake done
 *   IDLE ---------------------------------> CONNECTING ------------> READY
 *    ^ ^ \                                       |                     |
 *    | |  `-- no address: drop them, stay        | connect or          | connection lost,
 *    | |                                          v handshake failed    | frames waiting
 *    | `---- backoff timer, or the peer ---- BACKING_OFF <---------------'
 *    |       connected to us (then at once to CONNECTING if frames wait)
 *    `--- connection lost with nothing waiting (from READY)
 *   any state --endpoint closed--> CLOSED (terminal)
 * </pre>
 * Legal successors: IDLE → CONNECTING | CLOSED; CONNECTING → READY | BACKING_OFF | CLOSED;
 * READY → IDLE | BACKING_OFF | CLOSED; BACKING_OFF → IDLE | CLOSED; CLOSED is final. Every move goes
 * through {@link #moveTo}, which does what entering the state does: CONNECTING opens a connection to
 * the address looked up, READY writes what waits, BACKING_OFF sets the retry timer, IDLE lets sends
 * through again, CLOSED closes the connection and drops what waits.
 *
 * <p>What must hold:
 * <ul>
 *   <li>{@link #send} never blocks and never connects: it queues and wakes the link's event loop,
 *       which alone touches the state, the channel and the timer.</li>
 *   <li>At most {@code maxQueuedPerPeer} frames wait, counted from the moment {@code send} accepts
 *       them until they are handed to the socket, and their bytes count against the node's budget of
 *       bytes in flight for that long; a frame beyond either bound is dropped and counted (tail
 *       drop, so what does go out stays in order). Frames are handed to the socket only while it is
 *       writable, so Netty's own buffer stays near its high water mark: queue, then drop.</li>
 *   <li>While the peer is unreachable the link waits between attempts (min, doubling, up to max), so a
 *       dead peer costs one connect per backoff interval, not a busy loop. When an attempt fails, the
 *       frames that waited for it are dropped, and so is what is sent until the next attempt: a
 *       message must not reach a node seconds after its sender gave up on it (a stale forwarded put
 *       would be applied twice). A connection lost while established keeps its waiting frames for
 *       one reconnect.</li>
 *   <li>Frames leave in the order they were accepted, on one connection at a time.</li>
 * </ul>
 */
final class PeerLink {

    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);

    enum State {
        IDLE, CONNECTING, READY, BACKING_OFF, CLOSED;

        Set<State> successors() {
            return switch (this) {
                case IDLE -> EnumSet.of(CONNECTING, CLOSED);
                case CONNECTING -> EnumSet.of(READY, BACKING_OFF, CLOSED);
                case READY -> EnumSet.of(IDLE, BACKING_OFF, CLOSED);
                case BACKING_OFF -> EnumSet.of(IDLE, CLOSED);
                case CLOSED -> EnumSet.noneOf(State.class);
            };
        }
    }

    private final NodeId self;
    private final NodeId peer;
    private final TcpEnvironment env;
    /** Told (on the loop) when an attempt to connect failed: what waited for the peer was dropped. */
    private final Runnable onUnreachable;
    private final EventLoop loop;
    private final Queue<byte[]> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean overflowing = new AtomicBoolean();
    private volatile boolean closed;
    /** The last connect attempt failed and the link is backing off: sends are dropped. */
    private volatile boolean unreachable;

    private State state = State.IDLE;
    private Channel channel;
    private int failures;
    private ScheduledFuture<?> retry;
    /** Where the connection being opened goes (CONNECTING's address). */
    private InetSocketAddress address;

    PeerLink(NodeId self, NodeId peer, TcpEnvironment env, Runnable onUnreachable) {
        this.self = self;
        this.peer = peer;
        this.env = env;
        this.onUnreachable = onUnreachable;
        this.loop = env.workers().next();
    }

    NodeId self() {
        return self;
    }

    NodeId peer() {
        return peer;
    }

    /** Whether the endpoint closed this link: connections it closes are not the server's doing. */
    boolean closed() {
        return closed;
    }

    /** Queues one encoded message body for the peer, or drops it if the queue is full or the link closed. */
    void send(byte[] frame) {
        if (closed) {
            env.counters().droppedClosed.increment();
            return;
        }
        if (unreachable) {
            env.counters().droppedPeerDown.increment();
            return;
        }
        if (waitingCount.incrementAndGet() > env.config().maxQueuedPerPeer()) {
            waitingCount.decrementAndGet();
            env.counters().droppedQueueFull.increment();
            if (overflowing.compareAndSet(false, true)) {
                LOG.warn("{}: {} messages already wait for node {}; dropping more until they drain",
                        self, env.config().maxQueuedPerPeer(), peer);
            }
            return;
        }
        if (!env.budget().tryReserve(frame.length)) {
            waitingCount.decrementAndGet();
            env.counters().droppedOverBudget.increment();
            if (overflowing.compareAndSet(false, true)) {
                LOG.warn("{}: the node's bytes in flight are spent ({}); dropping messages for node {} until they drain",
                        self, env.budget(), peer);
            }
            return;
        }
        waiting.offer(frame);
        if (drainScheduled.compareAndSet(false, true)) {
            execute(this::drain);
        }
    }

    /** Closes the connection and drops whatever waits; further sends are dropped. */
    void close() {
        closed = true;
        execute(this::shutDown);
    }

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // The network is shutting down its event loops: nothing will be sent any more.
        }
    }

    private void drain() {
        drainScheduled.set(false);
        switch (state) {
            case IDLE -> connect();
            case READY -> writeWaiting();
            case CLOSED -> dropWaiting(env.counters().droppedClosed);
            default -> { } // CONNECTING or BACKING_OFF: frames wait for the connection
        }
    }

    private void connect() {
        if (waiting.isEmpty()) {
            return;
        }
        InetSocketAddress address = lookUp();
        if (address == null) {
            LOG.debug("{}: no address is known for node {}; dropping what waits for it", self, peer);
            dropWaiting(env.counters().droppedNoAddress);
            return;
        }
        this.address = address;
        moveTo(State.CONNECTING);
    }

    /** What entering CONNECTING does: opens a connection to {@link #address}. */
    private void open() {
        InetSocketAddress to = address;
        ChannelFuture attempt = OutboundHandler.bootstrap(this, loop, to, env).connect(to);
        Channel ch = attempt.channel();
        channel = ch;
        attempt.addListener(f -> {
            if (!f.isSuccess()) {
                env.counters().connectFailures.increment();
                LOG.debug("{}: cannot connect to node {} at {}: {}", self, peer, to, f.cause().toString());
            }
        });
        ch.closeFuture().addListener(f -> onClosed(ch));
    }

    private InetSocketAddress lookUp() {
        try {
            return env.config().addressBook().apply(peer);
        } catch (RuntimeException e) {
            LOG.warn("{}: the address book failed to look up node {}", self, peer, e);
            return null;
        }
    }

    /** The handshake on {@code ch} succeeded (on the loop): start writing. */
    void onReady(Channel ch) {
        if (ch != channel || state != State.CONNECTING) {
            ch.close();
            return;
        }
        moveTo(State.READY);
    }

    /** Netty's buffer for {@code ch} drained below its low water mark (on the loop). */
    void onWritable(Channel ch) {
        if (ch == channel && state == State.READY) {
            writeWaiting();
        }
    }

    private void onClosed(Channel ch) {
        if (ch != channel || state == State.CLOSED) {
            return;
        }
        channel = null;
        boolean wasReady = state == State.READY;
        failures = wasReady ? 1 : failures + 1;
        if (!wasReady) {
            unreachable = true;
            dropWaiting(env.counters().droppedPeerDown);
            onUnreachable.run();
        }
        moveTo(waiting.isEmpty() && wasReady ? State.IDLE : State.BACKING_OFF);
    }

    /**
     * The peer connected to us, so it is up: a link backing off from it tries again now, and sends
     * are no longer dropped. A link in any other state is left alone.
     */
    void peerIsBack() {
        execute(() -> {
            if (state == State.BACKING_OFF) {
                failures = 0;
                retry();
            }
        });
    }

    private void retry() {
        if (state == State.BACKING_OFF) {
            moveTo(State.IDLE);
            connect();
        }
    }

    /** Hands waiting frames to the socket, packed in batches, for as long as it is writable. */
    private void writeWaiting() {
        Channel ch = channel;
        boolean wrote = false;
        while (ch.isWritable() && !waiting.isEmpty()) {
            ch.write(nextBatch(ch.alloc()), ch.voidPromise());
            wrote = true;
        }
        if (wrote) {
            ch.flush();
        }
        if (waiting.isEmpty()) {
            overflowing.set(false);
        }
    }

    /** Frames from the head of the queue, in order, in one buffer; a frame larger than a batch goes alone. */
    private ByteBuf nextBatch(ByteBufAllocator alloc) {
        byte[] first = take();
        if (first.length + Frames.LENGTH_BYTES > Frames.BATCH_BYTES) {
            return Frames.single(first);
        }
        ByteBuf batch = Frames.batch(alloc, first);
        Frames.append(batch, first);
        byte[] next;
        while ((next = waiting.peek()) != null && Frames.fits(batch, next)) {
            Frames.append(batch, take());
        }
        return batch;
    }

    /** The head of the queue, which only this loop removes from, so a peeked frame is the one taken. */
    private byte[] take() {
        byte[] frame = waiting.poll();
        waitingCount.decrementAndGet();
        env.budget().release(frame.length);
        env.counters().frameOut(frame.length);
        return frame;
    }

    private void shutDown() {
        if (state == State.CLOSED) {
            dropWaiting(env.counters().droppedClosed);
        } else {
            moveTo(State.CLOSED);
        }
    }

    /** Every transition, with what entering the new state does; on the link's event loop. */
    void moveTo(State next) {
        if (!state.successors().contains(next)) {
            throw new IllegalStateException("the link from " + self + " to " + peer + " cannot go from " + state
                    + " to " + next);
        }
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        state = next;
        switch (next) {
            case IDLE -> unreachable = false;
            case CONNECTING -> open();
            case READY -> {
                failures = 0;
                unreachable = false;
                LOG.debug("{}: connected to node {} at {}", self, peer, channel.remoteAddress());
                writeWaiting();
            }
            case BACKING_OFF -> retry = loop.schedule(this::retry, env.config().reconnect().delayMillis(failures),
                    TimeUnit.MILLISECONDS);
            case CLOSED -> {
                if (channel != null) {
                    channel.close();
                    channel = null;
                }
                dropWaiting(env.counters().droppedClosed);
            }
            default -> throw new IllegalStateException("no transition enters " + next);
        }
    }

    State state() {
        return state;
    }

    private void dropWaiting(LongAdder counter) {
        byte[] frame;
        while ((frame = waiting.poll()) != null) {
            waitingCount.decrementAndGet();
            env.budget().release(frame.length);
            counter.increment();
        }
    }
}
