package io.dynacart.store.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.http.ResponseReader.Response;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A well-behaved client beside the fuzzer: on one keep-alive connection opened before the run, it
 * puts a fresh key and reads it back, over and over, every few milliseconds. What the fuzzer does to
 * the node must not reach it: its connection stays open and every round trip succeeds (a 503 or 504
 * is counted apart, as the store being slow on a loaded machine, not as a failure).
 */
final class Witness implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEPT = 10;

    private final Socket socket;
    private final String host;
    private final Thread thread;
    private final List<String> failures = new ArrayList<>();
    private final LongSupplier progress;
    private volatile boolean stopping;
    private volatile long roundTrips;
    private volatile long busy;

    /** A witness of {@code node}; {@code progress} tells how many fuzz inputs ran so far, to date its failures. */
    Witness(InetSocketAddress node, LongSupplier progress) throws IOException {
        this.progress = progress;
        this.host = node.getHostString() + ":" + node.getPort();
        this.socket = new Socket();
        socket.connect(node, 5_000);
        socket.setSoTimeout(15_000);
        this.thread = new Thread(this::run, "fuzz-witness");
        thread.start();
    }

    long roundTrips() {
        return roundTrips;
    }

    long busy() {
        return busy;
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    private void run() {
        try {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (long i = 0; !stopping; i++) {
                String value = "witness value " + i;
                Response put = exchange(out, in, "PUT /kv/witness-" + i, value);
                Response get = put.status() == 204 ? exchange(out, in, "GET /kv/witness-" + i, null) : null;
                check(i, put, get, value);
                LockSupport.parkNanos(5_000_000);
            }
        } catch (IOException e) {
            if (!stopping) {
                fail("its connection broke after " + roundTrips + " round trips: " + e);
            }
        }
    }

    private Response exchange(OutputStream out, InputStream in, String requestLine, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = requestLine + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (body == null ? "" : "Content-Length: " + bytes.length + "\r\n") + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
        Response r = ResponseReader.read(in, false);
        if (r == null) {
            throw new IOException("the node closed the connection");
        }
        if ("close".equalsIgnoreCase(r.header("Connection"))) {
            throw new IOException("the node answered " + r.status() + " and asked to close the connection");
        }
        return r;
    }

    private void check(long i, Response put, Response get, String value) throws IOException {
        if (put.status() == 503 || put.status() == 504 || get != null && (get.status() == 503 || get.status() == 504)) {
            busy++;
            return;
        }
        if (put.status() != 204) {
            fail("round trip " + i + ": put answered " + put.status() + " " + put.bodyText());
            return;
        }
        JsonNode read = JSON.readTree(get.body());
        String expected = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        if (get.status() != 200 || !read.path("siblings").toString().equals("[\"" + expected + "\"]")) {
            fail("round trip " + i + ": get answered " + get.status() + " " + get.bodyText());
            return;
        }
        roundTrips++;
    }

    private synchronized void fail(String failure) {
        if (failures.size() < KEPT) {
            failures.add(failure + " (after about " + progress.getAsLong() + " fuzz inputs)");
        }
    }

    @Override
    public void close() throws IOException {
        stopping = true;
        try {
            thread.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }
}
