package io.dynacart.store.transport;

import java.util.Arrays;
import java.util.Objects;

/**
 * Gossip of membership and the ring (paper, section 4.8.1): a node pushes its whole view to one peer,
 * which merges it and replies with the merged view (push-pull). The view travels as bytes that only
 * {@code membership} reads, so that transport need not know what a view is; the codec bounds their
 * size and {@code membership.ViewCodec} checks their content.
 *
 * <p>Records holding arrays compare by content here (a record's own {@code equals} would compare the
 * array references), and copy in and out, so a message stays an immutable value.
 */
public sealed interface GossipMessage extends Message {

    /** The largest encoded view, in bytes: half a frame, far above a view of 256 nodes at Q = 65536. */
    int MAX_VIEW_BYTES = 4 << 20;

    /** The encoded view, a copy. */
    byte[] view();

    /** My view: merge it into yours, and reply with the result if it differs from mine. */
    record Push(byte[] view) implements GossipMessage {
        public Push {
            view = checkedCopy(view);
        }

        @Override
        public byte[] view() {
            return view.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Push that && Arrays.equals(view, that.view);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(view);
        }

        @Override
        public String toString() {
            return "Push[" + view.length + " bytes]";
        }
    }

    /** The receiver's view after merging a {@link Push}: merge it into yours. */
    record Reply(byte[] view) implements GossipMessage {
        public Reply {
            view = checkedCopy(view);
        }

        @Override
        public byte[] view() {
            return view.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Reply that && Arrays.equals(view, that.view);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(view);
        }

        @Override
        public String toString() {
            return "Reply[" + view.length + " bytes]";
        }
    }

    private static byte[] checkedCopy(byte[] view) {
        Objects.requireNonNull(view, "view");
        if (view.length < 1 || view.length > MAX_VIEW_BYTES) {
            throw new IllegalArgumentException("an encoded view is " + view.length + " bytes; 1 to " + MAX_VIEW_BYTES
                    + " are allowed");
        }
        return view.clone();
    }
}
