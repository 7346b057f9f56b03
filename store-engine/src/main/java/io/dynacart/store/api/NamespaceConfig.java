package io.dynacart.store.api;

import io.dynacart.store.identity.Namespace;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a namespace is: its replication ({@code quorum}: N, and the R and W a request uses when it
 * names none), how it reconciles divergent versions, how long a key lives after its last write,
 * and caps on a key's siblings below the cluster's. Gossiped with the membership, so every node
 * agrees on it; {@code version} orders changes (a change is the previous version plus one).
 *
 * @param ttlSeconds      0: keys never expire; else a key reads as absent this many seconds after
 *                        its last write
 * @param maxSiblings     0: the cluster's cap; else at most this many siblings per key
 * @param maxSiblingBytes 0: the cluster's cap; else at most this many bytes of siblings per key (at least
 *                        {@link Value#MAX_BYTES}, so that one value always fits)
 */
public record NamespaceConfig(Namespace namespace, Quorum quorum, Reconcile reconcile, long ttlSeconds,
                              int maxSiblings, long maxSiblingBytes, long version) {

    /** The longest expiry a namespace may have: 100 years. */
    public static final long MAX_TTL_SECONDS = 100L * 366 * 24 * 3600;

    public NamespaceConfig {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(quorum, "quorum");
        Objects.requireNonNull(reconcile, "reconcile");
        if (quorum.r() == Quorum.LOCAL || quorum.w() == Quorum.LOCAL) {
            throw new IllegalArgumentException("a namespace's R and W are numbers from 1 to N; local is asked per"
                    + " request, was " + quorum);
        }
        if (ttlSeconds < 0 || ttlSeconds > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException("ttl must be from 0 (never) to " + MAX_TTL_SECONDS + " seconds, was "
                    + ttlSeconds);
        }
        if (maxSiblings < 0) {
            throw new IllegalArgumentException("max siblings must be 0 (the cluster's cap) or more, was " + maxSiblings);
        }
        if (maxSiblingBytes != 0 && maxSiblingBytes < Value.MAX_BYTES) {
            throw new IllegalArgumentException("max sibling bytes must be 0 (the cluster's cap) or at least the value"
                    + " limit of " + Value.MAX_BYTES + " bytes, was " + maxSiblingBytes);
        }
        if (version < 0) {
            throw new IllegalArgumentException("version must be 0 or more, was " + version);
        }
    }

    /**
     * Seconds of a ttl written as {@code 90}, {@code 90s}, {@code 15m}, {@code 12h}, {@code 30d} or
     * {@code none} (0: never expires).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static long parseTtl(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none") || t.equals("0")) {
            return 0;
        }
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 's' -> unit = 1;
            case 'm' -> unit = 60;
            case 'h' -> unit = 3600;
            case 'd' -> unit = 86_400;
            default -> unit = 0;
        }
        String digits = unit == 0 ? t : t.substring(0, t.length() - 1);
        try {
            long amount = Long.parseLong(digits);
            if (amount < 0 || amount > MAX_TTL_SECONDS) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(amount, unit == 0 ? 1 : unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("ttl must be seconds, a number with a unit (90s, 15m, 12h, 30d) or"
                    + " 'none', was '" + text + "'");
        }
    }

    /** A namespace with {@code quorum}, siblings, no expiry and the cluster's sibling caps, at version 1. */
    public static NamespaceConfig of(Namespace namespace, Quorum quorum) {
        return new NamespaceConfig(namespace, quorum, Reconcile.SIBLINGS, 0, 0, 0, 1);
    }

    /** What the default namespace is: the cluster's quorum, siblings, no expiry. Never changes. */
    public static NamespaceConfig defaultFor(Quorum clusterQuorum) {
        return new NamespaceConfig(Namespace.DEFAULT, clusterQuorum, Reconcile.SIBLINGS, 0, 0, 0, 0);
    }

    /** Whether a version written at {@code writtenAtMillis} has expired at {@code nowMillis}. */
    public boolean expired(long writtenAtMillis, long nowMillis) {
        return ttlSeconds > 0 && writtenAtMillis + ttlSeconds * 1000 <= nowMillis;
    }

    public Optional<Duration> ttl() {
        return ttlSeconds == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(ttlSeconds));
    }

    public NamespaceConfig withQuorum(Quorum q) {
        return new NamespaceConfig(namespace, q, reconcile, ttlSeconds, maxSiblings, maxSiblingBytes, version);
    }

    public NamespaceConfig withReconcile(Reconcile r) {
        return new NamespaceConfig(namespace, quorum, r, ttlSeconds, maxSiblings, maxSiblingBytes, version);
    }

    public NamespaceConfig withTtlSeconds(long seconds) {
        return new NamespaceConfig(namespace, quorum, reconcile, seconds, maxSiblings, maxSiblingBytes, version);
    }

    public NamespaceConfig withSiblingCaps(int siblings, long bytes) {
        return new NamespaceConfig(namespace, quorum, reconcile, ttlSeconds, siblings, bytes, version);
    }

    public NamespaceConfig withVersion(long v) {
        return new NamespaceConfig(namespace, quorum, reconcile, ttlSeconds, maxSiblings, maxSiblingBytes, v);
    }

    /** Whether this and {@code other} say the same, whatever their versions. */
    public boolean sameSettings(NamespaceConfig other) {
        return withVersion(0).equals(other.withVersion(0));
    }
}
