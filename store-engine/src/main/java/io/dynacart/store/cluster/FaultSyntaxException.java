package io.dynacart.store.cluster;

/** A fault schedule that does not parse; the message names the bad token and its position (1-based column). */
public final class FaultSyntaxException extends IllegalArgumentException {

    private final int position;
    private final String token;

    public FaultSyntaxException(String problem, String token, int position) {
        super(problem + ": \"" + token + "\" at position " + position);
        this.position = position;
        this.token = token;
    }

    /** The 1-based column of the bad token in the schedule text. */
    public int position() {
        return position;
    }

    public String token() {
        return token;
    }
}
