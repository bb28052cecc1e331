package net.cpmpf.sipedge.msrp;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** A byte array that grows on demand up to a bound, so a short message does not reserve the largest size. */
final class BoundedBytes {

    private static final int INITIAL = 64 * 1024;
    private final int max;
    private byte[] data = new byte[0];
    private int length;

    BoundedBytes(int max) {
        this.max = max;
    }

    int length() {
        return length;
    }

    void append(ByteBuf bytes) {
        int n = bytes.readableBytes();
        if (length + n > data.length) {
            int grown = Math.max(length + n, Math.max(INITIAL, data.length * 2));
            data = Arrays.copyOf(data, Math.min(max, grown));
        }
        bytes.getBytes(bytes.readerIndex(), data, length, n);
        length += n;
    }

    void truncate(int newLength) {
        length = Math.min(length, newLength);
    }

    void reset() {
        length = 0;
    }

    byte[] toArray() {
        return Arrays.copyOf(data, length);
    }

    void release() {
        data = new byte[0];
        length = 0;
    }
}
