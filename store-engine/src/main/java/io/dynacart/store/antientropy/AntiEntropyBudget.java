package io.dynacart.store.antientropy;

import io.dynacart.store.time.Clock;
import java.util.function.DoubleSupplier;

/**
 * What anti-entropy may move, so that it never crowds out foreground requests: a token bucket on
 * keys (sibling sets shipped) and one on bytes (every anti-entropy message, hashes included), each
 * refilled at its rate per second and holding at most one second's worth, so a burst after a quiet
 * spell is bounded too.
 *
 * <p>Why both: a key costs the receiver a storage merge (a write, on its event loop) whatever its
 * size, so keys per second bounds the work done; bytes per second bounds the share of the network.
 * A message costing more than a whole second's worth (one huge sibling set) is let through once the
 * bucket is full and leaves it in debt, so the average rate holds and nothing is stuck forever.
 *
 * <p>Both rates are scaled by the node's background share ({@code budget.BackgroundShare}, in
 * (0, 1]), read at every refill: while the foreground's latency is high the bucket refills slower
 * and holds less. The share never reaches zero, so anti-entropy slows down but always finishes.
 *
 * <p>Not thread-safe: one node's event loop uses it.
 */
public final class AntiEntropyBudget {

    private final Clock clock;
    private final double keysPerSecond;
    private final double bytesPerSecond;
    private final DoubleSupplier share;
    private double keyRate;
    private double byteRate;
    private double keys;
    private double bytes;
    private long refilledAt;

    /** A full budget of {@code keysPerSecond} keys and {@code bytesPerSecond} bytes a second, always. */
    public AntiEntropyBudget(long keysPerSecond, long bytesPerSecond, Clock clock) {
        this(keysPerSecond, bytesPerSecond, clock, () -> 1);
    }

    /** {@code keysPerSecond} and {@code bytesPerSecond} times the background share {@code share} (in (0, 1]). */
    public AntiEntropyBudget(long keysPerSecond, long bytesPerSecond, Clock clock, DoubleSupplier share) {
        if (keysPerSecond < 1 || bytesPerSecond < 1) {
            throw new IllegalArgumentException("rates must be >= 1 a second, were " + keysPerSecond + " keys and "
                    + bytesPerSecond + " bytes");
        }
        this.clock = clock;
        this.keysPerSecond = keysPerSecond;
        this.bytesPerSecond = bytesPerSecond;
        this.share = share;
        this.keyRate = keysPerSecond;
        this.byteRate = bytesPerSecond;
        this.keys = keysPerSecond;
        this.bytes = bytesPerSecond;
        this.refilledAt = clock.nowMillis();
    }

    /** Spends {@code keyCost} keys and {@code byteCost} bytes if the budget allows it now; otherwise spends nothing. */
    public boolean tryAcquire(int keyCost, long byteCost) {
        refill();
        if (keys < Math.min(keyCost, keyRate) || bytes < Math.min(byteCost, byteRate)) {
            return false;
        }
        keys -= keyCost;
        bytes -= byteCost;
        return true;
    }

    /** How long until {@link #tryAcquire} of this cost would succeed, at least 1 ms when it would not now. */
    public long millisUntilAvailable(int keyCost, long byteCost) {
        refill();
        double keyWait = (Math.min(keyCost, keyRate) - keys) / keyRate;
        double byteWait = (Math.min(byteCost, byteRate) - bytes) / byteRate;
        double seconds = Math.max(keyWait, byteWait);
        return seconds <= 0 ? 0 : Math.max(1, (long) Math.ceil(seconds * 1000));
    }

    private void refill() {
        long now = clock.nowMillis();
        long elapsed = Math.max(0, now - refilledAt);
        refilledAt = Math.max(refilledAt, now);
        double scale = Math.max(Double.MIN_NORMAL, Math.min(1, share.getAsDouble()));
        keyRate = keysPerSecond * scale;
        byteRate = bytesPerSecond * scale;
        keys = Math.min(keyRate, keys + keyRate * elapsed / 1000.0);
        bytes = Math.min(byteRate, bytes + byteRate * elapsed / 1000.0);
    }
}
