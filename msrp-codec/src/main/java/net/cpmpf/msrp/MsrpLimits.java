package net.cpmpf.msrp;

/**
 * Bounds the {@link MsrpDecoder} applies to every request and response, each checked while bytes arrive, so a peer
 * cannot make it hold more than these numbers of bytes. A violation is an {@link MsrpDecodeError} naming the limit.
 *
 * @param maxHeadBytes most bytes of start line plus headers, line ends included (default 16 KiB: a head with a
 *     few relay hops per path is well under 2 KiB)
 * @param maxHeaders most header lines, To-Path and From-Path included (default 64)
 * @param maxTransactionIdLength longest transaction id (default 32, RFC 4975's {@code ident}; raise it only for peers
 *     that exceed the RFC)
 * @param maxChunkBytes largest body of one request (default 1 MiB). Bodies stream, so this is a policy bound on one
 *     chunk rather than a memory bound; RFC 4975 lets a sender split a message into chunks, and a larger one is
 *     refused
 * @param contentPartBytes body bytes held before they are emitted as an {@link MsrpContent} part (default 8 KiB): the
 *     most body the decoder buffers, whatever the chunk size
 */
public record MsrpLimits(
        int maxHeadBytes, int maxHeaders, int maxTransactionIdLength, long maxChunkBytes, int contentPartBytes) {

    /** The defaults documented on the components. */
    public static final MsrpLimits DEFAULTS = new MsrpLimits(16 * 1024, 64, 32, 1024 * 1024, 8 * 1024);

    /** The shortest head: {@code MSRP} + tid + method or status, To-Path, From-Path, end-line. */
    private static final int MIN_HEAD_BYTES = 256;

    public MsrpLimits {
        if (maxHeadBytes < MIN_HEAD_BYTES) {
            throw new IllegalArgumentException("maxHeadBytes must be at least " + MIN_HEAD_BYTES + ": " + maxHeadBytes);
        }
        if (maxHeaders < 2) {
            throw new IllegalArgumentException("maxHeaders must allow To-Path and From-Path: " + maxHeaders);
        }
        if (maxTransactionIdLength < 4) {
            throw new IllegalArgumentException("an ident has at least 4 characters: " + maxTransactionIdLength);
        }
        if (maxChunkBytes < 0) {
            throw new IllegalArgumentException("maxChunkBytes must not be negative: " + maxChunkBytes);
        }
        if (contentPartBytes <= 0) {
            throw new IllegalArgumentException("contentPartBytes must be positive: " + contentPartBytes);
        }
    }

    public MsrpLimits withMaxChunkBytes(long newMaxChunkBytes) {
        return new MsrpLimits(maxHeadBytes, maxHeaders, maxTransactionIdLength, newMaxChunkBytes, contentPartBytes);
    }

    public MsrpLimits withContentPartBytes(int newContentPartBytes) {
        return new MsrpLimits(maxHeadBytes, maxHeaders, maxTransactionIdLength, maxChunkBytes, newContentPartBytes);
    }
}
