package io.dynacart.cart.service;

import io.dynacart.store.identity.Names;
import io.dynacart.cart.CartId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ids of carts this shop may touch. An id is {@code label.mac}, where the mac is an HMAC-SHA256
 * of the label under the shop's secret, so a forged or mistyped id, or another shop's, is refused
 * before the store is asked. A cart id is a bearer token, like a session cookie: whoever holds it
 * may edit the cart.
 *
 * <p>Shops that share carts (several web servers, the load generator against a running cluster) must
 * share the secret; ids issued under a random secret are valid only for that {@code CartIds}.
 */
public final class CartIds {

    /** The shortest secret accepted, in bytes. */
    public static final int MIN_SECRET = 16;
    /** The longest label {@link #named} takes: the id must stay a valid identifier. */
    public static final int MAX_LABEL = Names.MAX_LENGTH - 1 - 16;

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private CartIds(byte[] secret) {
        if (secret.length < MIN_SECRET) {
            throw new IllegalArgumentException("a cart-id secret needs at least " + MIN_SECRET + " bytes, got " + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    public static CartIds withSecret(byte[] secret) {
        return new CartIds(secret);
    }

    /** Ids under a fresh random secret: valid for this instance only. */
    public static CartIds random() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new CartIds(secret);
    }

    /** A new cart's id: a random 20-character label and its mac. */
    public CartId issue() {
        byte[] raw = new byte[13];
        RANDOM.nextBytes(raw);
        return named(base32(raw).substring(0, 20));
    }

    /**
     * The id of the cart labelled {@code label}: the same label always gives the same id (the
     * load generator's shoppers and the lab's carts use this).
     */
    public CartId named(String label) {
        Names.requireValid("cart label", label);
        if (label.length() > MAX_LABEL) {
            throw new IllegalArgumentException("a cart label has at most " + MAX_LABEL + " characters, was " + label.length());
        }
        return CartId.of(label + "." + mac(label));
    }

    /** Whether this shop issued {@code id}. */
    public boolean owns(CartId id) {
        String value = id.value();
        int dot = value.lastIndexOf('.');
        if (dot <= 0 || dot != value.length() - 17) {
            return false;
        }
        String label = value.substring(0, dot);
        return MessageDigest.isEqual(mac(label).getBytes(StandardCharsets.US_ASCII),
                value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    /** Throws {@link CartRejectedException} ({@code FOREIGN_CART}) unless this shop issued {@code id}. */
    public CartId requireOwned(CartId id) {
        if (!owns(id)) {
            throw new CartRejectedException(CartRejectedException.Reason.FOREIGN_CART,
                    "cart \"" + id + "\" was not issued by this shop; start a new cart");
        }
        return id;
    }

    private String mac(String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return base32(mac.doFinal(label.getBytes(StandardCharsets.US_ASCII))).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}
