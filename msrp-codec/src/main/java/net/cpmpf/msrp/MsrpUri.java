package net.cpmpf.msrp;

import io.netty.util.NetUtil;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntPredicate;
import net.cpmpf.msrp.MsrpProtocolException.Reason;

/**
 * An MSRP URI (RFC 4975 §6, grammar in §9): {@code msrp[s]://[userinfo@]host[:port][/session-id];transport
 * *(;param)}. Parsing keeps every part as written, so {@link #toString()} gives back the input; IPv6 hosts keep their
 * brackets.
 *
 * <p>Equality follows §6.1, not the record's components: scheme, userinfo, host and transport compare without case;
 * an IPv6 literal compares by address ({@code [2001:DB8::1]} equals {@code [2001:db8:0:0::1]}); a port must be present
 * in both or neither and then equal; the session-id compares exactly. URI parameters do not take part: they do not
 * name a different session. Percent-encoded and plain spellings of one character are not unified.
 *
 * @param scheme {@code msrp} or {@code msrps}, in the case it was written
 * @param userInfo the userinfo before {@code @}, or {@code null}
 * @param host a registered name, IPv4 address or bracketed IPv6 literal
 * @param port 0..65535, or {@link #NO_PORT}
 * @param sessionId the session-id, or {@code null} (relay URIs have none)
 * @param transport {@code tcp} or another {@code 1*ALPHANUM}
 * @param parameters the {@code token[=token]} parameters after the transport, in order
 */
