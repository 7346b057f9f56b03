/**
 * The load generator: {@link io.dynacart.loadgen.LoadgenCommand} (picocli, reusable as the
 * {@code dynacart loadgen} subcommand) validates the options into
 * {@link io.dynacart.loadgen.RunConfig}; {@link io.dynacart.loadgen.LoadRun} drives one run —
 * open-loop arrivals, a workload, a fault schedule, recorders — and builds the report.
 *
 * <p>Depends on cart-app and store-engine (client API and {@code LocalCluster}) only.
 */
package io.dynacart.loadgen;
