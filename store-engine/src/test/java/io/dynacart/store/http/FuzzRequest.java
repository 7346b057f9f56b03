package io.dynacart.store.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/1.x request as the fuzzer builds and mutates it, field by field, then renders to the bytes
 * sent. Text fields hold one byte per char (ISO-8859-1), so they can carry any byte, valid or not;
 * nothing is added at rendering: framing headers ({@code Content-Length}, {@code Transfer-Encoding})
 * are ordinary headers that the builder sets and the mutations may falsify.
 */
final class FuzzRequest {

    String method;
    String target;
    String version = "HTTP/1.1";
    String lineEnd = "\r\n";
    /** In order, each {name, value}; a null name renders the value alone (a line without a colon). */
    final List<String[]> headers = new ArrayList<>();
    /** The body's bytes as they go on the wire (already chunked, if chunked). */
    byte[] wire = new byte[0];

    FuzzRequest(String method, String target) {
        this.method = method;
        this.target = target;
    }

    /** The first value of header {@code name} (case-insensitive), or null. */
    String header(String name) {
        for (String[] h : headers) {
            if (h[0] != null && h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    /** Every value of header {@code name}. */
    List<String> headers(String name) {
        return headers.stream().filter(h -> h[0] != null && h[0].equalsIgnoreCase(name)).map(h -> h[1]).toList();
    }

    FuzzRequest add(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    /** Replaces every header {@code name} by one with {@code value} (null: removes them). */
    FuzzRequest set(String name, String value) {
        headers.removeIf(h -> h[0] != null && h[0].equalsIgnoreCase(name));
        if (value != null) {
            add(name, value);
        }
        return this;
    }

    /** A plain body with a matching {@code Content-Length}. */
    FuzzRequest body(byte[] body) {
        set("Transfer-Encoding", null);
        set("Content-Length", Integer.toString(body.length));
        wire = body;
        return this;
    }

    byte[] render() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + wire.length);
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target);
        if (!version.isEmpty()) {
            head.append(' ').append(version);
        }
        head.append(lineEnd);
        for (String[] h : headers) {
            head.append(h[0] == null ? h[1] : h[0] + ": " + h[1]).append(lineEnd);
        }
        head.append(lineEnd);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(wire);
        return out.toByteArray();
    }
}
