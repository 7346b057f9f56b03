package io.dynacart.store.clientwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.Value;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClientCodecTest {

    private static final NodeId N1 = NodeId.of("n1");
    private static final Key KEY = Key.of("cart:42");

    private static Context context() {
        return new Context(VectorClock.EMPTY.increment(N1, 1_700_000_000_000L).increment(NodeId.of("n2"), 1_700_000_000_001L));
    }

    private static List<ClientRequest> requests() {
        return List.of(new ClientRequest.Hello(1, ClientProtocol.VERSION, "s3cret"),
                new ClientRequest.Hello(1, ClientProtocol.VERSION, ""),
                new ClientRequest.Get(2, KEY, 0), new ClientRequest.Get(Long.MAX_VALUE, KEY, 3),
                new ClientRequest.Put(3, KEY, context(), "kettle".getBytes(), 2),
                new ClientRequest.Put(4, KEY, Context.EMPTY, new byte[0], 0),
                new ClientRequest.Delete(5, KEY, context(), 1), new ClientRequest.Get(6, KEY, ClientRequest.LOCAL),
                new ClientRequest.Put(7, KEY, Context.EMPTY, new byte[0], ClientRequest.LOCAL));
    }

    private static List<ClientResponse> responses() {
        DottedVersionVector v = DottedVersionVector.forWrite(N1, 1_700_000_000_000L, Context.EMPTY, List.of(), 24);
        DottedVersionVector w = DottedVersionVector.forWrite(NodeId.of("n2"), 1_700_000_000_005L, context(), List.of(), 24);
        List<Versioned<Value>> siblings = List.of(new Versioned<>(v, Value.of("kettle".getBytes())),
                new Versioned<>(w, Value.TOMBSTONE));
        return List.of(new ClientResponse.Welcome(1, 1, N1),
                new ClientResponse.Found(2, context(), siblings, false),
                new ClientResponse.Found(3, Context.EMPTY, List.of(), true),
                new ClientResponse.Found(6, context(), siblings, false, Optional.of(NodeId.of("n3"))),
                new ClientResponse.Found(7, Context.EMPTY, List.of(), true, Optional.of(N1)),
                new ClientResponse.Written(4, context()),
                new ClientResponse.Failure(5, ErrorCode.QUORUM_NOT_REACHED, "no quorum", List.of(N1), 0),
                new ClientResponse.Failure(0, ErrorCode.OVERLOADED, "busy", List.of(), 1));
    }

    @Test
    void everyRequestAndAnswerTypeHasASampleHere() {
        assertThat(requests().stream().map(Object::getClass).collect(Collectors.toSet()))
                .isEqualTo(Set.of(ClientRequest.class.getPermittedSubclasses()));
        assertThat(responses().stream().map(Object::getClass).collect(Collectors.toSet()))
                .isEqualTo(Set.of(ClientResponse.class.getPermittedSubclasses()));
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).distinct().count())
                .as("error codes are distinct").isEqualTo(ErrorCode.values().length);
    }

    @Test
    void requestsRoundTripAndEveryTruncationIsRefused() {
        for (ClientRequest r : requests()) {
            byte[] body = RequestCodec.encode(r);
            assertThat(RequestCodec.encode(RequestCodec.decode(body))).as("%s re-encodes to its bytes", r).isEqualTo(body);
            for (int cut = 0; cut < body.length; cut++) {
                byte[] truncated = Arrays.copyOf(body, cut);
                assertThatThrownBy(() -> RequestCodec.decode(truncated)).as("%s cut to %d bytes", r, cut)
                        .isInstanceOf(MalformedMessageException.class);
            }
            byte[] longer = Arrays.copyOf(body, body.length + 1);
            assertThatThrownBy(() -> RequestCodec.decode(longer)).hasMessageContaining("trailing");
        }
    }

    @Test
    void answersRoundTripAndEveryTruncationIsRefused() {
        for (ClientResponse r : responses()) {
            byte[] body = ResponseCodec.encode(r);
            assertThat(ResponseCodec.encode(ResponseCodec.decode(body))).as("%s re-encodes to its bytes", r).isEqualTo(body);
            for (int cut = 0; cut < body.length; cut++) {
                byte[] truncated = Arrays.copyOf(body, cut);
                assertThatThrownBy(() -> ResponseCodec.decode(truncated)).as("%s cut to %d bytes", r, cut)
                        .isInstanceOf(MalformedMessageException.class);
            }
        }
    }

    private static MalformedMessageException refused(ByteWriter body) {
        try {
            RequestCodec.decode(body.toByteArray());
        } catch (MalformedMessageException e) {
            return e;
        }
        throw new AssertionError("the request decoded");
    }

    @Test
    void anUnknownTypeIsRefusedUnderItsIdAndAnIdOfZeroUnderTheConnections() {
        MalformedMessageException unknown = refused(new ByteWriter(8).writeByte(9).writeVarint(77));
        assertThat(unknown.requestId()).isEqualTo(77);
        assertThat(unknown.getMessage()).contains("request type 9 is not known");
        MalformedMessageException zero = refused(new ByteWriter(8).writeByte(RequestCodec.GET).writeVarint(0));
        assertThat(zero.requestId()).isEqualTo(ClientProtocol.CONNECTION_ID);
        assertThat(zero.getMessage()).contains("request id is 0");
        assertThat(refused(new ByteWriter(8)).getMessage()).contains("ends before its type");
    }

    @Test
    void keysAreRefusedByTheHttpApisRules() {
        ByteWriter notUtf8 = new ByteWriter(16).writeByte(RequestCodec.GET).writeVarint(5);
        notUtf8.writeLengthPrefixed(new byte[] {(byte) 0xC3, (byte) 0x28}).writeVarint(0);
        assertThat(refused(notUtf8).getMessage()).isEqualTo("GET request key is not valid UTF-8");
        assertThat(refused(notUtf8).requestId()).isEqualTo(5);
        ByteWriter empty = new ByteWriter(16).writeByte(RequestCodec.GET).writeVarint(5).writeVarint(0).writeVarint(0);
        assertThat(refused(empty).getMessage()).contains("key is empty");
        ByteWriter tooLong = new ByteWriter(2048).writeByte(RequestCodec.GET).writeVarint(5);
        tooLong.writeLengthPrefixed(new byte[Key.MAX_LENGTH + 1]).writeVarint(0);
        assertThat(refused(tooLong).getMessage()).contains("key is 1025 bytes; at most 1024 are allowed");
        ByteWriter pastStored = new ByteWriter(2048).writeByte(RequestCodec.GET).writeVarint(5);
        pastStored.writeLengthPrefixed(new byte[Key.MAX_STORED_LENGTH + 1]).writeVarint(0);
        assertThat(refused(pastStored).getMessage()).contains("key length is " + (Key.MAX_STORED_LENGTH + 1));
    }

    @Test
    void contextsAndQuorumsAreRefusedNamingTheProblem() {
        ByteWriter badContext = new ByteWriter(32).writeByte(RequestCodec.DELETE).writeVarint(6);
        ClientFields.writeKey(badContext, KEY);
        badContext.writeLengthPrefixed(new byte[] {9, 9, 9}).writeVarint(0);
        assertThat(refused(badContext).getMessage()).startsWith("DELETE request malformed context: ");
        ByteWriter badR = new ByteWriter(32).writeByte(RequestCodec.GET).writeVarint(6);
        ClientFields.writeKey(badR, KEY);
        badR.writeVarint(65);
        assertThat(refused(badR).getMessage()).contains("r is 65; 0 (the node's default), 1 to 64 or 127 (local)");
    }

    @Test
    void aValueOverOneMebibyteIsTooLargeNotMalformed() {
        ByteWriter put = new ByteWriter(Value.MAX_BYTES + 64).writeByte(RequestCodec.PUT).writeVarint(8);
        ClientFields.writeKey(put, KEY);
        ClientFields.writeContext(put, Context.EMPTY);
        put.writeLengthPrefixed(new byte[Value.MAX_BYTES + 1]).writeVarint(0);
        MalformedMessageException e = refused(put);
        assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(e.requestId()).isEqualTo(8);
    }

    @Test
    void aFailureMessageIsCutToFitItsField() {
        ClientResponse.Failure f = ClientResponse.Failure.of(1, ErrorCode.INTERNAL, "é".repeat(10_000));
        assertThat(ResponseCodec.decode(ResponseCodec.encode(f))).isEqualTo(f);
    }

    @Test
    void aFoundNamesItsFastestReplicaOnlyToClientsOfVersionTwo() {
        ClientResponse.Found named = new ClientResponse.Found(9, context(), List.of(), false, Optional.of(N1));
        assertThat(named.forVersion(ClientProtocol.FASTEST_REPLICA_VERSION)).isSameAs(named);
        ClientResponse.Found forOld = named.forVersion(ClientProtocol.OLDEST_VERSION);
        assertThat(forOld.fastestReplica()).as("a version 1 client must not see the field it cannot decode").isEmpty();
        assertThat(ResponseCodec.encode(forOld)[2]).as("flags of a version 1 FOUND: only bit 0 may be set").isZero();
        assertThat(forOld).isEqualTo(new ClientResponse.Found(9, context(), List.of(), false));
    }

    @Test
    void aVersionOneFoundDecodesWithNoFastestReplica() {
        ByteWriter oldFound = new ByteWriter(16).writeByte(ResponseCodec.FOUND).writeVarint(4).writeByte(1)
                .writeVarint(0).writeVarint(0); // flags: fallbacks only; empty context; no siblings
        ClientResponse decoded = ResponseCodec.decode(oldFound.toByteArray());
        assertThat(decoded).isEqualTo(new ClientResponse.Found(4, Context.EMPTY, List.of(), true));
    }

    @Test
    void aFoundWithAnUndefinedFlagIsRefused() {
        ByteWriter found = new ByteWriter(16).writeByte(ResponseCodec.FOUND).writeVarint(4).writeByte(4)
                .writeVarint(0).writeVarint(0);
        assertThatThrownBy(() -> ResponseCodec.decode(found.toByteArray())).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("flags are 4");
    }

    @Test
    void theNodeSpeaksVersionsOneAndTwoOnly() {
        assertThat(ClientProtocol.speaks(1)).isTrue();
        assertThat(ClientProtocol.speaks(2)).isTrue();
        assertThat(ClientProtocol.speaks(0)).isFalse();
        assertThat(ClientProtocol.speaks(3)).isFalse();
    }
}
