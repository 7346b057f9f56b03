package io.dynacart.store.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node runtime has opened, each with the step that releases it, run in reverse order of
 * opening: the one way a runtime is taken apart, whether it stops or fails halfway through its
 * start. A step that fails is logged and the next one still runs.
 */
final class Teardown {

    private static final Logger LOG = LoggerFactory.getLogger(Teardown.class);

    private final Deque<Step> steps = new ArrayDeque<>();

    /** A release step, named for the log if it fails. */
    private record Step(String what, Runnable release) {
    }

    /** Registers {@code release} of {@code part} to run before everything registered so far; returns {@code part}. */
    <T> T opened(String what, T part, Consumer<? super T> release) {
        steps.push(new Step(what, () -> release.accept(part)));
        return part;
    }

    /** Runs every step once, newest first. */
    void run() {
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.release().run();
            } catch (RuntimeException e) {
                LOG.warn("closing the node's {} failed", step.what(), e);
            }
        }
    }
}
