package io.dynacart.store.handoff;

import io.dynacart.store.transport.TransferMessage;

/**
 * How a node receives partitions.
 *
 * @param maxConcurrent        partitions received at once; each has one chunk in flight
 * @param chunkBytes           what a request asks for; a chunk holds up to this plus one key's siblings
 * @param requestTimeoutMillis how long a request waits for its chunk before it counts as missed
 * @param attemptsPerSource    missed requests in a row after which the next source is asked
 */
public record TransferConfig(int maxConcurrent, int chunkBytes, long requestTimeoutMillis, int attemptsPerSource) {

    /** Two partitions at a time, 256 KiB chunks, 2 s per request, 3 attempts per source. */
    public static final TransferConfig DEFAULT = new TransferConfig(2, 256 << 10, 2_000, 3);

    public TransferConfig {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("concurrent transfers must be >= 1, was " + maxConcurrent);
        }
        if (chunkBytes < 1 || chunkBytes > TransferMessage.MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("chunk size must be 1 to " + TransferMessage.MAX_CHUNK_BYTES
                    + " bytes, was " + chunkBytes);
        }
        if (requestTimeoutMillis < 1) {
            throw new IllegalArgumentException("request timeout must be >= 1 ms, was " + requestTimeoutMillis);
        }
        if (attemptsPerSource < 1) {
            throw new IllegalArgumentException("attempts per source must be >= 1, was " + attemptsPerSource);
        }
    }
}
