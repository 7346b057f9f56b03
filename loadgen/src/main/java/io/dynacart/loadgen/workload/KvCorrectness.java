package io.dynacart.loadgen.workload;

import java.util.List;

/**
 * The kv workload's verdict: for every key, the last acknowledged write (each key has one writer at a
 * time, so "last" is well defined) must be among the key's siblings at the end, or be superseded by
 * a later write of that writer (one that failed to be acknowledged but still landed).
 *
 * @param missingWrites keys whose last acknowledged write is gone: must be 0
 * @param unreadKeys    keys that could not be read at all before the deadline
 * @param unanswered    writes the store had neither acknowledged nor failed when the read-back began
 */
public record KvCorrectness(long keysChecked, long acknowledgedWrites, long missingWrites, long unreadKeys,
                            long multiVersionKeys, int unanswered, long convergeMillis, List<String> examples) implements Correctness {

    public KvCorrectness {
        examples = List.copyOf(examples);
    }

    @Override
    public boolean passed() {
        return missingWrites == 0 && unreadKeys == 0;
    }

    @Override
    public String summary() {
        return String.format("acknowledged writes missing=%d of %d keys checked (%d acknowledged writes), unread keys=%d,"
                + " keys still with several versions=%d, writes never answered=%d, checked in %.1f s", missingWrites,
                keysChecked, acknowledgedWrites, unreadKeys, multiVersionKeys, unanswered, convergeMillis / 1000.0);
    }
}
