package io.dynacart.store.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.encoding.ByteWriter;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.ClockLimits;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MessageCodec}: a pinned tag per record, exact round trips, and one typed error for bad frames. */
class MessageCodecTest {

    /**
     * The wire's tag table. A tag, once shipped, names its record for good: change an entry only by
     * retiring it and adding a new tag, never by reusing one.
     */
    private static final Map<Class<?>, Integer> TAGS = Map.ofEntries(
            Map.entry(ReplicationMessage.Write.class, 0x0C), // the sample is durable; a plain write is 0x01
            Map.entry(ReplicationMessage.HintedWrite.class, 0x02),
            Map.entry(ReplicationMessage.WriteAck.class, 0x03),
            Map.entry(ReplicationMessage.Read.class, 0x04),
            Map.entry(ReplicationMessage.ReadReply.class, 0x05),
            Map.entry(ReplicationMessage.Repair.class, 0x06),
            Map.entry(ReplicationMessage.ReplicaFailed.class, 0x0D),
            Map.entry(ReplicationMessage.ForwardPut.class, 0x07),
            Map.entry(ReplicationMessage.ForwardPutDone.class, 0x08),
            Map.entry(ReplicationMessage.ForwardPutAccepted.class, 0x0A),
            Map.entry(ReplicationMessage.ForwardPutFailed.class, 0x09),
            Map.entry(ReplicationMessage.ForwardPutRefused.class, 0x0B),
            Map.entry(HandoffMessage.DeliverHint.class, 0x20),
            Map.entry(HandoffMessage.HintDeliveryAck.class, 0x21),
            Map.entry(ProbeMessage.Ping.class, 0x30),
            Map.entry(ProbeMessage.Pong.class, 0x31),
            Map.entry(GossipMessage.Push.class, 0x50),
            Map.entry(GossipMessage.Reply.class, 0x51),
            Map.entry(TransferMessage.ChunkRequest.class, 0x60),
            Map.entry(TransferMessage.Chunk.class, 0x61),
            Map.entry(TransferMessage.Refused.class, 0x62),
            Map.entry(AntiEntropyMessage.HashesRequest.class, 0x40),
            Map.entry(AntiEntropyMessage.HashesReply.class, 0x41),
            Map.entry(AntiEntropyMessage.DigestsRequest.class, 0x42),
            Map.entry(AntiEntropyMessage.DigestsReply.class, 0x43),
            Map.entry(AntiEntropyMessage.Fetch.class, 0x44),
            Map.entry(AntiEntropyMessage.Siblings.class, 0x45),
            Map.entry(AntiEntropyMessage.Push.class, 0x46),
            Map.entry(AntiEntropyMessage.PushAck.class, 0x47),
            Map.entry(AntiEntropyMessage.Decline.class, 0x48));

    @Test
    void everyMessageRecordHasItsOwnPinnedTag() {
        Map<Class<?>, Integer> observed = new HashMap<>();
        for (Class<?> type : MessageSamples.recordTypes()) {
            observed.put(type, MessageCodec.encode(MessageSamples.sample(type))[0] & 0xFF);
        }
        assertThat(observed).as("every message record found by walking the sealed hierarchy has the tag pinned"
                + " here; a new record needs a new tag, never a retired one").isEqualTo(TAGS);
        assertThat(observed.values()).as("no two records share a tag").doesNotHaveDuplicates();
        assertThat(observed.values()).as("no message uses the handshake's tags")
                .allMatch(tag -> tag < MessageCodec.FIRST_HANDSHAKE_TAG);
    }

    @Test
    void everySampleRoundTripsToAnEqualMessageAndTheSameBytes() {
        for (Message sample : MessageSamples.all()) {
            byte[] frame = MessageCodec.encode(sample);
            assertThat(MessageCodec.decode(frame)).as("decode(encode(%s))", sample).isEqualTo(sample);
            assertThat(MessageCodec.encode(MessageCodec.decode(frame))).as("one encoding for %s", sample).isEqualTo(frame);
        }
    }

    @Test
    void smallMessagesHaveTheirDocumentedBytes() {
        assertThat(MessageCodec.encode(new ProbeMessage.Ping(5))).as("tag, then the zigzag varint of 5")
                .containsExactly(0x30, 0x0A);
        assertThat(MessageCodec.encode(new ReplicationMessage.WriteAck(-1))).containsExactly(0x03, 0x01);
        assertThat(MessageCodec.encode(new ReplicationMessage.Read(0, Key.of("k"))))
                .as("tag, request id, key length, key").containsExactly(0x04, 0x00, 0x01, 'k');
    }

