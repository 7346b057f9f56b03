package io.dynacart.store.transport.tcp;

import io.dynacart.store.fuzz.ByteMutator;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.MalformedFrameException;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.transport.tcp.HandshakeFrames.Challenge;
import io.dynacart.store.transport.tcp.HandshakeFrames.HandshakeException;
import io.dynacart.store.transport.tcp.HandshakeFrames.Hello;
import io.dynacart.store.transport.tcp.TcpInputs.Ending;
import io.dynacart.store.transport.tcp.TcpInputs.Input;
import io.dynacart.testing.Await;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Random;

/**
 * The TCP fuzzer's other direction: a listening socket that the address book gives as the address of
 * a few fake peers, so that the fuzzed endpoint dials it when it sends to them. It reads the
 * endpoint's HELLO and answers with garbage, a mutated or misaddressed CHALLENGE, a frame after the
 * CHALLENGE (which a server never sends), or the right CHALLENGE, then checks the endpoint's proof
 * and what it sends. One input at a time.
 */
final class FakePeer implements AutoCloseable {

    private final ServerSocket listener;
    private final byte[] secret;

    FakePeer(byte[] secret) throws IOException {
        this.secret = secret.clone();
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(20);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /**
     * Makes {@code dialer} send to {@code fake} until it connects here, then answers as the input
     * says; returns a rule the endpoint broke, or null.
     */
    synchronized String answer(Input input, NodeId fake, NodeId dialer, Runnable send) throws IOException {
        long deadline = System.nanoTime() + Await.DEADLINE.toNanos();
        Socket socket = null;
        while (socket == null) {
            if (System.nanoTime() > deadline) {
                return "the endpoint never dialled " + fake + " although messages were sent to it";
            }
            send.run();
            try {
                socket = listener.accept();
            } catch (SocketTimeoutException e) {
                // not yet: the link may be backing off after the last input
            }
        }
        try (Socket s = socket) {
            s.setSoTimeout(5_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            Hello hello;
            try {
                hello = HandshakeFrames.decodeHello(readFrame(in));
            } catch (HandshakeException e) {
                return "the endpoint opened with a bad HELLO: " + e.getMessage();
            }
            if (!hello.client().equals(dialer)) {
                return "the endpoint said HELLO as " + hello.client() + ", not " + dialer;
            }
            String problem = respond(s, in, hello, fake, new Random(input.proofSeed()));
            if (input.ending() == Ending.RESET) {
                s.setSoLinger(true, 0);
            }
            return problem;
        } catch (IOException e) {
            return null; // the endpoint closed the connection: it may, when it refused our answer
        }
    }

    private String respond(Socket s, DataInputStream in, Hello hello, NodeId fake, Random r) throws IOException {
        ClusterAuth auth = new ClusterAuth(secret);
        byte[] nonce = auth.nonce();
        int how = r.nextInt(7);
        NodeId named = how == 2 ? NodeId.of("someone-else") : fake;
        byte[] challenge = HandshakeFrames.encode(new Challenge(named, nonce, auth.serverProof(hello.clientNonce(), nonce, named)));
        OutputStream out = s.getOutputStream();
        switch (how) {
            case 0 -> out.write(ByteMutator.randomBytes(r, r.nextInt(400)));
            case 1 -> out.write(TcpInputs.frame(ByteMutator.mutate(challenge, 1 + r.nextInt(3), r)));
            case 3 -> out.write(ByteMutator.splice(TcpInputs.frame(challenge), 4 + challenge.length, 0,
                    TcpInputs.frame(ByteMutator.randomBytes(r, r.nextInt(100)))));
            case 4 -> out.write(new byte[] {0, 0, 1, 1});
            case 5, 6 -> {
                out.write(TcpInputs.frame(challenge));
                return checkProofAndMessages(in, auth, nonce, hello);
            }
            default -> out.write(TcpInputs.frame(challenge));
        }
        out.flush();
        return null;
    }

    /** After a right CHALLENGE: the endpoint's proof must be right, and what follows must be messages. */
    private static String checkProofAndMessages(DataInputStream in, ClusterAuth auth, byte[] serverNonce, Hello hello)
            throws IOException {
        byte[] expected = HandshakeFrames.encode(new HandshakeFrames.Proof(
                auth.clientProof(serverNonce, hello.clientNonce(), hello.client())));
        if (!java.util.Arrays.equals(readFrame(in), expected)) {
            return "the endpoint's PROOF does not prove the secret";
        }
        try {
            MessageCodec.decode(readFrame(in));
        } catch (MalformedFrameException e) {
            return "the endpoint sent a frame that is no message: " + e.getMessage();
        }
        return null;
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MessageCodec.MAX_FRAME_BYTES) {
            throw new IOException("a frame of " + length + " bytes");
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return body;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
