package io.dynacart.store.transport.tcp;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.tcp.HandshakeFrames.Challenge;
import io.dynacart.store.transport.tcp.HandshakeFrames.HandshakeException;
import io.dynacart.store.transport.tcp.HandshakeFrames.Hello;
import io.dynacart.store.transport.tcp.HandshakeFrames.Proof;
import io.dynacart.testing.Await;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A hand-driven client on a plain socket, to say what a well-behaved node never would: garbage,
 * oversized lengths, a wrong proof, a malformed frame after a good handshake.
 */
final class RawPeer implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    RawPeer(InetSocketAddress server) {
        try {
            socket = new Socket();
            socket.connect(server, 2_000);
            socket.setSoTimeout((int) Await.DEADLINE.toMillis());
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 4-byte length, then {@code body}. */
    void sendFrame(byte[] body) throws IOException {
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    byte[] readFrame() throws IOException {
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        return body;
    }

    /** Says HELLO as {@code client} and returns the server's CHALLENGE. */
    Challenge hello(NodeId client, byte[] clientNonce) throws IOException, HandshakeException {
        sendFrame(HandshakeFrames.encode(new Hello(client, clientNonce)));
        return HandshakeFrames.decodeChallenge(readFrame());
    }

    /** The whole handshake as {@code client}, proving {@code secret}; the server answers nothing to a good proof. */
    void authenticate(NodeId client, byte[] secret) throws IOException, HandshakeException {
        ClusterAuth auth = new ClusterAuth(secret);
        byte[] nonce = auth.nonce();
        Challenge challenge = hello(client, nonce);
        sendFrame(HandshakeFrames.encode(new Proof(auth.clientProof(challenge.serverNonce(), nonce, client))));
    }

    /**
     * Whether the server closed the connection: true once the stream ends or is reset, false if it
     * is still open after the deadline (the socket's read timeout).
     */
    boolean closedByServer() {
        try {
            while (in.read() != -1) {
                // the server sends nothing after its challenge; skip whatever there is
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
