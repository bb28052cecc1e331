package net.cpmpf.msrp;

import java.util.List;

/**
 * What a request and a response share: the transaction id, the two paths every MSRP message starts with (RFC 4975
 * §7.1), and the other headers. No body: a request's body follows it as {@link MsrpContent} parts; a response has
 * none.
 */
public sealed interface MsrpMessage permits MsrpRequest, MsrpResponse {

    /** An RFC 4975 ident: a letter or digit, then 3 or more of letters, digits and {@code .-+%=}. */
    String transactionId();

    /** Next hop first, destination last. */
    List<MsrpUri> toPath();

    /** Previous hop first, originator last. */
    List<MsrpUri> fromPath();

    MsrpHeaders headers();
}
