package io.dynacart.store.transport.tcp;

import io.dynacart.store.identity.NodeId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptography of the handshake: fresh nonces and the two HMAC-SHA256 proofs over the cluster
 * secret.
 * <pre>
 *   server proof = HMAC(secret, "srv" | clientNonce | serverNonce | serverId)
 *   client proof = HMAC(secret, "cli" | serverNonce | clientNonce | clientId)
 * </pre>
 * The labels keep one side's proof from being reflected as the other's; both nonces make every proof
 * good for one connection only; the id comes last, after fixed-length fields, so no two inputs read
 * alike. Proofs are compared in constant time. The secret lives only in the key; nothing here prints it.
 */
final class ClusterAuth {

    static final int NONCE_BYTES = 32;
    static final int MAC_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] SERVER_LABEL = "srv".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_LABEL = "cli".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    ClusterAuth(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** A nonce no one can predict; the deterministic-core rule does not reach the transport. */
    byte[] nonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    byte[] serverProof(byte[] clientNonce, byte[] serverNonce, NodeId server) {
        return mac(SERVER_LABEL, clientNonce, serverNonce, server);
    }

    byte[] clientProof(byte[] serverNonce, byte[] clientNonce, NodeId client) {
        return mac(CLIENT_LABEL, serverNonce, clientNonce, client);
    }

    /** Whether {@code received} equals {@code expected}, in time that does not depend on where they differ. */
    static boolean matches(byte[] expected, byte[] received) {
        return MessageDigest.isEqual(expected, received);
    }

    private byte[] mac(byte[] label, byte[] firstNonce, byte[] secondNonce, NodeId node) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(label);
            mac.update(firstNonce);
            mac.update(secondNonce);
            mac.update(node.value().getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }
}
