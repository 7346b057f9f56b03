/**
 * A YCSB binding ({@link io.dynacart.loadgen.ycsb.DynaCartClient}, a {@code site.ycsb.DB}) so the
 * standard YCSB workloads A–F run against DynaCart, over running nodes or an embedded cluster.
 *
 * <p>Depends on site.ycsb:core, store-engine's client API and the load generator's {@code target}.
 */
package io.dynacart.loadgen.ycsb;
