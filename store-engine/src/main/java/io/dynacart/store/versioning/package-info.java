/**
 * Versions and their causal order: vector clocks, dotted versions, syntactic reconciliation and
 * the context a client carries from a get to its put (paper, section 4.4, "Data versioning").
 *
 * <p>A key holds one or more sibling {@link io.dynacart.store.versioning.Versioned versions}. A
 * version's clock is a {@link io.dynacart.store.versioning.DottedVersionVector}: the write's own
 * event plus the past its client had seen, so that a put erases exactly what its
 * {@link io.dynacart.store.versioning.Context context} named.
 * {@link io.dynacart.store.versioning.Reconciliation} folds versions into a sibling set by causality
 * alone; merging sibling values is the application's job (the cart's merge policies).
 *
 * <p>Pure values and functions: no I/O, no clock, no threads. Depends only on
 * {@code io.dynacart.store.identity} and the JDK.
 */
package io.dynacart.store.versioning;
