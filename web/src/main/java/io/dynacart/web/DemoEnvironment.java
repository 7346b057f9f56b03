package io.dynacart.web;

import io.dynacart.web.control.ClusterControl;
import io.dynacart.web.http.Csrf;
import io.dynacart.web.metrics.StoreMetrics;
import io.dynacart.web.shop.Lab;
import io.dynacart.web.shop.Shop;
import io.dynacart.web.shop.Visits;
import io.dynacart.web.traffic.Shoppers;

/**
 * What the web server serves: the shop, its visitors' sessions and the lab, the cluster's control, its metrics, the
 * background shoppers, and the CSRF key. Built by {@link DemoApp} (or a test) and handed to {@link WebServer}.
 *
 * @param shopperRate the background shoppers' visits a second when switched on
 * @param home        where {@code /} redirects
 */
public record DemoEnvironment(Shop shop, Visits visits, Lab lab, ClusterControl control, StoreMetrics metrics, Shoppers shoppers,
                           int shopperRate, Csrf csrf, String home) {
}
