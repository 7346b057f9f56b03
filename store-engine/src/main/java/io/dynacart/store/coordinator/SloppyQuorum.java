package io.dynacart.store.coordinator;

/**
 * How a coordinator keeps a key writable and readable while some of its replicas are silent (paper,
 * sections 4.5-4.6). A replica that has not answered within its <em>replica wait</em> is replaced by
 * the next node of the key's extended preference list for this request, and the stand-in's answer
 * counts: a hinted copy is a real copy. The wait follows each peer's measured round trip
 * ({@link ReplyTimes}: smoothed round trip plus four deviations, as TCP sets its retransmission
 * timer), clamped to {@code [minWaitMillis, maxWaitMillis]}; {@code initialWaitMillis} is used for a
 * peer not measured yet. The request timeout still bounds the whole request.
 *
 * <p>Why these defaults: on one machine a replica answers in well under a millisecond, and in a data
 * centre in one or two; a busy JVM adds pauses of tens of ms. 20 ms keeps a garbage-collection pause
 * from turning every write into a hinted one, yet a partitioned replica costs a client 20-50 ms
 * instead of the request timeout. 200 ms caps the wait on a slow link: five replacements still fit in
 * the default 1 s request timeout. A peer not measured yet gets the longest wait of the peers that
 * are, or 100 ms before any is: a first message may wait for a TCP connection and the handshake, and
 * a forwarded put taken over too early is written twice.
 *
 * @param minWaitMillis       shortest replica wait
 * @param maxWaitMillis       longest replica wait
 * @param initialWaitMillis   the wait for a peer whose round trip was never measured
 * @param fallbackCoordinates whether a node outside the key's first N coordinates a put itself when
 *                            no primary shows a sign of life within the wait (with hints, under an
 *                            actor of its own). Off, such a put fails: every clock then names only
 *                            replicas, at the cost of refusing writes that a partition cut off from
 *                            all of their primaries (what Dynamo exists to avoid).
 */
public record SloppyQuorum(long minWaitMillis, long maxWaitMillis, long initialWaitMillis,
                           boolean fallbackCoordinates) {

    public static final SloppyQuorum DEFAULT = new SloppyQuorum(20, 200, 100, true);

    public SloppyQuorum {
        if (minWaitMillis < 1 || maxWaitMillis < minWaitMillis) {
            throw new IllegalArgumentException("replica wait needs 1 <= min <= max, were " + minWaitMillis + " and "
                    + maxWaitMillis + " ms");
        }
        if (initialWaitMillis < minWaitMillis || initialWaitMillis > maxWaitMillis) {
            throw new IllegalArgumentException("initial replica wait " + initialWaitMillis + " ms is outside ["
                    + minWaitMillis + ", " + maxWaitMillis + "] ms");
        }
    }

    /**
     * The coordinator before sloppy replacement and fallback coordination: a silent replica is only
     * replaced at the request deadline ({@code waitMillis} = the request timeout), and a put that
     * reaches no primary fails. Kept to show what {@code AlwaysWriteable} catches.
     */
    public static SloppyQuorum strict(long timeoutMillis) {
        return new SloppyQuorum(timeoutMillis, timeoutMillis, timeoutMillis, false);
    }
}
