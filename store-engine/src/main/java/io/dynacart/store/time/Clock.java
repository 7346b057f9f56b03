package io.dynacart.store.time;

/** Wall-clock time in milliseconds: stamps clock entries and hints. The simulator's is virtual. */
@FunctionalInterface
public interface Clock {

    long nowMillis();

    /** The system clock. */
    static Clock system() {
        return System::currentTimeMillis;
    }
}
