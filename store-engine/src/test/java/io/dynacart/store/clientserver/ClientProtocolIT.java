package io.dynacart.store.clientserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.budget.ByteBudget;
import io.dynacart.store.clientwire.ClientProtocol;
import io.dynacart.store.clientwire.ClientRequest;
import io.dynacart.store.clientwire.ClientResponse;
import io.dynacart.store.clientwire.ErrorCode;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.cluster.LocalClusterConfig;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client protocol's contract on real nodes over real TCP: what a client gets for good requests,
 * for bad frames and bad fields, for a wrong token, and with many requests in flight on one
 * connection. Raw sockets, so the tests send exactly the bytes they name.
 */
class ClientProtocolIT {

    private static final NodeId N1 = NodeId.of("n1");

    @TempDir
    static Path root;
    static LocalCluster cluster;
    static InetSocketAddress n1;

    @BeforeAll
    static void start() {
        // A generous store timeout: a burst of a thousand requests on a busy machine must not turn
        // into quorum failures, which would hide what these tests check (the protocol's answers).
        cluster = LocalCluster.start(LocalClusterConfig.forTests(3, root)
                .withCoordinator(CoordinatorConfig.DEFAULT.withTimeoutMillis(10_000)));
        n1 = cluster.addresses(N1).client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static ClientResponse ask(RawClient c, ClientRequest r) {
        c.send(r);
        return c.read();
    }

    @Test
    void putGetDeleteRoundTripWithContextsAndSiblings() {
        try (RawClient c = RawClient.greeted(n1, "")) {
            Key key = Key.of("round-trip");
            assertThat(ask(c, new ClientRequest.Get(2, key, 0))).as("n1 is a primary of every key of three nodes,"
                    + " and its own read replies first").isEqualTo(new ClientResponse.Found(2, Context.EMPTY,
                    List.of(), false, Optional.of(N1)));
            ask(c, new ClientRequest.Put(3, key, Context.EMPTY, "kettle".getBytes(), 0));
            ask(c, new ClientRequest.Put(4, key, Context.EMPTY, "toaster".getBytes(), 0));
            ClientResponse.Found two = (ClientResponse.Found) ask(c, new ClientRequest.Get(5, key, 2));
            assertThat(two.siblings()).as("two blind writes are concurrent: both kept").hasSize(2);
            ClientResponse.Written merged = (ClientResponse.Written) ask(c,
                    new ClientRequest.Put(6, key, two.context(), "both".getBytes(), 2));
            ClientResponse.Found one = (ClientResponse.Found) ask(c, new ClientRequest.Get(7, key, 2));
            assertThat(one.siblings()).as("a put with the read's context supersedes both").hasSize(1);
            assertThat(one.siblings().get(0).value()).isEqualTo(Value.of("both".getBytes()));
            assertThat(one.context()).isEqualTo(merged.context());
            ClientResponse deleted = ask(c, new ClientRequest.Delete(8, key, one.context(), 2));
            assertThat(deleted).isInstanceOf(ClientResponse.Written.class);
            ClientResponse.Found gone = (ClientResponse.Found) ask(c, new ClientRequest.Get(9, key, 2));
            assertThat(gone.siblings()).as("a delete leaves one tombstone").hasSize(1);
            assertThat(gone.siblings().get(0).value()).isEqualTo(Value.TOMBSTONE);
        }
    }

    @Test
    void badFieldsAreAnsweredUnderTheirIdsAndTheConnectionKeepsServing() {
        try (RawClient c = RawClient.greeted(n1, "")) {
            c.sendBody(new ByteWriter(8).writeByte(9).writeVarint(41).toByteArray());
            assertFailure(c.read(), 41, ErrorCode.BAD_REQUEST, "request type 9 is not known");
            ByteWriter badKey = new ByteWriter(8).writeByte(2).writeVarint(42)
                    .writeLengthPrefixed(new byte[] {(byte) 0xC3, (byte) 0x28});
            c.sendBody(badKey.writeVarint(0).toByteArray());
            assertFailure(c.read(), 42, ErrorCode.BAD_REQUEST, "key is not valid UTF-8");
            ByteWriter notNamespaced = new ByteWriter(8).writeByte(2).writeVarint(42).writeLengthPrefixed(new byte[] {(byte) 0xFF});
            c.sendBody(notNamespaced.writeVarint(0).toByteArray());
            assertFailure(c.read(), 42, ErrorCode.BAD_REQUEST, "key starts with byte 0xFF, which only a namespaced key may");
            ByteWriter badContext = new ByteWriter(16).writeByte(4).writeVarint(43).writeLengthPrefixed("k".getBytes());
            c.sendBody(badContext.writeLengthPrefixed(new byte[] {7, 7}).writeVarint(0).toByteArray());
            assertFailure(c.read(), 43, ErrorCode.BAD_REQUEST, "malformed context");
            assertFailure(ask(c, new ClientRequest.Get(44, Key.of("k"), 4)), 44, ErrorCode.BAD_REQUEST,
                    "r must be a whole number from 1 to N=3 or local (127), was 4");
            c.sendBody(new byte[0]);
            assertFailure(c.read(), ClientProtocol.CONNECTION_ID, ErrorCode.BAD_REQUEST, "ends before its type");
            assertFailure(ask(c, new ClientRequest.Hello(45, ClientProtocol.VERSION, "")), 45, ErrorCode.BAD_REQUEST,
                    "already accepted");
            assertThat(ask(c, new ClientRequest.Get(46, Key.of("k"), 0))).isInstanceOf(ClientResponse.Found.class);
        }
    }

    @Test
    void aValueOverOneMebibyteIsTooLargeAndNothingIsWritten() {
        try (RawClient c = RawClient.greeted(n1, "")) {
            ByteWriter put = new ByteWriter(Value.MAX_BYTES + 64).writeByte(3).writeVarint(50)
                    .writeLengthPrefixed("big".getBytes()).writeVarint(0);
            c.sendBody(put.writeLengthPrefixed(new byte[Value.MAX_BYTES + 1]).writeVarint(0).toByteArray());
            assertFailure(c.read(), 50, ErrorCode.TOO_LARGE, "at most 1048576");
            assertThat(((ClientResponse.Found) ask(c, new ClientRequest.Get(51, Key.of("big"), 0))).siblings()).isEmpty();
        }
    }

    @Test
    void anOversizeOrGarbageFrameClosesThatConnectionAloneAfterSayingWhy() {
        try (RawClient bystander = RawClient.greeted(n1, "");
             RawClient big = RawClient.greeted(n1, "");
             RawClient garbage = RawClient.connect(n1)) {
            big.sendRaw(new ByteWriter(8).writeBytes(new byte[] {0, 0x11, 0, 0}).toByteArray());
            assertFailure(big.read(), ClientProtocol.CONNECTION_ID, ErrorCode.TOO_LARGE, "passes the limit of "
                    + ClientProtocol.REQUEST_FRAME_LIMIT);
            assertThat(big.closedByNode()).as("a frame too large closes its connection").isTrue();
            garbage.sendRaw("GET /kv/x HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertFailure(garbage.read(), ClientProtocol.CONNECTION_ID, ErrorCode.TOO_LARGE, "passes the limit of "
                    + ClientProtocol.HELLO_FRAME_LIMIT);
            assertThat(garbage.closedByNode()).isTrue();
            assertThat(ask(bystander, new ClientRequest.Get(2, Key.of("k"), 0)))
                    .as("another connection keeps working").isInstanceOf(ClientResponse.Found.class);
        }
    }

    @Test
    void aTruncatedFrameEndsWithItsConnectionAndHangsNothing() {
        try (RawClient cut = RawClient.greeted(n1, ""); RawClient bystander = RawClient.greeted(n1, "")) {
            cut.sendRaw(new byte[] {0, 0, 0, 100, 2, 7, 3});
            cut.shutdownOutput();
            assertThat(cut.closedByNode()).isTrue();
            assertThat(ask(bystander, new ClientRequest.Get(2, Key.of("k"), 0))).isInstanceOf(ClientResponse.Found.class);
        }
    }

    @Test
    void aConnectionMustOpenWithHelloInTheVersionSpoken() {
        try (RawClient c = RawClient.connect(n1)) {
            assertFailure(ask(c, new ClientRequest.Get(3, Key.of("k"), 0)), 3, ErrorCode.UNAUTHORIZED,
                    "first frame of a connection must be HELLO");
            assertThat(c.closedByNode()).isTrue();
        }
        try (RawClient c = RawClient.connect(n1)) {
            assertFailure(ask(c, new ClientRequest.Hello(1, 3, "")), 1, ErrorCode.BAD_REQUEST,
                    "protocol version 3 is not spoken here; this node speaks versions 1 to 2");
            assertThat(c.closedByNode()).isTrue();
        }
    }

    @Test
    void aVersionOneClientIsWelcomedInVersionOneAndGetsFoundWithoutTheFastestReplica() {
        Key key = Key.of("old-client");
        try (RawClient old = RawClient.connect(n1); RawClient current = RawClient.greeted(n1, "")) {
            assertThat(ask(old, new ClientRequest.Hello(1, 1, ""))).isEqualTo(new ClientResponse.Welcome(1, 1, N1));
            ask(old, new ClientRequest.Put(2, key, Context.EMPTY, "kettle".getBytes(), 0));
            ClientResponse.Found forOld = (ClientResponse.Found) ask(old, new ClientRequest.Get(3, key, 0));
            assertThat(forOld.siblings()).hasSize(1);
            assertThat(forOld.fastestReplica()).as("a version 1 FOUND has no field for it").isEmpty();
            ClientResponse.Found forCurrent = (ClientResponse.Found) ask(current, new ClientRequest.Get(4, key, 0));
            assertThat(forCurrent.fastestReplica()).as("version 2 names the primary that replied first")
                    .contains(N1);
            assertThat(forCurrent.context()).isEqualTo(forOld.context());
        }
    }

    @Test
    void aNodeWithAClientTokenRefusesAMissingOrWrongOneAndClosesOnlyThatConnection() {
        ClientServerConfig config = new ClientServerConfig("127.0.0.1", 0, "open sesame", Duration.ofSeconds(3));
        try (ClientServer guarded = ClientServer.start(cluster.client(N1), N1, new ByteBudget(64L << 20), config,
                new DefaultThreadFactory("guarded-test", true))) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", guarded.boundPort());
            try (RawClient good = RawClient.greeted(at, "open sesame")) {
                for (String token : new String[] {"", "open sesame!", "OPEN SESAME"}) {
                    try (RawClient bad = RawClient.connect(at)) {
                        ClientResponse answer = ask(bad, new ClientRequest.Hello(1, ClientProtocol.VERSION, token));
                        assertFailure(answer, 1, ErrorCode.UNAUTHORIZED, token.isEmpty() ? "requires a client token"
                                : "the client token is wrong");
                        assertThat(bad.closedByNode()).as("token '%s' closes its connection", token).isTrue();
                    }
                }
                assertThat(ask(good, new ClientRequest.Put(2, Key.of("guarded"), Context.EMPTY, new byte[] {1}, 0)))
                        .isInstanceOf(ClientResponse.Written.class);
            }
        }
    }

