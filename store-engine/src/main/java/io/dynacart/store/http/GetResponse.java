package io.dynacart.store.http;

import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.Value;
import io.dynacart.store.versioning.VersionToken;
import io.dynacart.store.versioning.Versioned;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code GET /kv/{key}}, found (200) or not (404): the same shape either way, because a
 * key whose versions are all deletes still has a context, and a put after a delete must pass it.
 *
 * <pre>
 * {"key":"cart:1","context":"AQEC...","siblings":["aGVsbG8="],
 *  "versions":[{"value":"aGVsbG8=","clock":"([n1,2],[n2,1])","version":"Am4x..."},
 *              {"value":null,"clock":"([n1,1])","version":"Am4x..."}],
 *  "tombstones":1,"fallbacksOnly":false}
 * </pre>
 *
 * @param key        the key as UTF-8 text
 * @param context    base64url; send it back as {@code X-Context} with the put that reconciles
 * @param siblings   standard base64 of each value, deletes left out
 * @param versions   every sibling, deletes included (value {@code null}), with its clock in the
 *                   paper's notation: for showing divergence, not for judging causality
 * @param tombstones how many siblings are deletes
 * @param fallbacksOnly true when no replica of the key answered, only fallbacks (a partition cut this
 *                   node off from all of them): a 404 then means "not found on this side"
 */
record GetResponse(String key, String context, List<String> siblings, List<VersionView> versions, int tombstones,
                   boolean fallbacksOnly) {

    GetResponse {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(context, "context");
        siblings = List.copyOf(siblings);
        versions = List.copyOf(versions);
    }

    /**
     * One sibling: {@code value} is standard base64, or {@code null} for a delete; {@code version}
     * is the sibling's exact clock (its dot and past), base64url, opaque: clients that route
     * requests themselves ({@code ClusterClient}) rebuild the siblings from it.
     */
    record VersionView(String value, String clock, String version) {
    }

    static GetResponse of(GetResult result) {
        Base64.Encoder base64 = Base64.getEncoder();
        List<String> siblings = result.values().stream().map(base64::encodeToString).toList();
        List<VersionView> versions = result.siblings().stream().map(GetResponse::view).toList();
        return new GetResponse(KeyPath.text(result.key()), result.context().toBase64Url(), siblings, versions,
                result.tombstones(), result.fallbacksOnly());
    }

    private static VersionView view(Versioned<Value> sibling) {
        String value = sibling.value() instanceof Value.Bytes b ? Base64.getEncoder().encodeToString(b.toByteArray())
                : null;
        return new VersionView(value, sibling.version().toString(), VersionToken.encode(sibling.version()));
    }
}
