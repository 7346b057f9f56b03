package io.dynacart.store.antientropy;

import io.dynacart.store.transport.AntiEntropyMessage;
import io.dynacart.store.transport.AntiEntropyMessage.KeySiblings;
import java.util.List;

/**
 * What one event of an exchange asks its runner to do: send {@code send} to the peer, and merge
 * {@code merge} into local storage (syntactic reconciliation, through {@code Storage.merge}).
 */
public record Step(List<AntiEntropyMessage> send, List<KeySiblings> merge) {

    public static final Step NOTHING = new Step(List.of(), List.of());

    public Step {
        send = List.copyOf(send);
        merge = List.copyOf(merge);
    }

    static Step send(List<? extends AntiEntropyMessage> messages) {
        return new Step(List.copyOf(messages), List.of());
    }
}
