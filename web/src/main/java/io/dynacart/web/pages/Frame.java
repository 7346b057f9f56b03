package io.dynacart.web.pages;

/**
 * What every page's layout needs: the title, which tab is active, the CSRF token for its forms and
 * the cart badge.
 *
 * @param active    {@code shop}, {@code cart}, {@code lab}, {@code cluster}, {@code keys}, or "" for none
 * @param csrf      the token forms on this page carry ("" on pages without forms)
 * @param cartItems units in the browser's cart, or -1 when not shown
 */
public record Frame(String title, String active, String csrf, long cartItems) {

    /** A page with no forms and no badge, e.g. an error page. */
    public static Frame plain(String title) {
        return new Frame(title, "", "", -1);
    }
}
