package net.cpmpf.msrp;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import net.cpmpf.msrp.MsrpProtocolException.Reason;

/**
 * Rebuilds one message from its SEND chunks (RFC 4975 §5.1), which may arrive in any order, be interrupted early
 * (fewer bytes than their Byte-Range announced) or repeat bytes already received. Repeated bytes must be identical,
 * every chunk must agree on the Message-ID and the total, and no byte may lie past the total or past
 * {@code maxMessageBytes}; anything else is a {@link MsrpProtocolException}, after which the message should be
 * dropped. A relay never does this; an endpoint that stores a message (the PF deferring a large message) does.
 *
 * <p>Takes whole chunks ({@link #accept}) or the decoder's stream ({@link #begin}, {@link #append}, {@link #end}).
 * Buffers are only read, never released: they stay their owner's. The message is held in memory, up to
 * {@code maxMessageBytes}. One instance per Message-ID; not thread-safe.
 */
public final class MsrpReassembler {

    /** Where the message stands after a chunk. */
    public enum Progress {
        /** Bytes are still missing. */
        INCOMPLETE,
        /** Every byte up to the total is here: {@link #takeMessage()}. */
        COMPLETE,
        /** The sender gave up on the message ({@code #}); no further chunks will come. */
        ABORTED
    }

    private final long maxMessageBytes;
    /** Received byte ranges, 0-based, start to exclusive end, never touching each other. */
    private final TreeMap<Long, Long> received = new TreeMap<>();

    private String messageId;
    private String contentType;
    private long total = ByteRange.UNKNOWN;
    private byte[] data = new byte[0];
    private Progress progress = Progress.INCOMPLETE;

    private boolean inChunk;
    private long position;
    private long declaredEnd;

