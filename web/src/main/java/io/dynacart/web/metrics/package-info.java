/**
 * What the cluster page charts: per-operation latency (HdrHistogram, per second), throughput, and
 * how many versions each read saw (the paper's section 6.3 divergence figure), recorded by
 * store-engine's {@code MeteredKvStore} around any store. Depends on store-engine's api only.
 */
package io.dynacart.web.metrics;
