/**
 * The carts behind the pages: the shop's {@link io.dynacart.cart.service.CartService} and each
 * browser's cart cookie ({@link io.dynacart.web.shop.Shop}), and the divergence lab's two devices
 * and inspector ({@link io.dynacart.web.shop.Lab}). Depends on cart-app and store-engine.
 */
package io.dynacart.web.shop;
