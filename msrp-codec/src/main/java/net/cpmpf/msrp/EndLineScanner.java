package net.cpmpf.msrp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Finds the end of one transaction's body: CRLF, seven dashes, the transaction id, a continuation flag, CRLF. A
 * match of CRLF, dashes and id followed by anything but a flag is body (another id that starts with this one); one
 * followed by a flag but not CRLF breaks RFC 4975 §7.1, which forbids the end-line inside a body.
 *
 * <p>Each scan reports how far the bytes are known to be body, so the caller resumes from there and no byte is
 * examined more than once, apart from the few that might start an end-line still arriving.
 */
final class EndLineScanner {

    enum Result {
        /** {@link #position()} is the offset of the end-line's leading CR; {@link #flag()} is set. */
        FOUND,
        /** No end-line yet: the first {@link #position()} bytes are body. */
        NOT_FOUND,
        /** An end-line with a flag but no CRLF starts at {@link #position()}. */
        MALFORMED
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final byte[] marker;
    private int position;
    private Continuation flag;

    EndLineScanner(String transactionId) {
        this.marker = ("\r\n-------" + transactionId).getBytes(StandardCharsets.US_ASCII);
    }

    /** Bytes from the CR before the dashes through the final LF. */
    int length() {
        return marker.length + 3;
    }

    int position() {
        return position;
    }

    Continuation flag() {
        return flag;
    }

    /**
     * Whether the readable bytes of {@code in} start with an end-line that lacks its leading CRLF, as after a line the
     * caller already consumed: its length if so, 0 if too few bytes are here to tell, -1 if not.
     */
    int atStart(ByteBuf in) {
        int base = in.readerIndex();
        int available = in.readableBytes();
        int dashesAndId = marker.length - 2;
        for (int k = 0; k < Math.min(available, dashesAndId); k++) {
            if (in.getByte(base + k) != marker[k + 2]) {
                return -1;
            }
        }
        if (available < dashesAndId + 3) {
            return available > dashesAndId && Continuation.of(in.getByte(base + dashesAndId)) == null ? -1 : 0;
        }
        flag = Continuation.of(in.getByte(base + dashesAndId));
        boolean crlf = in.getByte(base + dashesAndId + 1) == CR && in.getByte(base + dashesAndId + 2) == LF;
        return flag != null && crlf ? dashesAndId + 3 : -1;
    }

    /** Scans the readable bytes of {@code in} from {@code offset} (relative to its reader index). */
    Result scan(ByteBuf in, int offset) {
        int base = in.readerIndex();
        int end = in.writerIndex();
        int i = base + offset;
        while (i < end) {
            int cr = in.indexOf(i, end, CR);
            if (cr < 0) {
                break;
            }
            int available = end - cr;
            if (!matchesMarker(in, cr, Math.min(available, marker.length))) {
                i = cr + 1;
                continue;
            }
            position = cr - base;
            if (available <= marker.length) {
                return Result.NOT_FOUND;
            }
            Continuation candidate = Continuation.of(in.getByte(cr + marker.length));
            if (candidate == null) {
                i = cr + 1;
                continue;
            }
            if ((available > marker.length + 1 && in.getByte(cr + marker.length + 1) != CR)
                    || (available > marker.length + 2 && in.getByte(cr + marker.length + 2) != LF)) {
                return Result.MALFORMED;
            }
            if (available < length()) {
                return Result.NOT_FOUND;
            }
            flag = candidate;
            return Result.FOUND;
        }
        position = end - base;
        return Result.NOT_FOUND;
    }

    private boolean matchesMarker(ByteBuf in, int index, int count) {
        for (int k = 0; k < count; k++) {
            if (in.getByte(index + k) != marker[k]) {
                return false;
            }
        }
        return true;
    }
}
