package io.dynacart.store.transport.tcp;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link TcpStats}, bumped from any thread without contention. */
final class Counters {

    final LongAdder connectionsOpened = new LongAdder();
    final LongAdder connectionsRefused = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder badFrames = new LongAdder();
    final LongAdder framesOut = new LongAdder();
    final LongAdder framesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder droppedQueueFull = new LongAdder();
    final LongAdder droppedNoAddress = new LongAdder();
    final LongAdder droppedTooLarge = new LongAdder();
    final LongAdder droppedClosed = new LongAdder();
    final LongAdder droppedPeerDown = new LongAdder();
    final LongAdder droppedOverBudget = new LongAdder();
    final LongAdder connectionsShed = new LongAdder();

    /** A frame of {@code bodyBytes} went out, behind its 4-byte length prefix. */
    void frameOut(int bodyBytes) {
        framesOut.increment();
        bytesOut.add(bodyBytes + Frames.LENGTH_BYTES);
    }

    /** A frame of {@code bodyBytes} came in and decoded. */
    void frameIn(int bodyBytes) {
        framesIn.increment();
        bytesIn.add(bodyBytes + Frames.LENGTH_BYTES);
    }

    TcpStats snapshot() {
        return new TcpStats(connectionsOpened.sum(), connectionsRefused.sum(), connectFailures.sum(), badFrames.sum(),
                framesOut.sum(), framesIn.sum(), bytesOut.sum(), bytesIn.sum(),
                droppedQueueFull.sum(), droppedNoAddress.sum(), droppedTooLarge.sum(), droppedClosed.sum(),
                droppedPeerDown.sum(), droppedOverBudget.sum(), connectionsShed.sum());
    }
}
