package io.dynacart.store.versioning;

import io.dynacart.store.encoding.ByteReader;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.encoding.DecodingException;
import java.util.Base64;

/**
 * A sibling's exact version as text (base64url of {@link ClockEncoding#writeVersion}), for HTTP
 * answers that a routing client turns back into siblings. Decoding is strict: anything else is a
 * {@link MalformedContextException}.
 */
public final class VersionToken {

    private VersionToken() {
    }

    public static String encode(DottedVersionVector version) {
        ByteWriter out = new ByteWriter(32);
        ClockEncoding.writeVersion(out, version);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    public static DottedVersionVector decode(String token) {
        if (token == null || token.isEmpty() || token.length() > Context.MAX_TEXT_LENGTH) {
            throw new MalformedContextException("version token is empty or too long");
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            ByteReader in = new ByteReader(bytes);
            DottedVersionVector v = ClockEncoding.readVersion(in, Context.MAX_ENTRIES);
            in.expectEnd();
            return v;
        } catch (IllegalArgumentException | DecodingException e) {
            throw new MalformedContextException("version token " + e.getMessage());
        } catch (ClockLimitException e) {
            throw new MalformedContextException("version token is refused: " + e.getMessage(), e);
        }
    }
}
