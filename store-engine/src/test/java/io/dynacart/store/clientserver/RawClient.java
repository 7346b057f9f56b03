package io.dynacart.store.clientserver;

import io.dynacart.store.clientwire.ClientProtocol;
import io.dynacart.store.clientwire.ClientRequest;
import io.dynacart.store.clientwire.ClientResponse;
import io.dynacart.store.clientwire.RequestCodec;
import io.dynacart.store.clientwire.ResponseCodec;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * A blocking client of the protocol on a plain socket, for tests that send what no well-behaved
 * client would: raw bytes, broken frames, requests without HELLO. Every read waits at most 30 s.
 */
final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawClient connect(InetSocketAddress address) {
        try {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(address.getHostString(), address.getPort()), 5_000);
            s.setSoTimeout(30_000);
            s.setTcpNoDelay(true);
            return new RawClient(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects and says HELLO with {@code token}; the node's answer. */
    static RawClient greeted(InetSocketAddress address, String token) {
        RawClient c = connect(address);
        c.send(new ClientRequest.Hello(ClientProtocol.MIN_ID, ClientProtocol.VERSION, token));
        ClientResponse welcome = c.read();
        if (!(welcome instanceof ClientResponse.Welcome)) {
            throw new AssertionError("HELLO was answered " + welcome);
        }
        return c;
    }

    void send(ClientRequest request) {
        sendBody(RequestCodec.encode(request));
    }

    void sendBody(byte[] body) {
        sendRaw(ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
    }

    void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next answer; fails if the node closes the connection or says nothing for 30 s. */
    ClientResponse read() {
        try {
            int length = in.readInt();
            byte[] body = new byte[length];
            in.readFully(body);
            return ResponseCodec.decode(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the node closed the connection (end of stream or reset) within 30 s, reading past any answers. */
    boolean closedByNode() {
        try {
            byte[] sink = new byte[8192];
            while (in.read(sink) >= 0) {
                // answers before the close are skipped
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException e) {
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    /** Half-closes: the node sees the end of the stream. */
    void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
