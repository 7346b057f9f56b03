package io.dynacart.store.http;

import io.dynacart.store.http.ResponseReader.MalformedResponse;
import io.dynacart.store.http.ResponseReader.Response;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One fuzz input on the wire: a fresh connection, the bytes written, the sending side shut (so the
 * server sees the end of what it gets, whatever the headers claimed), then every response read
 * until the server closes. A deadline closes the socket if the server neither answers nor closes.
 */
final class RawExchange {

    /**
     * What came back.
     *
     * @param responses every complete response, in order
     * @param ended     how reading ended other than at a clean end of stream: a reset, a stream cut
     *                  inside a response, or null
     * @param malformed what was not HTTP in the server's bytes, or null
     * @param timedOut  whether the deadline passed before the server closed
     */
    record Result(List<Response> responses, String ended, String malformed, boolean timedOut) {
    }

    private RawExchange() {
    }

    static Result send(InetSocketAddress server, byte[] request, boolean head, Duration deadline,
                       ScheduledExecutorService timer) throws IOException {
        List<Response> responses = new ArrayList<>();
        AtomicBoolean timedOut = new AtomicBoolean();
        try (Socket socket = new Socket()) {
            socket.connect(server, 5_000);
            ScheduledFuture<?> guard = timer.schedule(() -> {
                timedOut.set(true);
                closeQuietly(socket);
            }, deadline.toMillis(), TimeUnit.MILLISECONDS);
            String ended = null;
            String malformed = null;
            try {
                write(socket, request);
                InputStream in = new BufferedInputStream(socket.getInputStream());
                Response r;
                while ((r = ResponseReader.read(in, head && responses.isEmpty())) != null) {
                    responses.add(r);
                }
            } catch (MalformedResponse e) {
                malformed = e.getMessage();
            } catch (EOFException e) {
                ended = "cut: " + e.getMessage();
            } catch (IOException e) {
                ended = "reset: " + e.getMessage();
            } finally {
                guard.cancel(false);
            }
            return new Result(responses, ended, malformed, timedOut.get());
        }
    }

    /** Writes what it can: a server that refuses early may close before the whole request is written. */
    private static void write(Socket socket, byte[] request) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            socket.shutdownOutput();
        } catch (IOException e) {
            // The server closed (or reset) the connection mid-request; read what it said before.
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing to end a wait: nothing to do
        }
    }
}
