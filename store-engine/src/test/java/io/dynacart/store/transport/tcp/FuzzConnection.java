package io.dynacart.store.transport.tcp;

import io.dynacart.store.fuzz.ByteMutator;
import io.dynacart.store.transport.MessageCodec;
import io.dynacart.store.transport.ProbeMessage.Ping;
import io.dynacart.store.transport.tcp.HandshakeFrames.Challenge;
import io.dynacart.store.transport.tcp.HandshakeFrames.HandshakeException;
import io.dynacart.store.transport.tcp.HandshakeFrames.Hello;
import io.dynacart.store.transport.tcp.HandshakeFrames.Proof;
import io.dynacart.store.transport.tcp.TcpInputs.Ending;
import io.dynacart.store.transport.tcp.TcpInputs.Input;
import io.dynacart.testing.Await;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Random;

/**
 * Plays one {@link Input} on a fresh connection to the fuzzed endpoint: the opening or the
 * handshake, the bytes after it in pieces, then the ending. It knows the cluster secret, so it can
 * authenticate (and then send anything), or prove it wrongly on purpose.
 */
final class FuzzConnection {

    /**
     * What happened.
     *
     * @param authenticated whether the server accepted a proof, so that what followed counts as messages
     * @param serverClosed  for a {@link Ending#WAIT} ending: whether the server closed once it saw the end
     * @param problem       a rule the server broke (no CHALLENGE to a valid HELLO), or null
     */
    record Outcome(boolean authenticated, boolean serverClosed, String problem) {
    }

    /** Generous, for a loaded machine: an endpoint that works answers or closes within milliseconds. */
    private static final int READ_TIMEOUT_MS = (int) Await.DEADLINE.toMillis();

    private FuzzConnection() {
    }

    static Outcome play(Input input, InetSocketAddress server, byte[] secret) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, 5_000);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            boolean authenticated = false;
            try {
                switch (input.kind()) {
                    case RAW, HELLO -> out.write(input.opening());
                    case PROOF -> authenticated = badProof(input, in, out, new ClusterAuth(secret));
                    case FRAMES -> authenticated = handshake(input, in, out, new ClusterAuth(secret));
                    default -> throw new IllegalArgumentException(input.kind() + " is not played on a connection");
                }
                sendInPieces(input, out);
            } catch (NoChallenge e) {
                return new Outcome(false, false, e.getMessage());
            } catch (IOException e) {
                // The server closed the connection while we were still sending: allowed, it is the fuzzed one.
            }
            return new Outcome(authenticated, end(socket, in, input.ending()), null);
        }
    }

    /** The server must answer a valid HELLO with its CHALLENGE. */
    private static final class NoChallenge extends IOException {
        NoChallenge(String message) {
            super(message);
        }
    }

    private static Challenge hello(Input input, DataInputStream in, OutputStream out, byte[] nonce) throws IOException {
        out.write(TcpInputs.frame(HandshakeFrames.encode(new Hello(input.claimed(), nonce))));
        try {
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            return HandshakeFrames.decodeChallenge(body);
        } catch (IOException | HandshakeException e) {
            throw new NoChallenge("a valid HELLO got no CHALLENGE: " + e);
        }
    }

    private static boolean handshake(Input input, DataInputStream in, OutputStream out, ClusterAuth auth) throws IOException {
        byte[] nonce = auth.nonce();
        Challenge challenge = hello(input, in, out, nonce);
        out.write(TcpInputs.frame(HandshakeFrames.encode(new Proof(auth.clientProof(challenge.serverNonce(), nonce,
                input.claimed())))));
        return true;
    }

    /** A valid HELLO, then a proof that is wrong (mutated, or another frame); true if the mutation left it valid. */
    private static boolean badProof(Input input, DataInputStream in, OutputStream out, ClusterAuth auth) throws IOException {
        byte[] nonce = auth.nonce();
        Challenge challenge = hello(input, in, out, nonce);
        byte[] valid = HandshakeFrames.encode(new Proof(auth.clientProof(challenge.serverNonce(), nonce, input.claimed())));
        Random r = new Random(input.proofSeed());
        byte[] sent = switch (r.nextInt(4)) {
            case 0 -> MessageCodec.encode(new Ping(7));
            case 1 -> HandshakeFrames.encode(new Hello(input.claimed(), nonce));
            default -> ByteMutator.mutate(valid, 1 + r.nextInt(3), r);
        };
        out.write(TcpInputs.frame(sent));
        return Arrays.equals(sent, valid);
    }

    private static void sendInPieces(Input input, OutputStream out) throws IOException {
        byte[] after = input.after();
        int from = 0;
        for (int to : input.pieces()) {
            out.write(after, from, to - from);
            out.flush();
            from = to;
        }
        out.write(after, from, after.length - from);
        out.flush();
    }

    /** Ends the connection as the input says; for WAIT, whether the server closed its side in time. */
    private static boolean end(Socket socket, DataInputStream in, Ending ending) throws IOException {
        switch (ending) {
            case WAIT -> {
                try {
                    socket.shutdownOutput();
                    while (in.read() != -1) {
                        // the server sends nothing after its challenge; skip whatever there is
                    }
                    return true;
                } catch (SocketTimeoutException e) {
                    return false;
                } catch (IOException e) {
                    return true; // reset by the server: closed too
                }
            }
            case RESET -> socket.setSoLinger(true, 0);
            default -> { }
        }
        return false;
    }
}