    @Test
    void aPlainWriteKeepsItsOldBytesAndADurableOneHasItsOwnTag() {
        ReplicationMessage.Write plain = new ReplicationMessage.Write(0, Key.of("k"), List.of());
        ReplicationMessage.Write durable = new ReplicationMessage.Write(0, Key.of("k"), List.of(), true);
        assertThat(MessageCodec.encode(plain)).as("tag, request id, key length, key, no siblings: as before the flag")
                .containsExactly(0x01, 0x00, 0x01, 'k', 0x00);
        assertThat(MessageCodec.encode(durable)).as("the same fields under the durable write's tag")
                .containsExactly(0x0C, 0x00, 0x01, 'k', 0x00);
        assertThat(MessageCodec.decode(MessageCodec.encode(plain))).isEqualTo(plain);
        assertThat(MessageCodec.decode(MessageCodec.encode(durable))).isEqualTo(durable);
        assertMalformed(new byte[] {0x0C, 0x00}, "Write (durable) frame");
    }

    /**
     * A replica's failure answer is the newest tag: what a node that predates it does with one is what
     * it does with any unknown tag (rejects the frame by name, and the transport closes that one
     * connection); this one must be strict the same way about its own fields.
     */
    @Test
    void aReplicaFailureIsItsTagAndTheRequestIdAndNothingMore() {
        assertThat(MessageCodec.encode(new ReplicationMessage.ReplicaFailed(7))).as("tag, the zigzag varint of 7")
                .containsExactly(0x0D, 0x0E);
        assertThat(MessageCodec.decode(new byte[] {0x0D, 0x0E})).isEqualTo(new ReplicationMessage.ReplicaFailed(7));
        assertMalformed(new byte[] {0x0D}, "ReplicaFailed frame");
        assertMalformed(new byte[] {0x0D, 0x0E, 0x00}, "ReplicaFailed frame");
    }

    @Test
    void anUnknownTagAnEmptyFrameAndAHandshakeTagAreRejectedByName() {
        assertMalformed(new byte[] {0x7E, 0}, "unknown tag 0x7E");
        assertMalformed(new byte[] {0x0E}, "unknown tag 0x0E");
        assertMalformed(new byte[0], "frame is empty");
        assertMalformed(new byte[] {(byte) 0xF1, 1}, "tag 0xF1, a handshake frame's");
    }

    @Test
    void everyTruncationOfEverySampleIsRejected() {
        for (Message sample : MessageSamples.all()) {
            byte[] frame = MessageCodec.encode(sample);
            for (int length = 0; length < frame.length; length++) {
                byte[] cut = Arrays.copyOf(frame, length);
                assertThatThrownBy(() -> MessageCodec.decode(cut)).as("%s cut to %d bytes", sample, length)
                        .isInstanceOf(MalformedFrameException.class);
            }
        }
    }

    @Test
    void trailingBytesAreRejected() {
        for (Message sample : MessageSamples.all()) {
            byte[] frame = MessageCodec.encode(sample);
            byte[] longer = Arrays.copyOf(frame, frame.length + 1);
            assertThatThrownBy(() -> MessageCodec.decode(longer)).as("%s with a byte more", sample)
                    .isInstanceOf(MalformedFrameException.class).hasMessageContaining("1 unexpected trailing bytes");
        }
    }

    @Test
    void numbersOutOfRangeAreRejectedNamingTheField() {
        assertMalformed(frame(MessageCodec.READ).writeSignedVarint(1).writeVarint(0), "Read frame key length is 0");
        assertMalformed(frame(MessageCodec.READ).writeSignedVarint(1).writeVarint(Key.MAX_STORED_LENGTH + 1),
                "key length is " + (Key.MAX_STORED_LENGTH + 1));
        assertMalformed(frame(MessageCodec.FORWARD_PUT_FAILED).writeSignedVarint(1).writeSignedVarint(1L << 40),
                "ForwardPutFailed frame required is 1099511627776, outside the range of an int");
        assertMalformed(forwardPut(new ByteWriter(8).writeVarint(3).writeVarint(4).writeVarint(1)),
                "quorum R is 4; it must be between 0 and 3");
        assertMalformed(forwardPut(new ByteWriter(8).writeVarint(0).writeVarint(1).writeVarint(1)),
                "quorum N is 0");
        assertMalformed(frame(MessageCodec.PING).writeByte(0x80).writeByte(0x00), "not in its shortest form");
        assertMalformed(frame(MessageCodec.READ_REPLY).writeSignedVarint(1).writeVarint(5), "sibling count is 5");
    }

    @Test
    void aForwardedPutKeepsALocalWriteQuorum() {
        Message forward = new ReplicationMessage.ForwardPut(7, Key.of("k"), Context.EMPTY, Value.of(new byte[] {1}),
                new Quorum(3, Quorum.LOCAL, Quorum.LOCAL));
        assertThat(MessageCodec.decode(MessageCodec.encode(forward))).isEqualTo(forward);
    }

