package io.dynacart.store.antientropy;

/**
 * What a node's anti-entropy has done since it started.
 *
 * @param sessionsStarted exchanges this node began as initiator
 * @param sessionsCompleted of those, the ones that ran to the end (both replicas then held the same versions)
 * @param sessionsAborted of those, the ones given up (peer silent, or it declined)
 * @param keysSent sibling sets this node shipped, as initiator (pushes) or responder (fetches answered)
 * @param keysReceived sibling sets this node merged from peers, in either role
 * @param bytesSent bytes of anti-entropy messages this node sent, hashes and digests included
 */
public record AntiEntropyStats(long sessionsStarted, long sessionsCompleted, long sessionsAborted, long keysSent,
                               long keysReceived, long bytesSent) {
}
