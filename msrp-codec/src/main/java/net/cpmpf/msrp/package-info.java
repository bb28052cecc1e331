/**
 * MSRP (RFC 4975, with the RFC 4976 relay headers) on Netty: an immutable model, a streaming decoder and an encoder,
 * and the chunking helpers an endpoint needs. No Spring; wiring (pipelines, sessions, relaying) lives with the
 * service that uses it.
 *
 * <h2>Design: bodies stream</h2>
 *
 * The decoder never holds a whole chunk. It emits a request's head ({@link net.cpmpf.msrp.MsrpRequest}) once its
 * headers are in, then the body as {@link net.cpmpf.msrp.MsrpContent} parts whenever
 * {@link net.cpmpf.msrp.MsrpLimits#contentPartBytes()} bytes are known to be body, and finally a
 * {@link net.cpmpf.msrp.LastMsrpContent} carrying the end-line's flag ({@code $} complete, {@code +} more chunks,
 * {@code #} aborted). A request without body still ends with an empty {@code LastMsrpContent}; a response, which has
 * no body, is one {@link net.cpmpf.msrp.MsrpResponse}. So a relay forwards a chunk as it arrives, holding at most
 * about one part per connection, and {@link net.cpmpf.msrp.MsrpLimits#maxChunkBytes()} is a policy on chunk size, not
 * a memory bound. This follows Netty's codec-stomp: headers, content parts, last part.
 *
 * <p>The end-line is found by scanning for CRLF, seven dashes and the transaction id, resuming each time where the
 * previous read stopped; the body may hold anything else, including other transactions' end-lines.
 *
 * <h2>Buffers</h2>
 *
 * {@link net.cpmpf.msrp.MsrpContent}, {@link net.cpmpf.msrp.LastMsrpContent} and {@link net.cpmpf.msrp.MsrpChunk}
 * each hold one reference to their buffer, which passes to whoever receives them: release it, or write it through
 * {@link net.cpmpf.msrp.MsrpEncoder}, which releases it once written. The decoder's parts are slices of its input, so
 * holding them keeps that input alive: copy what must outlive the next read. Heads, responses and errors hold no
 * buffers. {@link net.cpmpf.msrp.MsrpReassembler} only reads the buffers it is given.
 *
 * <h2>Errors</h2>
 *
 * Refused input becomes an {@link net.cpmpf.msrp.MsrpDecodeError} in the message stream, never an exception: either
 * the decoder found the bad message's end-line and continues (answer 400 if
 * {@link net.cpmpf.msrp.MsrpDecodeError#canRespond()}), or framing is lost and the connection should be closed.
 */
package net.cpmpf.msrp;