    @Test
    void badFieldsAreRejectedNamingTheField() {
        ByteWriter badNode = frame(MessageCodec.HINTED_WRITE).writeSignedVarint(1).writeByte(3).writeBytes(new byte[] {'a', '/', 'b'});
        assertMalformed(badNode, "HintedWrite frame intended node is not valid: node id contains the character '/'");
        ByteWriter badKind = frame(MessageCodec.FORWARD_PUT).writeSignedVarint(1).writeVarint(1).writeByte('k');
        badKind.writeLengthPrefixed(Context.EMPTY.toBytes()).writeByte(2);
        assertMalformed(badKind, "value has unknown kind 2");
        ByteWriter hugeValue = frame(MessageCodec.FORWARD_PUT).writeSignedVarint(1).writeVarint(1).writeByte('k');
        hugeValue.writeLengthPrefixed(Context.EMPTY.toBytes()).writeByte(1).writeVarint(Value.MAX_BYTES + 1);
        assertMalformed(hugeValue, "value length is 1048577");
        ByteWriter badContext = frame(MessageCodec.FORWARD_PUT_DONE).writeSignedVarint(1).writeVarint(1).writeByte(9);
        assertMalformed(badContext, "ForwardPutDone frame has a bad context: context format 9 is not known");
    }

    @Test
    void gossipViewsAreBoundedAndCopied() {
        assertMalformed(frame(MessageCodec.GOSSIP_PUSH).writeVarint(0), "Push frame view length is 0");
        assertMalformed(frame(MessageCodec.GOSSIP_REPLY).writeVarint(GossipMessage.MAX_VIEW_BYTES + 1),
                "Reply frame view length is 4194305");
        assertThatThrownBy(() -> new GossipMessage.Push(new byte[GossipMessage.MAX_VIEW_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 4194304 are allowed");
        byte[] bytes = {1, 2, 3};
        GossipMessage.Push push = new GossipMessage.Push(bytes);
        bytes[0] = 9;
        push.view()[1] = 9;
        assertThat(push).as("a push owns its bytes: neither the caller's array nor its accessor's copy changes it")
                .isEqualTo(new GossipMessage.Push(new byte[] {1, 2, 3}));
        assertThat(MessageCodec.encode(push)).as("tag, view length, view").containsExactly(0x50, 3, 1, 2, 3);
    }

    @Test
    void aVersionWhoseDotIsInItsOwnPastIsRejected() {
        ByteWriter out = frame(MessageCodec.READ_REPLY).writeSignedVarint(1).writeVarint(1);
        out.writeByte(2).writeBytes(new byte[] {'n', '1'}).writeVarint(3).writeVarint(0);
        out.writeVarint(1).writeByte(2).writeBytes(new byte[] {'n', '1'}).writeVarint(5).writeVarint(0);
        assertMalformed(out.writeByte(0), "ReadReply frame sibling 0 version's dot [n1,3] is inside its own past");
    }

    @Test
    void aSiblingPastTheClockLimitsIsRefusedAloneNotTakenForAMalformedFrame() {
        assertRefused(writeOfOneSibling(Long.MAX_VALUE, 0, 0),
                "Write frame is refused: the clock entry of n1 has counter 9223372036854775807, above the limit of 2^62");
        assertRefused(writeOfOneSibling(ClockLimits.MAX_COUNTER + 1, 0, 0), "above the limit of 2^62");
        assertRefused(writeOfOneSibling(5, ClockLimits.MAX_TIMESTAMP_MILLIS + 1, 0), "after the end of the year 9999");
        assertRefused(writeOfOneSibling(5, 0, Long.MAX_VALUE), "the clock entry of p has counter 9223372036854775807");
        assertThat(MessageCodec.decode(writeOfOneSibling(ClockLimits.MAX_COUNTER, ClockLimits.MAX_TIMESTAMP_MILLIS, 1)
                .toByteArray())).as("the limits themselves are accepted").isInstanceOf(ReplicationMessage.Write.class);
        assertThatThrownBy(() -> MessageCodec.decode(writeOfOneSibling(0, 0, 0).toByteArray()))
                .as("a counter of 0 is garbage, not a clock past its limits")
                .isExactlyInstanceOf(MalformedFrameException.class).hasMessageContaining("has counter 0");
    }

    @Test
    void aForwardedContextPastTheClockLimitsIsRefusedAlone() {
        byte[] context = new ByteWriter(16).writeByte(1).writeVarint(1).writeByte(2).writeBytes(new byte[] {'n', '1'})
                .writeVarint(Long.MAX_VALUE).writeVarint(0).toByteArray();
        ByteWriter out = frame(MessageCodec.FORWARD_PUT).writeSignedVarint(1).writeVarint(1).writeByte('k');
        out.writeLengthPrefixed(context).writeByte(0).writeVarint(3).writeVarint(2).writeVarint(2);

        assertRefused(out, "ForwardPut frame is refused: the clock entry of n1 has counter 9223372036854775807");
    }

    /** A Write of key "k" with one sibling: dot [n1, counter] at {@code timestamp}, past [p, pastCounter] unless 0. */
    private static ByteWriter writeOfOneSibling(long counter, long timestamp, long pastCounter) {
        ByteWriter out = frame(MessageCodec.WRITE).writeSignedVarint(1).writeVarint(1).writeByte('k').writeVarint(1);
        out.writeByte(2).writeBytes(new byte[] {'n', '1'}).writeVarint(counter).writeVarint(timestamp);
        if (pastCounter == 0) {
            out.writeVarint(0);
        } else {
            out.writeVarint(1).writeByte(1).writeByte('p').writeVarint(pastCounter).writeVarint(0);
        }
        return out.writeByte(1).writeVarint(1).writeByte('v');
    }

    private static void assertRefused(ByteWriter frame, String problem) {
        assertThatThrownBy(() -> MessageCodec.decode(frame.toByteArray())).isInstanceOf(RefusedFrameException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void sevenFullSizeSiblingsFitInOneFrame() {
        Message write = new ReplicationMessage.Write(1, Key.of("big"), siblings(7, Value.MAX_BYTES));
        byte[] frame = MessageCodec.encode(write);
        assertThat(frame.length).as("seven 1 MiB values and their clocks stay under the limit")
                .isLessThan(MessageCodec.MAX_FRAME_BYTES);
        assertThat(MessageCodec.decode(frame)).isEqualTo(write);
    }

    @Test
    void aMessageOverTheFrameLimitIsRefusedBeforeItIsSent() {
        Message write = new ReplicationMessage.Write(1, Key.of("big"), siblings(9, Value.MAX_BYTES));
        assertThatThrownBy(() -> MessageCodec.encode(write)).isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("a Write of ").hasMessageContaining("passes the frame limit of 8388608 bytes");
        Message small = new ReplicationMessage.Repair(Key.of("k"), siblings(1, 5000));
        assertThatThrownBy(() -> MessageCodec.encode(small, 4096)).isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("frame limit of 4096 bytes");
    }

    @Test
    void fieldsTheDecoderWouldRejectAreRefusedAtTheSender() {
        Message tooBig = new ReplicationMessage.ForwardPut(1, Key.of("k"), Context.EMPTY,
                Value.of(new byte[Value.MAX_BYTES + 1]), Quorum.DEFAULT);
        assertThatThrownBy(() -> MessageCodec.encode(tooBig)).isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("value is 1048577 bytes; at most 1048576");
        List<VectorClock.Entry> entries = new ArrayList<>();
        for (int i = 0; i <= MessageCodec.MAX_PAST_ENTRIES; i++) {
            entries.add(new VectorClock.Entry(NodeId.of(String.format("p%03d", i)), 1, 0));
        }
        DottedVersionVector longPast = new DottedVersionVector(new Dot(NodeId.of("n1"), 1, 0), new VectorClock(entries));
        Message write = new ReplicationMessage.Write(1, Key.of("k"), List.of(new Versioned<>(longPast, Value.TOMBSTONE)));
        assertThatThrownBy(() -> MessageCodec.encode(write)).isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("sibling 0 has a past of 65 entries; at most 64");
    }

    private static List<Versioned<Value>> siblings(int count, int valueBytes) {
        List<Versioned<Value>> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            DottedVersionVector version = new DottedVersionVector(new Dot(NodeId.of("n1"), i, 1_700_000_000_000L),
                    VectorClock.of(new VectorClock.Entry(NodeId.of("n2"), 40, 1_700_000_000_000L)));
            out.add(new Versioned<>(version, Value.of(new byte[valueBytes])));
        }
        return Collections.unmodifiableList(out);
    }

    private static ByteWriter frame(int tag) {
        return new ByteWriter(32).writeByte(tag);
    }

    /** A ForwardPut of key "k", empty context, tombstone, then {@code quorum}'s bytes. */
    private static ByteWriter forwardPut(ByteWriter quorum) {
        ByteWriter out = frame(MessageCodec.FORWARD_PUT).writeSignedVarint(1).writeVarint(1).writeByte('k');
        out.writeLengthPrefixed(Context.EMPTY.toBytes()).writeByte(0);
        return out.writeBytes(quorum.toByteArray());
    }

    private static void assertMalformed(ByteWriter frame, String problem) {
        assertMalformed(frame.toByteArray(), problem);
    }

    private static void assertMalformed(byte[] frame, String problem) {
        assertThatThrownBy(() -> MessageCodec.decode(frame)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining(problem);
    }
}
