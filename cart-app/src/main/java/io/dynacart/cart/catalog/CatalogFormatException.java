package io.dynacart.cart.catalog;

/** The bytes under the catalog's key are not a catalog this version can read. */
public final class CatalogFormatException extends RuntimeException {

    public CatalogFormatException(String message) {
        super(message);
    }

    public CatalogFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