public record MsrpUri(
        String scheme,
        String userInfo,
        String host,
        int port,
        String sessionId,
        String transport,
        List<String> parameters) {

    /** The {@link #port()} of a URI written without one. */
    public static final int NO_PORT = -1;

    public MsrpUri {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
        parameters = List.copyOf(parameters);
        String problem = problem(scheme, userInfo, host, port, sessionId, transport, parameters);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** A plain {@code msrp://host:port/sessionId;tcp} URI. */
    public static MsrpUri of(String host, int port, String sessionId) {
        return new MsrpUri("msrp", null, host, port, sessionId, "tcp", List.of());
    }

    /** Parses one URI; anything outside the §9 grammar is a {@link Reason#BAD_URI}. */
    public static MsrpUri parse(String text) throws MsrpProtocolException {
        int schemeEnd = text.indexOf("://");
        if (schemeEnd < 0) {
            throw bad(text, "no \"://\"");
        }
        String scheme = text.substring(0, schemeEnd);
        int at = schemeEnd + 3;
        int end = text.length();

        // '@' cannot occur in a host, session-id, transport or parameter, so any '@' ends the userinfo.
        String userInfo = null;
        int atSign = text.indexOf('@', at);
        if (atSign >= 0) {
            userInfo = text.substring(at, atSign);
            at = atSign + 1;
        }

        String host;
        if (at < end && text.charAt(at) == '[') {
            int close = text.indexOf(']', at);
            if (close < 0) {
                throw bad(text, "unclosed IPv6 literal");
            }
            host = text.substring(at, close + 1);
            at = close + 1;
        } else {
            int hostEnd = indexOfAny(text, at, ":/;");
            host = text.substring(at, hostEnd);
            at = hostEnd;
        }

        int port = NO_PORT;
        if (at < end && text.charAt(at) == ':') {
            int portEnd = indexOfAny(text, at + 1, "/;");
            port = parsePort(text, text.substring(at + 1, portEnd));
            at = portEnd;
        }

        String sessionId = null;
        if (at < end && text.charAt(at) == '/') {
            int sessionEnd = indexOfAny(text, at + 1, ";");
            sessionId = text.substring(at + 1, sessionEnd);
            at = sessionEnd;
        }

        if (at >= end || text.charAt(at) != ';') {
            throw bad(text, "no \";transport\"");
        }
        String[] tail = text.substring(at + 1).split(";", -1);
        String transport = tail[0];
        List<String> parameters = List.of(tail).subList(1, tail.length);

        String problem = problem(scheme, userInfo, host, port, sessionId, transport, parameters);
        if (problem != null) {
            throw bad(text, problem);
        }
        return new MsrpUri(scheme, userInfo, host, port, sessionId, transport, parameters);
    }

    /** Parses a space-separated list of URIs, as in To-Path, From-Path and Use-Path. */
    public static List<MsrpUri> parsePath(String value) throws MsrpProtocolException {
        String[] parts = value.trim().split(" +");
        if (parts.length == 1 && parts[0].isEmpty()) {
            throw new MsrpProtocolException(Reason.BAD_URI, "empty path");
        }
        MsrpUri[] uris = new MsrpUri[parts.length];
        for (int i = 0; i < parts.length; i++) {
            uris[i] = parse(parts[i]);
        }
        return List.of(uris);
    }

    /** Formats a path as its header value: the URIs separated by one space. */
    public static String formatPath(List<MsrpUri> path) {
        StringBuilder out = new StringBuilder();
        for (MsrpUri uri : path) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(uri);
        }
        return out.toString();
    }

    public boolean secure() {
        return scheme.equalsIgnoreCase("msrps");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MsrpUri other
                && scheme.equalsIgnoreCase(other.scheme)
                && Objects.equals(lower(userInfo), lower(other.userInfo))
                && hostKey().equals(other.hostKey())
                && port == other.port
                && Objects.equals(sessionId, other.sessionId)
                && transport.equalsIgnoreCase(other.transport);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lower(scheme), lower(userInfo), hostKey(), port, sessionId, lower(transport));
    }

    /** The URI as written on the wire. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(64).append(scheme).append("://");
        if (userInfo != null) {
            out.append(userInfo).append('@');
        }
        out.append(host);
        if (port != NO_PORT) {
            out.append(':').append(port);
        }
        if (sessionId != null) {
            out.append('/').append(sessionId);
        }
        out.append(';').append(transport);
        for (String parameter : parameters) {
            out.append(';').append(parameter);
        }
        return out.toString();
    }

    private String hostKey() {
        if (host.startsWith("[")) {
            byte[] address = NetUtil.createByteArrayFromIpAddressString(host.substring(1, host.length() - 1));
            if (address != null) {
                return NetUtil.bytesToIpAddress(address);
            }
        }
        return lower(host);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String problem(
            String scheme,
            String userInfo,
            String host,
            int port,
            String sessionId,
            String transport,
            List<String> parameters) {
        if (!scheme.equalsIgnoreCase("msrp") && !scheme.equalsIgnoreCase("msrps")) {
            return "scheme is not msrp or msrps";
        }
        if (userInfo != null && !allMatch(userInfo, MsrpUri::isUserInfoChar)) {
            return "invalid userinfo";
        }
        if (!validHost(host)) {
            return "invalid host";
        }
        if (port != NO_PORT && (port < 0 || port > 65_535)) {
            return "port out of range";
        }
        if (sessionId != null && (sessionId.isEmpty() || !allMatch(sessionId, MsrpUri::isSessionIdChar))) {
            return "invalid session-id";
        }
        if (transport.isEmpty() || !allMatch(transport, Syntax::isAlphaNum)) {
            return "invalid transport";
        }
        for (String parameter : parameters) {
            int eq = parameter.indexOf('=');
            boolean valid = eq < 0
                    ? Syntax.isToken(parameter)
                    : Syntax.isToken(parameter.substring(0, eq)) && Syntax.isToken(parameter.substring(eq + 1));
            if (!valid) {
                return "invalid URI parameter";
            }
        }
        return null;
    }

    private static boolean validHost(String host) {
        if (host.startsWith("[")) {
            return host.endsWith("]") && NetUtil.isValidIpV6Address(host.substring(1, host.length() - 1));
        }
        return !host.isEmpty() && allMatch(host, MsrpUri::isRegNameChar);
    }

    private static int parsePort(String text, String digits) throws MsrpProtocolException {
        if (digits.isEmpty() || digits.length() > 5 || !allMatch(digits, Syntax::isDigit)) {
            throw bad(text, "invalid port");
        }
        return Integer.parseInt(digits);
    }

    /** RFC 3986 unreserved. */
    private static boolean isUnreserved(int c) {
        return Syntax.isAlphaNum(c) || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** RFC 3986 sub-delims, without ';' which ends the authority in an MSRP URI. */
    private static boolean isSubDelim(int c) {
        return "!$&'()*+,=".indexOf(c) >= 0;
    }

    private static boolean isRegNameChar(int c) {
        return isUnreserved(c) || isSubDelim(c) || c == '%';
    }

    private static boolean isUserInfoChar(int c) {
        return isRegNameChar(c) || c == ':' || c == ';';
    }

    private static boolean isSessionIdChar(int c) {
        return isUnreserved(c) || c == '+' || c == '=' || c == '/';
    }

    private static boolean allMatch(String s, IntPredicate predicate) {
        return s.chars().allMatch(predicate);
    }

    private static int indexOfAny(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static MsrpProtocolException bad(String text, String problem) {
        return new MsrpProtocolException(Reason.BAD_URI, problem + " in " + Syntax.excerpt(text));
    }
}
