package io.dynacart.loadgen.workload;

import java.util.List;

/** How a run's data came out: what was acknowledged against what the store holds at the end. */
public sealed interface Correctness permits CartCorrectness, KvCorrectness {

    boolean passed();

    /** One line for the console and the report's verdict. */
    String summary();

    /** A few of the failures, for a human to start from. */
    List<String> examples();
}
