/**
 * The workloads, a sealed pair: {@link io.dynacart.loadgen.workload.CartWorkload} (shoppers with two
 * devices per cart, the paper's section 4.4) and {@link io.dynacart.loadgen.workload.KvWorkload}
 * (reads and updates, uniform or zipfian keys). Each keeps a ledger of what the store acknowledged
 * and, at the end, reads everything back and judges it ({@link io.dynacart.loadgen.workload.Correctness}).
 *
 * <p>Depends on cart-app's service, catalog and merge packages, store-engine's client API, and the
 * load generator's {@code target}.
 */
package io.dynacart.loadgen.workload;
