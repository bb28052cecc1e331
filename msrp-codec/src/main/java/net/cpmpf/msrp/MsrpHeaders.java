package net.cpmpf.msrp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.cpmpf.msrp.MsrpProtocolException.Reason;

/**
 * The headers of a request or response after To-Path and From-Path, in their order on the wire, immutable. Names
 * compare without case. The headers RFC 4975 and RFC 4976 define are validated on construction and may occur once
 * each; any other (extension) header is kept as written and may repeat.
 *
 * <p>On the wire the encoder writes them in this order except Content-Type, which always goes last (§9: the MIME
 * headers end with Content-Type right before the body).
 */
public final class MsrpHeaders {

    public static final String MESSAGE_ID = "Message-ID";
    public static final String BYTE_RANGE = "Byte-Range";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String SUCCESS_REPORT = "Success-Report";
    public static final String FAILURE_REPORT = "Failure-Report";
    public static final String STATUS = "Status";
    public static final String USE_PATH = "Use-Path";
    static final String TO_PATH = "To-Path";
    static final String FROM_PATH = "From-Path";

    private static final List<String> SINGLE = List.of(
            MESSAGE_ID,
            BYTE_RANGE,
            CONTENT_TYPE,
            SUCCESS_REPORT,
            FAILURE_REPORT,
            STATUS,
            USE_PATH,
            "Expires",
            "Min-Expires",
            "Max-Expires");

    public static final MsrpHeaders EMPTY = new MsrpHeaders(List.of(), null, null, null, null, null, null, List.of());

    private final List<MsrpHeader> headers;
    private final String messageId;
    private final ByteRange byteRange;
    private final String contentType;
    private final ReportMode successReport;
    private final ReportMode failureReport;
    private final MsrpStatus status;
    private final List<MsrpUri> usePath;

    private MsrpHeaders(
            List<MsrpHeader> headers,
            String messageId,
            ByteRange byteRange,
            String contentType,
            ReportMode successReport,
            ReportMode failureReport,
            MsrpStatus status,
            List<MsrpUri> usePath) {
        this.headers = headers;
        this.messageId = messageId;
        this.byteRange = byteRange;
        this.contentType = contentType;
        this.successReport = successReport;
        this.failureReport = failureReport;
        this.status = status;
        this.usePath = usePath;
    }

    /** Validates received headers: {@link Reason#BAD_HEADER}, {@link Reason#BAD_HEADER_VALUE} or {@link Reason#BAD_URI}. */
    public static MsrpHeaders parse(List<MsrpHeader> headers) throws MsrpProtocolException {
        List<MsrpHeader> copy = List.copyOf(headers);
        String messageId = null;
        ByteRange byteRange = null;
        String contentType = null;
        ReportMode successReport = null;
        ReportMode failureReport = null;
        MsrpStatus status = null;
        List<MsrpUri> usePath = List.of();
        List<String> seen = new ArrayList<>();
        for (MsrpHeader header : copy) {
            if (header.is(TO_PATH) || header.is(FROM_PATH)) {
                throw new MsrpProtocolException(
                        Reason.BAD_HEADER, header.name() + " may only be the first two headers");
            }
            String single = canonicalSingle(header.name());
            if (single == null) {
                continue;
            }
            if (seen.contains(single)) {
                throw new MsrpProtocolException(Reason.BAD_HEADER, single + " occurs more than once");
            }
            seen.add(single);
            String value = header.value();
            switch (single) {
                case MESSAGE_ID -> messageId = ident(value);
                case BYTE_RANGE -> byteRange = ByteRange.parse(value);
                case CONTENT_TYPE -> contentType = mediaType(value);
                case SUCCESS_REPORT -> successReport = ReportMode.parse(SUCCESS_REPORT, value, false);
                case FAILURE_REPORT -> failureReport = ReportMode.parse(FAILURE_REPORT, value, true);
                case STATUS -> status = MsrpStatus.parse(value);
                case USE_PATH -> usePath = MsrpUri.parsePath(value);
                default -> {
                    // RFC 4976 expiry headers: single, otherwise opaque here.
                }
            }
        }
        return new MsrpHeaders(copy, messageId, byteRange, contentType, successReport, failureReport, status, usePath);
    }

