/**
 * Anti-entropy with Merkle trees (paper, section 4.7): replicas of a partition find and repair
 * their differences in the background, moving only the keys that differ. A
 * {@link io.dynacart.store.antientropy.MerkleTree} per partition, over the keys'
 * {@link io.dynacart.store.antientropy.EntryHash}es, is kept current on every write by
 * {@link io.dynacart.store.antientropy.TreeMaintainingStorage} and held with the others in a
 * {@link io.dynacart.store.antientropy.MerkleIndex} (rebuilt from storage on start). An
 * {@link io.dynacart.store.antientropy.ExchangeSession} (pure state machine, the initiator) compares
 * two trees top-down with an {@link io.dynacart.store.antientropy.ExchangeResponder} (stateless)
 * and ships whole sibling sets both ways, which both sides merge (syntactic reconciliation). The
 * {@link io.dynacart.store.antientropy.Repairer} runs one session per interval, round-robin over
 * (partition, peer) pairs, within an {@link io.dynacart.store.antientropy.AntiEntropyBudget} of keys
 * and bytes per second, and remembers each pair's last completed exchange. The
 * {@link io.dynacart.store.antientropy.TombstoneCollector} uses that to collect deletes: a key holding
 * only tombstones is purged once every replica completed an exchange begun after this node first saw
 * those tombstones, a grace period passed, and no member's gossiped hint horizon says a hint could
 * still hold what they deleted ({@link io.dynacart.store.antientropy.TombstoneAges}, pure).
 *
 * <p>Time comes only from the injected {@code Clock} and {@code Scheduler}. Depends on
 * {@code identity}, {@code versioning}, {@code storage}, {@code ring} (key hashes and partitions),
 * {@code transport} (the {@code AntiEntropyMessage} family and {@code Network}) and {@code time}.
 */
package io.dynacart.store.antientropy;
