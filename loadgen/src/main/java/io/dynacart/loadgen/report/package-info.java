/**
 * The report: numbers ({@link io.dynacart.loadgen.report.Report}, built from the recorders by
 * {@link io.dynacart.loadgen.report.ReportBuilder}), the SLA and correctness verdicts, and the files
 * — {@code report.json} (Jackson) and a self-contained {@code report.html} with inline SVG charts
 * (no scripts, no network).
 *
 * <p>Depends on the {@code record}, {@code fault} and {@code workload} packages' results.
 */
package io.dynacart.loadgen.report;