    /** Headers built in code; invalid ones are a programming error ({@link IllegalArgumentException}). */
    public static MsrpHeaders of(List<MsrpHeader> headers) {
        try {
            return parse(headers);
        } catch (MsrpProtocolException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static MsrpHeaders of(MsrpHeader... headers) {
        return of(List.of(headers));
    }

    public static Builder builder() {
        return new Builder(new ArrayList<>());
    }

    /** Every header, in wire order. */
    public List<MsrpHeader> asList() {
        return headers;
    }

    public boolean isEmpty() {
        return headers.isEmpty();
    }

    /** The first value of {@code name}. */
    public Optional<String> get(String name) {
        return headers.stream().filter(h -> h.is(name)).map(MsrpHeader::value).findFirst();
    }

    public List<String> getAll(String name) {
        return headers.stream().filter(h -> h.is(name)).map(MsrpHeader::value).toList();
    }

    public Optional<String> messageId() {
        return Optional.ofNullable(messageId);
    }

    public Optional<ByteRange> byteRange() {
        return Optional.ofNullable(byteRange);
    }

    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** Success-Report, {@link ReportMode#NO} when absent. */
    public ReportMode successReport() {
        return successReport == null ? ReportMode.NO : successReport;
    }

    /** Failure-Report, {@link ReportMode#YES} when absent. */
    public ReportMode failureReport() {
        return failureReport == null ? ReportMode.YES : failureReport;
    }

    public Optional<MsrpStatus> status() {
        return Optional.ofNullable(status);
    }

    /** Use-Path (RFC 4976), empty when absent. */
    public List<MsrpUri> usePath() {
        return usePath;
    }

    /** A copy with {@code name} set to {@code value}: replaces every {@code name} header in place, or appends it. */
    public MsrpHeaders with(String name, String value) {
        MsrpHeader replacement = new MsrpHeader(name, value);
        List<MsrpHeader> copy = new ArrayList<>(headers.size() + 1);
        boolean replaced = false;
        for (MsrpHeader header : headers) {
            if (!header.is(name)) {
                copy.add(header);
            } else if (!replaced) {
                copy.add(replacement);
                replaced = true;
            }
        }
        if (!replaced) {
            copy.add(replacement);
        }
        return of(copy);
    }

    /** A copy without any {@code name} header. */
    public MsrpHeaders without(String name) {
        return of(headers.stream().filter(h -> !h.is(name)).toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MsrpHeaders other && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return headers.hashCode();
    }

    @Override
    public String toString() {
        return headers.toString();
    }

    private static String canonicalSingle(String name) {
        for (String single : SINGLE) {
            if (single.equalsIgnoreCase(name)) {
                return single;
            }
        }
        return null;
    }

    private static String ident(String value) throws MsrpProtocolException {
        // The RFC caps an ident at 32 characters; Message-IDs built from UUIDs (36) are common, so only the syntax
        // is enforced here and the head size limit bounds the length.
        if (!Syntax.isIdent(value, Integer.MAX_VALUE)) {
            throw new MsrpProtocolException(Reason.BAD_HEADER_VALUE, "Message-ID " + Syntax.excerpt(value));
        }
        return value;
    }

    /** {@code type "/" subtype *(";" parameter)}: the type and subtype are checked, parameters kept as written. */
    private static String mediaType(String value) throws MsrpProtocolException {
        int semicolon = value.indexOf(';');
        String essence = (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
        int slash = essence.indexOf('/');
        if (slash < 0
                || !Syntax.isToken(essence.substring(0, slash))
                || !Syntax.isToken(essence.substring(slash + 1))) {
            throw new MsrpProtocolException(Reason.BAD_HEADER_VALUE, "Content-Type " + Syntax.excerpt(value));
        }
        return value;
    }

    /** Builds headers in code, typed where RFC 4975 gives the value a type. */
    public static final class Builder {

        private final List<MsrpHeader> headers;

        private Builder(List<MsrpHeader> headers) {
            this.headers = headers;
        }

        public Builder messageId(String messageId) {
            return add(MESSAGE_ID, messageId);
        }

        public Builder byteRange(ByteRange range) {
            return add(BYTE_RANGE, range.toString());
        }

        public Builder successReport(ReportMode mode) {
            return add(SUCCESS_REPORT, mode.wire());
        }

        public Builder failureReport(ReportMode mode) {
            return add(FAILURE_REPORT, mode.wire());
        }

        public Builder status(MsrpStatus status) {
            return add(STATUS, status.toString());
        }

        public Builder contentType(String mediaType) {
            return add(CONTENT_TYPE, mediaType);
        }

        public Builder add(String name, String value) {
            headers.add(new MsrpHeader(name, value));
            return this;
        }

        public MsrpHeaders build() {
            return of(headers);
        }
    }
}
