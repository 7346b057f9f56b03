/**
 * What the tests of every module share, and nothing else: the JUnit tags ({@link io.dynacart.testing.Slow},
 * {@link io.dynacart.testing.Simulated}, {@link io.dynacart.testing.Browser}), the one way to wait on
 * real threads ({@link io.dynacart.testing.Await}: a condition and a deadline, never a bare sleep) and
 * the one way to name a randomized test's seed ({@link io.dynacart.testing.Seed}: {@code -D<area>.seed=S}
 * replays a run), and the headless browser of the browser tests ({@link io.dynacart.testing.Chromium}, which
 * also takes the pictures in the repository's {@code docs/images}). Modules depend on it in test scope
 * only; it depends on JUnit's API, and optionally on Selenium (a module that drives a browser declares it).
 */
package io.dynacart.testing;
