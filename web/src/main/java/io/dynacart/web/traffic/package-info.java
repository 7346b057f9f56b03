/**
 * Background traffic for the demo, so that its charts move: {@link io.dynacart.web.traffic.Shoppers}
 * read and write baskets at a gentle, open-loop rate. Depends on store-engine's api only.
 */
package io.dynacart.web.traffic;
