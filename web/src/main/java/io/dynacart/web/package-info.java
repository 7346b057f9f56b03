/**
 * The demo (docs/DEMO.md): {@link io.dynacart.web.DemoApp} runs an embedded
 * {@link io.dynacart.store.cluster.LocalCluster} with its data in {@link io.dynacart.web.DemoData},
 * and {@link io.dynacart.web.WebServer} serves the shop, the divergence lab and the cluster
 * dashboard over it (Javalin 7, jte templates compiled at build time, assets from WebJars).
 *
 * <p>Shows the paper's section 4.4 (the shopping cart and its reconciliation), 4.2-4.6 at work
 * (ring, quorums, hinted handoff, anti-entropy) and 6.3 (divergence measured). May depend on
 * store-engine and cart-app; neither knows of it.
 */
package io.dynacart.web;
