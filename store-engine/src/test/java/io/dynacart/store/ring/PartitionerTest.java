package io.dynacart.store.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionerTest {

    private static final long SEED = 0x5EED_D15C_A27L;

    @ParameterizedTest(name = "Q = {0}")
    @ValueSource(ints = {0, -1, 3, 100, 255, 1 << 17, Integer.MIN_VALUE})
    void rejectsPartitionCountsThatAreNotPowersOfTwoUpTo65536(int count) {
        assertThatThrownBy(() -> new Partitioner(count))
                .as("Q must be a power of two from 1 to 2^16")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two")
                .hasMessageContaining("was " + count);
    }

    @ParameterizedTest(name = "Q = {0}")
    @ValueSource(ints = {1, 2, 64, 256, 1 << 16})
    void acceptsPowersOfTwoFromOneTo65536(int count) {
        assertThat(new Partitioner(count).partitionCount()).isEqualTo(count);
    }

    @Test
    void defaultIs256Partitions() {
        assertThat(Partitioner.withDefaultCount().partitionCount())
                .as("a new cluster gets DEFAULT_PARTITION_COUNT partitions")
                .isEqualTo(Partitioner.DEFAULT_PARTITION_COUNT)
                .isEqualTo(256);
    }

    @Test
    void partitionIsTheTopBitsOfTheHighWord() {
        KeyHash hash = new KeyHash(0xABCD_0000_0000_0001L, -1);

        assertThat(new Partitioner(256).partitionOf(hash)).as("top 8 bits, unsigned").isEqualTo(PartitionId.of(0xAB));
        assertThat(new Partitioner(1 << 16).partitionOf(hash)).as("top 16 bits").isEqualTo(PartitionId.of(0xABCD));
        assertThat(new Partitioner(2).partitionOf(hash)).as("top bit").isEqualTo(PartitionId.of(1));
        assertThat(new Partitioner(1).partitionOf(hash)).as("one partition holds everything").isEqualTo(PartitionId.of(0));
        assertThat(new Partitioner(256).partitionOf(new KeyHash(Long.MAX_VALUE, 0)))
                .as("a high word just below 2^63 is in the middle partition's predecessor")
                .isEqualTo(PartitionId.of(127));
    }

    @Test
    void partitionOfKeyIsPartitionOfItsHash() {
        byte[] key = "cart:7".getBytes(StandardCharsets.UTF_8);
        Partitioner partitioner = new Partitioner(1024);

        assertThat(partitioner.partitionOf(key)).isEqualTo(partitioner.partitionOf(KeyHash.of(key)));
    }

    @Test
    void partitionOrderIsHashOrder() {
        Random random = new Random(SEED);
        Partitioner partitioner = new Partitioner(64);
        List<KeyHash> hashes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            hashes.add(new KeyHash(random.nextLong(), random.nextLong()));
        }
        hashes.sort(null);

        for (int i = 1; i < hashes.size(); i++) {
            assertThat(partitioner.partitionOf(hashes.get(i)))
                    .as("a larger hash never falls in an earlier partition")
                    .isGreaterThanOrEqualTo(partitioner.partitionOf(hashes.get(i - 1)));
        }
    }

    @Test
    void partitionsAreEqualContiguousRanges() {
        Partitioner partitioner = new Partitioner(256);
        for (int p = 0; p < 256; p++) {
            KeyHash first = partitioner.firstHashOf(PartitionId.of(p));
            assertThat(partitioner.partitionOf(first)).as("a partition's first hash is in it").isEqualTo(PartitionId.of(p));
            assertThat(first.high()).as("partition p starts at p * 2^128 / Q").isEqualTo((long) p << 56);
            KeyHash justBefore = new KeyHash(first.high() - 1, -1);
            assertThat(partitioner.partitionOf(justBefore))
                    .as("the hash just below a partition's start is in the previous partition")
                    .isEqualTo(PartitionId.of(Math.floorMod(p - 1, 256)));
        }
    }

    @Test
    void aMillionRandomKeysSpreadUniformlyOverPartitionsAndNodes() {
        System.out.println("PartitionerTest uniform spread: seed = " + SEED);
        Random random = new Random(SEED);
        int q = 256;
        int keys = 1_000_000;
        Partitioner partitioner = new Partitioner(q);
        long[] perPartition = new long[q];
        for (int i = 0; i < keys; i++) {
            byte[] key = new byte[8 + random.nextInt(33)];
            random.nextBytes(key);
            perPartition[partitioner.partitionOf(key).index()]++;
        }

        double expected = (double) keys / q;
        double chiSquare = 0;
        for (long observed : perPartition) {
            chiSquare += (observed - expected) * (observed - expected) / expected;
        }
        int degrees = q - 1;
        double bound = degrees + 5 * Math.sqrt(2.0 * degrees);
        assertThat(chiSquare)
                .as("chi-square over %d partitions (mean %d, sd %.1f) must stay below %.1f", q, degrees,
                        Math.sqrt(2.0 * degrees), bound)
                .isLessThan(bound);

        Ring ring = Claim.initial(TestRings.equalWeights(5), q, 3);
        Map<NodeId, Long> keysPerNode = new TreeMap<>();
        for (int p = 0; p < q; p++) {
            keysPerNode.merge(ring.ownerOf(PartitionId.of(p)), perPartition[p], Long::sum);
        }
        ring.partitionCounts().forEach((node, partitions) -> {
            double partitionShare = (double) partitions / q;
            double keyShare = (double) keysPerNode.get(node) / keys;
            assertThat(Math.abs(keyShare - partitionShare) / partitionShare)
                    .as("node %s owns %d of %d partitions, so it must hold that share of keys within 2%%",
                            node, partitions, q)
                    .isLessThan(0.02);
        });
    }

    @Test
    void partitionIdsAreNonNegativeAndOrderedByIndex() {
        assertThatThrownBy(() -> PartitionId.of(-1))
                .as("a partition index is never negative")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThat(PartitionId.of(3)).isLessThan(PartitionId.of(10));
    }
}
