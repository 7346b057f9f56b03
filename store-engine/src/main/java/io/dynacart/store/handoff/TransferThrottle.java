package io.dynacart.store.handoff;

import io.dynacart.store.time.Clock;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * A node's byte budget for partition transfer, so that a join or leave does not starve foreground
 * traffic: a token bucket that fills at {@code bytesPerSecond} up to {@code burstBytes}.
 *
 * <p>A chunk's size is known only once it arrives, so the bucket may go into debt: a receiver asks
 * {@link #waitMillis()} before each request (zero while the balance is positive) and {@link #spend}s
 * what actually arrived. What must hold: over any interval of T ms the bytes spent are at most
 * {@code burstBytes + bytesPerSecond * T / 1000} plus one chunk per concurrent transfer (the chunks
 * requested while the balance was still positive). All of a node's transfers share one throttle.
 *
 * <p>The rate and the burst are scaled by the node's background share ({@code budget.BackgroundShare},
 * in (0, 1]), read at every refill, so transfers slow down while the foreground's latency is high
 * and never stop.
 *
 * <p>Confined to the node's event loop, like the transfers it paces.
 */
public final class TransferThrottle {

    private final Clock clock;
    private final long bytesPerSecond;
    private final long burstBytes;
    private final DoubleSupplier share;
    private double rate;
    private double balance;
    private long lastMillis;

    /** A bucket that starts full, at its full rate always. */
    public TransferThrottle(Clock clock, long bytesPerSecond, long burstBytes) {
        this(clock, bytesPerSecond, burstBytes, () -> 1);
    }

    /** A bucket that starts full, its rate and burst times the background share {@code share}. */
    public TransferThrottle(Clock clock, long bytesPerSecond, long burstBytes, DoubleSupplier share) {
        this.share = Objects.requireNonNull(share, "share");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("transfer rate must be >= 1 byte per second, was " + bytesPerSecond);
        }
        if (burstBytes < 1) {
            throw new IllegalArgumentException("burst must be >= 1 byte, was " + burstBytes);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.burstBytes = burstBytes;
        this.rate = bytesPerSecond;
        this.balance = burstBytes;
        this.lastMillis = clock.nowMillis();
    }

    /** No limit: every wait is zero. */
    public static TransferThrottle unlimited() {
        return new TransferThrottle(() -> 0, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** How long to wait before the next request: 0 while the balance is positive, else until it is. */
    public long waitMillis() {
        refill();
        if (balance > 0) {
            return 0;
        }
        return (long) Math.floor(-balance * 1000.0 / rate) + 1;
    }

    /** Takes {@code bytes} that arrived from the balance, which may go below zero. */
    public void spend(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes spent must be >= 0, was " + bytes);
        }
        refill();
        balance -= bytes;
    }

    private void refill() {
        long now = clock.nowMillis();
        long elapsed = Math.max(0, now - lastMillis);
        lastMillis = Math.max(lastMillis, now);
        double scale = Math.max(Double.MIN_NORMAL, Math.min(1, share.getAsDouble()));
        rate = bytesPerSecond * scale;
        balance = Math.min(Math.max(1, burstBytes * scale), balance + elapsed * rate / 1000.0);
    }
}
