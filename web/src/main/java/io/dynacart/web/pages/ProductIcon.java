package io.dynacart.web.pages;

import io.dynacart.cart.Product;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * A product's picture, generated: an SVG square whose colour comes from the product's id, with a
 * shape for its shelf and the initials of its name. Deterministic, so every page and replica draws the
 * same icon, and self-contained, so the demo needs no image files or network. The SVG holds only
 * characters this class chose (initials are ASCII letters and digits), so it is safe to inline.
 */
public final class ProductIcon {

    private ProductIcon() {}

    /** The icon of {@code product} as an SVG document, {@code size} pixels square (16 to 1024). */
    public static String svg(Product product, int size) {
        if (size < 16 || size > 1024) {
            throw new IllegalArgumentException("icon size must be 16 to 1024 pixels, was " + size);
        }
        int hue = Math.floorMod(fnv(product.id().value()), 360);
        String background = "hsl(" + hue + ",55%,88%)";
        String ink = "hsl(" + hue + ",45%,32%)";
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\" width=\"" + size
                + "\" height=\"" + size + "\" role=\"img\">"
                + "<rect width=\"100\" height=\"100\" rx=\"14\" fill=\"" + background + "\"/>"
                + shape(product.category(), ink)
                + "<text x=\"50\" y=\"88\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"18\""
                + " font-weight=\"bold\" fill=\"" + ink + "\">" + initials(product.name()) + "</text>"
                + "</svg>";
    }

    /** The icon as a {@code data:} URI, for an {@code <img src>}. */
    public static String dataUri(Product product, int size) {
        return "data:image/svg+xml;base64,"
                + Base64.getEncoder().encodeToString(svg(product, size).getBytes(StandardCharsets.UTF_8));
    }

    private static String shape(String category, String ink) {
        String fill = " fill=\"none\" stroke=\"" + ink + "\" stroke-width=\"5\" stroke-linejoin=\"round\"";
        switch (category.toLowerCase(Locale.ROOT)) {
            case "kitchen":
                return "<path d=\"M25 30 h50 l-6 34 h-38 z\"" + fill + "/>";
            case "pantry":
                return "<rect x=\"32\" y=\"16\" width=\"36\" height=\"50\" rx=\"6\"" + fill + "/>";
            case "office":
                return "<path d=\"M28 18 h36 l8 8 v40 h-44 z\"" + fill + "/>";
            case "electronics":
                return "<rect x=\"20\" y=\"22\" width=\"60\" height=\"38\" rx=\"4\"" + fill + "/>";
            case "outdoors":
                return "<path d=\"M14 64 l24 -42 l14 22 l10 -12 l24 32 z\"" + fill + "/>";
            case "books":
                return "<path d=\"M22 20 h24 v46 h-24 z M54 20 h24 v46 h-24 z\"" + fill + "/>";
            default:
                return "<circle cx=\"50\" cy=\"42\" r=\"24\"" + fill + "/>";
        }
    }

    /** Up to two initials: the first letter or digit of the first two words that have one. */
    static String initials(String name) {
        StringBuilder out = new StringBuilder();
        for (String word : name.split("\\s+")) {
            for (int i = 0; i < word.length() && out.length() < 2; i++) {
                char c = word.charAt(i);
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                    out.append(Character.toUpperCase(c));
                    break;
                }
            }
        }
        return out.length() == 0 ? "?" : out.toString();
    }

    private static int fnv(String s) {
        int h = 0x811c9dc5;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x01000193;
        }
        return h;
    }
}
