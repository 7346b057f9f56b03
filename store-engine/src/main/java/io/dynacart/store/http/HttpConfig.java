package io.dynacart.store.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node's HTTP API listens and how long it waits for the store.
 *
 * @param host          the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port          0 to 65535; 0 binds a free port ({@link NodeHttpServer#boundPort()} tells which)
 * @param adminToken    the secret admin calls will require in {@code X-Admin-Token}; no route uses it
 *                      yet, but a node must not start without one, so that adding those routes never
 *                      opens them unprotected. Never printed ({@link #toString()} hides it).
 * @param answerTimeout how long a handler waits for the store's answer before it gives up with 504.
 *                      It must exceed the longest the store itself may take, or a slow but successful
 *                      write is reported as a timeout: see {@link #answerTimeoutFor(long)}.
 */
public record HttpConfig(String host, int port, String adminToken, Duration answerTimeout) {

    /** Margin above the store's own deadline, for the hop to the event loop and back. */
    static final Duration MARGIN = Duration.ofMillis(500);

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(answerTimeout, "answerTimeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("HTTP bind host is blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("HTTP port must be 0 to 65535, was " + port);
        }
        if (adminToken.isBlank()) {
            throw new IllegalArgumentException("admin token is blank; give the node a secret token");
        }
        if (answerTimeout.isNegative() || answerTimeout.isZero()) {
            throw new IllegalArgumentException("answer timeout must be positive, was " + answerTimeout);
        }
    }

    /** A config whose answer timeout suits a store with the coordinator's default 1000 ms timeout. */
    public static HttpConfig of(String host, int port, String adminToken) {
        return new HttpConfig(host, port, adminToken, answerTimeoutFor(1000));
    }

    /**
     * The answer timeout for a node whose coordinator gives up after {@code coordinatorTimeoutMillis}:
     * twice that (a put that arrives at a non-primary is forwarded, and the forwarding node waits
     * for the primary's whole timeout plus the round trip) plus {@link #MARGIN}.
     */
    public static Duration answerTimeoutFor(long coordinatorTimeoutMillis) {
        if (coordinatorTimeoutMillis < 1) {
            throw new IllegalArgumentException("coordinator timeout must be >= 1 ms, was " + coordinatorTimeoutMillis);
        }
        return Duration.ofMillis(2 * coordinatorTimeoutMillis).plus(MARGIN);
    }

    public HttpConfig withAnswerTimeout(Duration timeout) {
        return new HttpConfig(host, port, adminToken, timeout);
    }

    /** Hides the admin token, so that logging a config never leaks it. */
    @Override
    public String toString() {
        return "HttpConfig[host=" + host + ", port=" + port + ", adminToken=***, answerTimeout="
                + answerTimeout.toMillis() + " ms]";
    }
}
