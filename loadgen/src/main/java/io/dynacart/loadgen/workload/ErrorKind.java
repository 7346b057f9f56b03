package io.dynacart.loadgen.workload;

import io.dynacart.cart.service.CartRejectedException;
import io.dynacart.store.api.QuorumNotReachedException;
import io.dynacart.store.api.SiblingLimitException;
import io.dynacart.store.api.StoreClosedException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** The kind a failure is counted under in the report. */
public final class ErrorKind {

    /** No slot free among {@code --max-in-flight}. */
    public static final String OVERLOAD = "overload";
    /** Every device of the shoppers tried had a request out. */
    public static final String DEVICES_BUSY = "devices-busy";

    private ErrorKind() {
    }

    /**
     * {@code quorum}, {@code closed}, {@code timeout}, {@code sibling-cap} (a put refused for the key's
     * sibling caps: nothing written), {@code rejected:<reason>}, or the exception's class name.
     */
    public static String of(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof QuorumNotReachedException) {
            return "quorum";
        } else if (t instanceof SiblingLimitException) {
            return "sibling-cap";
        } else if (t instanceof StoreClosedException) {
            return "closed";
        } else if (t instanceof TimeoutException || t instanceof CancellationException) {
            return "timeout";
        } else if (t instanceof CartWorkload.DevicesBusyException) {
            return DEVICES_BUSY;
        } else if (t instanceof CartRejectedException r) {
            return "rejected:" + r.reason().name().toLowerCase(Locale.ROOT);
        } else if (t instanceof IllegalStateException && String.valueOf(t.getMessage()).contains("stopped")) {
            return "closed";
        }
        return t.getClass().getSimpleName();
    }
}
