/**
 * One handler class per page (shop, cart, lab, cluster), each rendering a record view model
 * through its jte template in {@code src/main/jte}; no store or merge logic lives in a template.
 * State-changing forms post with the CSRF token and redirect back (post/redirect/get).
 */
package io.dynacart.web.pages;
