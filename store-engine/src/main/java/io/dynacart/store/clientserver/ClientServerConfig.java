package io.dynacart.store.clientserver;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node's client protocol server listens and whom it serves.
 *
 * @param host          the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port          0 to 65535; 0 binds a free port ({@link ClientServer#boundPort()} tells which)
 * @param token         the client token a HELLO must carry; "" = the node takes any client. Never
 *                      printed ({@link #toString()} hides it)
 * @param answerTimeout how long a request waits for the store before it is answered TIMEOUT; the
 *                      HTTP API's answer timeout, for the same reasons
 */
public record ClientServerConfig(String host, int port, String token, Duration answerTimeout) {

    public ClientServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(answerTimeout, "answerTimeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("client protocol bind host is blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("client protocol port must be 0 to 65535, was " + port);
        }
        if (answerTimeout.isNegative() || answerTimeout.isZero()) {
            throw new IllegalArgumentException("answer timeout must be positive, was " + answerTimeout);
        }
    }

    @Override
    public String toString() {
        return "ClientServerConfig[host=" + host + ", port=" + port + ", token=" + (token.isEmpty() ? "none" : "***")
                + ", answerTimeout=" + answerTimeout.toMillis() + " ms]";
    }
}
