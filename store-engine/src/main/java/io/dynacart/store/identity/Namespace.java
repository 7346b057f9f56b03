package io.dynacart.store.identity;

import java.util.Objects;

/**
 * The namespace a key belongs to: a store within the store, with its own N, R, W, reconciliation
 * and expiry (paper, section 2: one Dynamo instance per application, each tuned for it). Named by
 * the one name rule ({@link Names}), at most {@value #MAX_LENGTH} characters. {@link #DEFAULT}
 * holds every key written without a namespace, with the cluster's own settings.
 */
public record Namespace(String name) implements Comparable<Namespace> {

    /** Longest namespace name. */
    public static final int MAX_LENGTH = 32;

    /** The namespace of keys written without one. */
    public static final Namespace DEFAULT = new Namespace("default");

    public Namespace {
        Objects.requireNonNull(name, "namespace");
        String problem = problemWith(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public static Namespace of(String name) {
        return name.equals(DEFAULT.name) ? DEFAULT : new Namespace(name);
    }

    /** Why {@code candidate} is not a valid namespace name, or {@code null} when it is. */
    public static String problemWith(String candidate) {
        if (candidate.length() > MAX_LENGTH) {
            return "namespace is " + candidate.length() + " characters long; at most " + MAX_LENGTH + " are allowed";
        }
        return Names.problemWith("namespace", candidate);
    }

    public boolean isDefault() {
        return equals(DEFAULT);
    }

    @Override
    public int compareTo(Namespace other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
