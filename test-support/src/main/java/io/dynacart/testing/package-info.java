/**
 * What the tests of every module share, and nothing else: the JUnit tags ({@link io.dynacart.testing.Slow},
 * {@link io.dynacart.testing.Simulation}, {@link io.dynacart.testing.Browser}), the one way to wait on
 * real threads ({@link io.dynacart.testing.Await}: a condition and a deadline, never a bare sleep).
 * Modules depend on it in test scope only; it depends on JUnit's API alone.
 */
package io.dynacart.testing;
