package io.dynacart.store.transport.tcp;

import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import io.dynacart.store.identity.NodeId;
import java.nio.charset.StandardCharsets;

/**
 * The three frames of the handshake (the protocol is in {@link TcpNetwork}'s Javadoc). Their tags lie
 * in the range {@code MessageCodec} reserves for them, so a handshake frame is never read as a
 * message nor a message as a handshake frame.
 * <pre>
 *   HELLO     0xF1, byte version = 1, node id (byte length 1..64, ASCII), 32-byte client nonce
 *   CHALLENGE 0xF2, node id, 32-byte server nonce, 32-byte HMAC-SHA256
 *   PROOF     0xF3, 32-byte HMAC-SHA256
 * </pre>
 */
final class HandshakeFrames {

    static final int VERSION = 1;
    static final int HELLO = 0xF1;
    static final int CHALLENGE = 0xF2;
    static final int PROOF = 0xF3;
    /** Frames are at most 131 bytes; this is the frame limit until the peer authenticates. */
    static final int MAX_FRAME_BYTES = 256;

    /** The client names itself and brings a fresh nonce. */
    record Hello(NodeId client, byte[] clientNonce) {
    }

    /** The server names itself, brings its nonce, and proves it knows the secret. */
    record Challenge(NodeId server, byte[] serverNonce, byte[] serverMac) {
    }

    /** The client proves it knows the secret. */
    record Proof(byte[] clientMac) {
    }

    /** A handshake frame that does not decode, or is not the one expected; the message says why. */
    static final class HandshakeException extends Exception {
        HandshakeException(String message) {
            super(message);
        }
    }

    private HandshakeFrames() {
    }

    static byte[] encode(Hello hello) {
        ByteWriter out = new ByteWriter(100).writeByte(HELLO).writeByte(VERSION);
        writeNode(out, hello.client());
        return out.writeBytes(hello.clientNonce()).toByteArray();
    }

    static byte[] encode(Challenge challenge) {
        ByteWriter out = new ByteWriter(132).writeByte(CHALLENGE);
        writeNode(out, challenge.server());
        return out.writeBytes(challenge.serverNonce()).writeBytes(challenge.serverMac()).toByteArray();
    }

    static byte[] encode(Proof proof) {
        return new ByteWriter(33).writeByte(PROOF).writeBytes(proof.clientMac()).toByteArray();
    }

    static Hello decodeHello(byte[] frame) throws HandshakeException {
        try {
            ByteReader in = open(frame, HELLO, "HELLO");
            int version = in.readByte("version");
            if (version != VERSION) {
                throw new DecodingException("speaks protocol version " + version + "; this node speaks " + VERSION);
            }
            Hello hello = new Hello(readNode(in), in.readBytes(ClusterAuth.NONCE_BYTES, "nonce"));
            in.expectEnd();
            return hello;
        } catch (DecodingException e) {
            throw new HandshakeException("HELLO " + e.getMessage());
        }
    }

    static Challenge decodeChallenge(byte[] frame) throws HandshakeException {
        try {
            ByteReader in = open(frame, CHALLENGE, "CHALLENGE");
            Challenge challenge = new Challenge(readNode(in), in.readBytes(ClusterAuth.NONCE_BYTES, "nonce"),
                    in.readBytes(ClusterAuth.MAC_BYTES, "MAC"));
            in.expectEnd();
            return challenge;
        } catch (DecodingException e) {
            throw new HandshakeException("CHALLENGE " + e.getMessage());
        }
    }

    static Proof decodeProof(byte[] frame) throws HandshakeException {
        try {
            ByteReader in = open(frame, PROOF, "PROOF");
            Proof proof = new Proof(in.readBytes(ClusterAuth.MAC_BYTES, "MAC"));
            in.expectEnd();
            return proof;
        } catch (DecodingException e) {
            throw new HandshakeException("PROOF " + e.getMessage());
        }
    }

    private static ByteReader open(byte[] frame, int expectedTag, String name) throws HandshakeException {
        if (frame.length == 0 || (frame[0] & 0xFF) != expectedTag) {
            String found = frame.length == 0 ? "an empty frame" : String.format("a frame with tag 0x%02X", frame[0] & 0xFF);
            throw new HandshakeException("expected " + name + " but received " + found);
        }
        ByteReader in = new ByteReader(frame);
        in.readByte("tag");
        return in;
    }

    private static void writeNode(ByteWriter out, NodeId node) {
        byte[] ascii = node.value().getBytes(StandardCharsets.US_ASCII);
        out.writeByte(ascii.length).writeBytes(ascii);
    }

    private static NodeId readNode(ByteReader in) {
        int length = in.readByte("node id length");
        if (length < 1 || length > NodeId.MAX_LENGTH) {
            throw new DecodingException("has a node id of " + length + " bytes; 1 to " + NodeId.MAX_LENGTH + " are allowed");
        }
        String id = new String(in.readBytes(length, "node id"), StandardCharsets.ISO_8859_1);
        String problem = NodeId.problemWith(id);
        if (problem != null) {
            throw new DecodingException("has a bad node id: " + problem);
        }
        return new NodeId(id);
    }
}