    public MsrpReassembler(long maxMessageBytes) {
        if (maxMessageBytes < 0 || maxMessageBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxMessageBytes must fit an array: " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /** One whole chunk: {@link #begin}, {@link #append} and {@link #end} in one call. */
    public Progress accept(MsrpChunk chunk) throws MsrpProtocolException {
        begin(chunk.head());
        append(chunk.content());
        return end(chunk.continuation());
    }

    /** Starts a chunk: checks its Message-ID and Byte-Range against the chunks before it. */
    public void begin(MsrpRequest send) throws MsrpProtocolException {
        if (inChunk || progress != Progress.INCOMPLETE) {
            throw new IllegalStateException("begin() while " + (inChunk ? "a chunk is open" : progress));
        }
        String id = send.headers().messageId().orElse(null);
        if (!MsrpMethod.SEND.equals(send.method()) || id == null) {
            throw mismatch("only SENDs with a Message-ID carry a message");
        }
        if (messageId != null && !messageId.equals(id)) {
            throw mismatch("Message-ID " + id + " is not " + messageId);
        }
        messageId = id;
        if (contentType == null) {
            contentType = send.headers().contentType().orElse(null);
        }
        ByteRange range = send.headers().byteRange().orElseGet(ByteRange::whole);
        if (range.totalKnown()) {
            learnTotal(range.total());
        }
        position = range.start() - 1;
        declaredEnd = range.endKnown() ? range.end() : Long.MAX_VALUE;
        inChunk = true;
    }

    /** The next bytes of the open chunk. */
    public void append(ByteBuf part) throws MsrpProtocolException {
        if (!inChunk) {
            throw new IllegalStateException("append() outside a chunk");
        }
        int length = part.readableBytes();
        long end = position + length;
        if (end > declaredEnd) {
            throw mismatch("chunk carries bytes past its Byte-Range end " + declaredEnd);
        }
        if (total != ByteRange.UNKNOWN && end > total) {
            throw mismatch("bytes up to " + end + " past the total " + total);
        }
        if (end > maxMessageBytes) {
            throw new MsrpProtocolException(Reason.MESSAGE_TOO_LARGE, "more than " + maxMessageBytes + " bytes");
        }
        ensureCapacity(end);
        checkOverlaps(part, position, end);
        part.getBytes(part.readerIndex(), data, (int) position, length);
        record(position, end);
        position = end;
    }

    /** Ends the open chunk with its end-line flag. */
    public Progress end(Continuation continuation) throws MsrpProtocolException {
        if (!inChunk) {
            throw new IllegalStateException("end() outside a chunk");
        }
        inChunk = false;
        if (continuation == Continuation.ABORTED) {
            progress = Progress.ABORTED;
            return progress;
        }
        if (continuation == Continuation.COMPLETE) {
            // '$' says this chunk holds the end of the message, so it cannot have been cut short.
            if (declaredEnd != Long.MAX_VALUE && position != declaredEnd) {
                throw mismatch("last chunk ends at " + position + ", its Byte-Range at " + declaredEnd);
            }
            learnTotal(position);
        }
        if (total != ByteRange.UNKNOWN && covered() == total) {
            progress = Progress.COMPLETE;
        }
        return progress;
    }

    /** The whole message, once {@link Progress#COMPLETE}; handed over, so it can be taken once. */
    public byte[] takeMessage() {
        if (progress != Progress.COMPLETE || data == null) {
            throw new IllegalStateException("no complete message to take: " + progress);
        }
        byte[] message = data.length == total ? data : Arrays.copyOf(data, (int) total);
        data = null;
        return message;
    }

    public Progress progress() {
        return progress;
    }

    /** The Message-ID of the first chunk, or {@code null} before it. */
    public String messageId() {
        return messageId;
    }

    /** The Content-Type of the first chunk, or {@code null}. */
    public String contentType() {
        return contentType;
    }

    /** Distinct bytes received so far. */
    public long receivedBytes() {
        return covered();
    }

    /** The message size once a chunk stated it or the last chunk arrived, else {@link ByteRange#UNKNOWN}. */
    public long totalBytes() {
        return total;
    }

    private void learnTotal(long value) throws MsrpProtocolException {
        if (total != ByteRange.UNKNOWN && total != value) {
            throw mismatch("total " + value + " after total " + total);
        }
        if (value > maxMessageBytes) {
            throw new MsrpProtocolException(
                    Reason.MESSAGE_TOO_LARGE, value + " bytes, limit " + maxMessageBytes + " bytes");
        }
        if (!received.isEmpty() && received.lastEntry().getValue() > value) {
            throw mismatch("bytes received past the total " + value);
        }
        total = value;
    }

    private void ensureCapacity(long end) {
        if (end <= data.length) {
            return;
        }
        long wanted = total != ByteRange.UNKNOWN ? total : Math.min(maxMessageBytes, Math.max(end, 2L * data.length));
        data = Arrays.copyOf(data, (int) Math.max(wanted, end));
    }

    private void checkOverlaps(ByteBuf part, long start, long end) throws MsrpProtocolException {
        Map.Entry<Long, Long> floor = received.floorEntry(start);
        Long from = floor != null && floor.getValue() > start ? floor.getKey() : Long.valueOf(start);
        for (Map.Entry<Long, Long> range :
                received.subMap(from, true, end, false).entrySet()) {
            long overlapStart = Math.max(start, range.getKey());
            long overlapEnd = Math.min(end, range.getValue());
            for (long i = overlapStart; i < overlapEnd; i++) {
                if (part.getByte(part.readerIndex() + (int) (i - start)) != data[(int) i]) {
                    throw mismatch("byte " + (i + 1) + " differs from the one received before");
                }
            }
        }
    }

    /** Adds {@code [start, end)} to the received ranges, merging ranges it touches or overlaps. */
    private void record(long start, long end) {
        if (start == end) {
            return;
        }
        long newStart = start;
        long newEnd = end;
        Map.Entry<Long, Long> floor = received.floorEntry(start);
        if (floor != null && floor.getValue() >= start) {
            newStart = floor.getKey();
            newEnd = Math.max(newEnd, floor.getValue());
        }
        for (Map.Entry<Long, Long> next = received.ceilingEntry(newStart);
                next != null && next.getKey() <= newEnd;
                next = received.ceilingEntry(newStart)) {
            newEnd = Math.max(newEnd, next.getValue());
            received.remove(next.getKey());
        }
        received.put(newStart, newEnd);
    }

    private long covered() {
        return received.values().stream().mapToLong(Long::longValue).sum()
                - received.keySet().stream().mapToLong(Long::longValue).sum();
    }

    private static MsrpProtocolException mismatch(String detail) {
        return new MsrpProtocolException(Reason.CHUNK_MISMATCH, detail);
    }
}
