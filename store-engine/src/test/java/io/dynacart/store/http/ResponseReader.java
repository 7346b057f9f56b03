package io.dynacart.store.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.1 responses off a stream, strictly enough to notice a server that answers with
 * something that is not HTTP: status line, headers, then a body framed by {@code Content-Length},
 * chunked, or by the end of the stream.
 */
final class ResponseReader {

    /** One response; header names in lower case, the first value of each. */
    record Response(int status, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The server's bytes are not an HTTP response. */
    static final class MalformedResponse extends IOException {
        MalformedResponse(String message) {
            super(message);
        }
    }

    private static final int MAX_HEAD = 64 * 1024;

    private ResponseReader() {
    }

    /**
     * The next final response (interim 1xx ones are skipped), or null if the stream ends before its
     * first byte. Throws {@link java.io.EOFException} if it ends inside a response.
     */
    static Response read(InputStream in, boolean head) throws IOException {
        while (true) {
            String text = readHead(in);
            if (text == null) {
                return null;
            }
            String[] lines = text.split("\r\n");
            String[] status = lines[0].split(" ", 3);
            if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].matches("[1-5][0-9][0-9]")) {
                throw new MalformedResponse("not a status line: " + lines[0]);
            }
            int code = Integer.parseInt(status[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    throw new MalformedResponse("not a header line: " + lines[i]);
                }
                headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            if (code >= 200) {
                return new Response(code, headers, decoded(body(in, code, head, headers), headers.get("content-encoding")));
            }
        }
    }

    /** The body as sent before compression: Javalin compresses larger answers for a client that accepts gzip. */
    private static byte[] decoded(byte[] body, String encoding) throws IOException {
        if (encoding == null || encoding.equalsIgnoreCase("identity") || body.length == 0) {
            return body;
        }
        InputStream raw = new java.io.ByteArrayInputStream(body);
        try (InputStream in = switch (encoding.toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> new java.util.zip.GZIPInputStream(raw);
            case "deflate" -> new java.util.zip.InflaterInputStream(raw);
            default -> throw new MalformedResponse("a body in an encoding the client did not offer: " + encoding);
        }) {
            return in.readAllBytes();
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new MalformedResponse("a " + encoding + " body that does not decode: " + e.getMessage());
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new java.io.EOFException("the stream ended inside a response head");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEAD) {
                throw new MalformedResponse("a response head over " + MAX_HEAD + " bytes");
            }
        }
        byte[] bytes = head.toByteArray();
        return new String(bytes, 0, bytes.length - 4, StandardCharsets.ISO_8859_1);
    }

    private static byte[] body(InputStream in, int code, boolean head, Map<String, String> headers) throws IOException {
        if (head || code == 204 || code == 304) {
            return new byte[0];
        }
        String te = headers.get("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            return chunked(in);
        }
        String length = headers.get("content-length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length);
            } catch (NumberFormatException e) {
                throw new MalformedResponse("Content-Length " + length);
            }
            byte[] body = in.readNBytes((int) Math.min(n, Integer.MAX_VALUE - 8));
            if (body.length < n) {
                throw new java.io.EOFException("the stream ended inside a body of " + n + " bytes");
            }
            return body;
        }
        return in.readAllBytes();
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String line = readLine(in);
            int semicolon = line.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new MalformedResponse("chunk size " + line);
            }
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                return out.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new java.io.EOFException("the stream ended inside a chunk");
            }
            out.writeBytes(chunk);
            if (!readLine(in).isEmpty()) {
                throw new MalformedResponse("a chunk not followed by CRLF");
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new java.io.EOFException("the stream ended inside a chunked body");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }
}
