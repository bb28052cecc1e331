package net.cpmpf.msrp;

/** The flag closing a request's end-line (RFC 4975 §7.1). Responses always end with {@link #COMPLETE}. */
public enum Continuation {
    /** {@code $}: this chunk ends the message. */
    COMPLETE('$'),
    /** {@code +}: more chunks of the message follow (also ends a chunk the sender interrupted early). */
    MORE('+'),
    /** {@code #}: the sender abandons the message; no further chunks of it will come. */
    ABORTED('#');

    private final char flag;

    Continuation(char flag) {
        this.flag = flag;
    }

    public char flag() {
        return flag;
    }

    /** The continuation written as {@code flag}, or {@code null} when {@code flag} is none of {@code $+#}. */
    static Continuation of(int flag) {
        return switch (flag) {
            case '$' -> COMPLETE;
            case '+' -> MORE;
            case '#' -> ABORTED;
            default -> null;
        };
    }
}
