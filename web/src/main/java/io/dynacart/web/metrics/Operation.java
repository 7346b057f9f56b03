package io.dynacart.web.metrics;

import java.util.Locale;

/** The store operations the demo measures. */
public enum Operation {
    GET, PUT, DELETE;

    /** The name in JSON and on the page: {@code get}, {@code put}, {@code delete}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