    @Test
    void aThousandRequestsInFlightOnOneConnectionAreEachAnsweredOnceUnderTheirIds() {
        try (RawClient c = RawClient.greeted(n1, "")) {
            int count = 1000;
            ByteWriter burst = new ByteWriter(count * 40);
            for (int i = 0; i < count; i++) {
                byte[] body = io.dynacart.store.clientwire.RequestCodec.encode(i % 2 == 0
                        ? new ClientRequest.Put(10_000 + i, Key.of("burst/" + i), Context.EMPTY, new byte[] {(byte) i}, 0)
                        : new ClientRequest.Get(10_000 + i, Key.of("burst/" + (i - 1)), 0));
                burst.writeBytes(new byte[] {(byte) (body.length >>> 24), (byte) (body.length >>> 16),
                        (byte) (body.length >>> 8), (byte) body.length}).writeBytes(body);
            }
            c.sendRaw(burst.toByteArray());
            Set<Long> answered = new HashSet<>();
            for (int i = 0; i < count; i++) {
                ClientResponse r = c.read();
                assertThat(answered.add(r.id())).as("id %d answered once", r.id()).isTrue();
                boolean put = (r.id() - 10_000) % 2 == 0;
                assertThat(r).as("answer to %d", r.id())
                        .isInstanceOf(put ? ClientResponse.Written.class : ClientResponse.Found.class);
            }
            assertThat(answered).hasSize(count).allMatch(id -> id >= 10_000 && id < 10_000 + count);
        }
    }

    private static void assertFailure(ClientResponse answer, long id, ErrorCode code, String says) {
        assertThat(answer).isInstanceOf(ClientResponse.Failure.class);
        ClientResponse.Failure f = (ClientResponse.Failure) answer;
        assertThat(f.id()).isEqualTo(id);
        assertThat(f.code()).isEqualTo(code);
        assertThat(f.message()).contains(says);
    }
}
