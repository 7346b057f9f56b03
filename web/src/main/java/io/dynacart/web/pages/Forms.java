package io.dynacart.web.pages;

import io.dynacart.cart.ProductId;
import io.dynacart.store.identity.Names;
import io.dynacart.web.http.WebException;
import io.javalin.http.Context;

/** Reading a page form's fields: a missing or malformed field is a 400 that names it. */
final class Forms {

    private Forms() {}

    static ProductId product(Context ctx) {
        String value = ctx.formParam("product");
        if (value == null || Names.problemWith("product id", value) != null) {
            throw new WebException(400, "The form names no valid product.");
        }
        return ProductId.of(value);
    }

    /** A whole number in the form's {@code quantity} field (range checks are the cart service's). */
    static int quantity(Context ctx, int absent) {
        String value = ctx.formParam("quantity");
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            String shown = value.length() > 20 ? value.substring(0, 20) + "…" : value;
            throw new WebException(400, "The quantity must be a whole number, not \"" + shown + "\".");
        }
    }
}
