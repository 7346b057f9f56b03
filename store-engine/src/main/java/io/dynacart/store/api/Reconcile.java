package io.dynacart.store.api;

import java.util.Locale;

/**
 * How a namespace reconciles divergent versions of a key (paper, section 4.4).
 */
public enum Reconcile {
    /**
     * Every concurrent version is kept and returned to the client, which merges them and writes the
     * merge back with the read's context: the shopping cart's way, which never loses an update.
     */
    SIBLINGS,
    /**
     * The store keeps only the version written last, by the coordinator's clock (ties broken by the
     * versions' clocks, the same way on every replica): a session store's way. Of two concurrent
     * writes, one is lost, as the paper says of this mode.
     */
    LAST_WRITE_WINS;

    /** The name used by the HTTP API and the CLI: {@code siblings} or {@code last-write-wins}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The mode named {@code text}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Reconcile parse(String text) {
        for (Reconcile r : values()) {
            if (r.text().equals(text)) {
                return r;
            }
        }
        throw new IllegalArgumentException("reconcile must be 'siblings' or 'last-write-wins', was '" + text + "'");
    }
}
