package net.cpmpf.msrp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Splits one message into SEND chunks (RFC 4975 §5.1, §7.1.1): every chunk repeats the template's headers (same
 * Message-ID, Content-Type, reports) with its own transaction id and a Byte-Range {@code n-m/total}; every chunk but
 * the last ends with {@code +}, the last with {@code $}. When the size is not known in advance the total is
 * {@code *} until the last chunk, which states it.
 *
 * <p>Either all at once from a buffer ({@link #split}) or one chunk at a time as data becomes available
 * ({@link #next}). Not thread-safe.
 */
public final class MsrpChunker {

    private final MsrpRequest template;
    private final Supplier<String> transactionIds;
    private final long total;
    private long nextByte = 1;
    private boolean ended;

    /**
     * @param template a SEND with Message-ID and Content-Type; its transaction id and any Byte-Range are replaced
     * @param transactionIds a fresh transaction id per chunk
     * @param totalBytes the message size, or {@link ByteRange#UNKNOWN}
     */
    public MsrpChunker(MsrpRequest template, Supplier<String> transactionIds, long totalBytes) {
        this.template = Objects.requireNonNull(template, "template");
        this.transactionIds = Objects.requireNonNull(transactionIds, "transactionIds");
        if (!MsrpMethod.SEND.equals(template.method())
                || template.headers().messageId().isEmpty()
                || !template.hasBody()) {
            throw new IllegalArgumentException("chunks are SENDs with a Message-ID and a Content-Type");
        }
        if (totalBytes < 0 && totalBytes != ByteRange.UNKNOWN) {
            throw new IllegalArgumentException("totalBytes: " + totalBytes);
        }
        this.total = totalBytes;
    }

    /**
     * Splits {@code body} into chunks of at most {@code chunkBytes}. The chunks hold their own references to slices of
     * {@code body}, which stays the caller's to release.
     */
    public static List<MsrpChunk> split(
            MsrpRequest template, ByteBuf body, int chunkBytes, Supplier<String> transactionIds) {
        if (chunkBytes <= 0) {
            throw new IllegalArgumentException("chunkBytes must be positive: " + chunkBytes);
        }
        MsrpChunker chunker = new MsrpChunker(template, transactionIds, body.readableBytes());
        List<MsrpChunk> chunks = new ArrayList<>(body.readableBytes() / chunkBytes + 1);
        int index = body.readerIndex();
        int end = body.writerIndex();
        do {
            int length = Math.min(chunkBytes, end - index);
            Continuation flag = index + length == end ? Continuation.COMPLETE : Continuation.MORE;
            chunks.add(chunker.next(body.retainedSlice(index, length), flag));
            index += length;
        } while (index < end);
        return chunks;
    }

    /**
     * The chunk carrying the next bytes of the message. Takes over the caller's reference to {@code data}; when this
     * throws, the reference stays with the caller.
     *
     * @param continuation {@link Continuation#COMPLETE} for the last chunk (its end must then be the total, if
     *     known), {@link Continuation#ABORTED} to give up on the message
     * @throws IllegalStateException after the last or an aborting chunk
     * @throws IllegalArgumentException when {@code data} would pass the known total, or a last chunk stops short of it
     */
    public MsrpChunk next(ByteBuf data, Continuation continuation) {
        if (ended) {
            throw new IllegalStateException("the message already ended");
        }
        long last = nextByte + data.readableBytes() - 1;
        long chunkTotal = total;
        if (total != ByteRange.UNKNOWN && (last > total || (continuation == Continuation.MORE && last == total))) {
            throw new IllegalArgumentException(
                    "bytes up to " + last + " of " + total + " with flag " + continuation.flag());
        }
        if (continuation == Continuation.COMPLETE) {
            if (total != ByteRange.UNKNOWN && last != total) {
                throw new IllegalArgumentException("last chunk ends at " + last + ", message has " + total);
            }
            chunkTotal = last;
        }
        ByteRange range = new ByteRange(nextByte, last, chunkTotal);
        MsrpRequest head = template.withTransactionId(transactionIds.get())
                .withHeaders(template.headers().with(MsrpHeaders.BYTE_RANGE, range.toString()));
        MsrpChunk chunk = new MsrpChunk(head, data, continuation);
        nextByte = last + 1;
        ended = continuation != Continuation.MORE;
        return chunk;
    }
}
