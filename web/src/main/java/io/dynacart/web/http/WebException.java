package io.dynacart.web.http;

/** A request the web server refuses, with the status and a message fit to show the user. */
public final class WebException extends RuntimeException {

    private final int status;

    public WebException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
