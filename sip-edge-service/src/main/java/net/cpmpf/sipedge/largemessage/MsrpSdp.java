package net.cpmpf.sipedge.largemessage;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.cpmpf.msrp.MsrpProtocolException;
import net.cpmpf.msrp.MsrpUri;

/**
 * The SDP (RFC 4566) of an MSRP session (RFC 4975 §8), as far as a B2BUA in the media path needs it: reading the
 * MSRP media of an offer or an answer, and writing the PF's own offer towards a client and its answer towards the
 * originator with its MSRP URI prepended to the path (CR 8.3.2.1.1).
 */
final class MsrpSdp {

    /** Largest SDP body read; an MSRP offer with a file selector is well under 2 KiB. */
    static final int MAX_BYTES = 16 * 1024;

    /** Rewritten by the PF on each side, so never copied from one side to the other. */
    private static final Set<String> OWN_ATTRIBUTES =
            Set.of("path", "setup", "connection", "sendonly", "recvonly", "sendrecv", "inactive", "accept-types");

    private static final SecureRandom RANDOM = new SecureRandom();

    private MsrpSdp() {}

    /**
     * The MSRP media of a description.
     *
     * @param path the {@code a=path} URIs: the first is the next hop, the last the endpoint
     * @param acceptTypes the {@code a=accept-types} media types
     * @param attributes the media's other attributes, as written after {@code a=}
     */
    record Media(List<MsrpUri> path, List<String> acceptTypes, List<String> attributes) {}

    /** Input this B2BUA cannot take: answered 488 (RFC 3261 §21.4.26), with the reason in a Warning. */
    static final class UnusableSdpException extends Exception {
        UnusableSdpException(String message) {
            super(message);
        }
    }

    /** The first {@code m=message} media over {@code TCP/MSRP}, with its path; anything else is unusable. */
    static Media parse(byte[] body) throws UnusableSdpException {
        if (body == null || body.length == 0) {
            throw new UnusableSdpException("no SDP");
        }
        if (body.length > MAX_BYTES) {
            throw new UnusableSdpException("SDP larger than " + MAX_BYTES + " bytes");
        }
        List<String> lines = List.of(new String(body, UTF_8).split("\r?\n"));
        int media = -1;
        for (int i = 0; i < lines.size(); i++) {
            String[] m = lines.get(i).strip().split(" +");
            if (m.length >= 3 && m[0].equals("m=message") && !m[1].equals("0")) {
                if (!m[2].equalsIgnoreCase("TCP/MSRP")) {
                    throw new UnusableSdpException("MSRP transport " + m[2] + " not supported (TCP/MSRP only)");
                }
                media = i;
                break;
            }
        }
        if (media < 0) {
            throw new UnusableSdpException("no m=message TCP/MSRP media");
        }
        List<MsrpUri> path = List.of();
        List<String> acceptTypes = List.of();
        List<String> attributes = new ArrayList<>();
        for (int i = media + 1; i < lines.size() && !lines.get(i).startsWith("m="); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("a=")) {
                continue;
            }
            String attribute = line.substring(2);
            String name = name(attribute);
            if (name.equals("path")) {
                path = path(attribute.substring(5).strip());
            } else if (name.equals("accept-types")) {
                acceptTypes = List.of(attribute.substring(13).strip().split(" +"));
            } else {
                attributes.add(attribute);
            }
        }
        if (path.isEmpty()) {
            throw new UnusableSdpException("MSRP media without a=path");
        }
        return new Media(path, acceptTypes, attributes);
    }

    /**
     * The PF's offer towards a client: its own URI for this leg first in the path, then the originator's path (RFC
     * 4976 §5.1); the PF sends ({@code sendonly}) and connects ({@code setup:active}). The originator's other
     * attributes (accept-types, file selector, max-size…) go along.
     */
    static byte[] offer(MsrpUri own, Media originator) {
        List<String> attributes = new ArrayList<>();
        if (!originator.acceptTypes().isEmpty()) {
            attributes.add("accept-types:" + String.join(" ", originator.acceptTypes()));
        }
        attributes.addAll(copied(originator));
        attributes.add("path:" + path(own, originator.path()));
        attributes.add("sendonly");
        attributes.add("setup:active");
        return description(own, attributes);
    }

    /**
     * The PF's answer towards the originator, from the client's answer (CR 8.3.2.1.1): an MSRP media line, its own URI
     * prepended to the client's path, {@code accept-types:message/cpim}, {@code recvonly}, {@code setup:passive}.
     */
    static byte[] answer(MsrpUri own, Media client) {
        List<String> attributes = new ArrayList<>();
        attributes.add("accept-types:message/cpim");
        attributes.addAll(copied(client));
        attributes.add("path:" + path(own, client.path()));
        attributes.add("recvonly");
        attributes.add("setup:passive");
        return description(own, attributes);
    }

    /**
     * The PF's answer when it is the endpoint itself (a deferred large message, CR 8.3.2.1.1): the same attributes as
     * {@link #answer}, its own URI alone in the path, and {@code max-size} (RFC 4975 §8.6) telling the originator the
     * largest message the PF keeps.
     */
    static byte[] endpointAnswer(MsrpUri own, long maxSize) {
        return description(
                own,
                List.of(
                        "accept-types:message/cpim",
                        "max-size:" + maxSize,
                        "path:" + MsrpUri.formatPath(List.of(own)),
                        "recvonly",
                        "setup:passive"));
    }

    /**
     * The PF's offer when it delivers a deferred large message itself: it sends ({@code sendonly}) and connects
     * ({@code setup:active}); its own URI alone in the path.
     */
    static byte[] senderOffer(MsrpUri own, String contentType) {
        return description(
                own,
                List.of(
                        "accept-types:" + contentType,
                        "path:" + MsrpUri.formatPath(List.of(own)),
                        "sendonly",
                        "setup:active"));
    }

    private static List<String> copied(Media media) {
        return media.attributes().stream()
                .filter(a -> !OWN_ATTRIBUTES.contains(name(a)))
                .toList();
    }

    private static byte[] description(MsrpUri own, List<String> attributes) {
        String addressType = own.host().startsWith("[") ? "IP6" : "IP4";
        String host =
                own.host().startsWith("[") ? own.host().substring(1, own.host().length() - 1) : own.host();
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\n")
                .append("o=cpm-pf ")
                .append(Long.toUnsignedString(RANDOM.nextLong() >>> 1))
                .append(" 1 IN ")
                .append(addressType)
                .append(' ')
                .append(host)
                .append("\r\n")
                .append("s=-\r\n")
                .append("c=IN ")
                .append(addressType)
                .append(' ')
                .append(host)
                .append("\r\n")
                .append("t=0 0\r\n")
                .append("m=message ")
                .append(own.port())
                .append(" TCP/MSRP *\r\n");
        attributes.forEach(a -> sdp.append("a=").append(a).append("\r\n"));
        return sdp.toString().getBytes(UTF_8);
    }

    private static String path(MsrpUri own, List<MsrpUri> rest) {
        List<MsrpUri> path = new ArrayList<>();
        path.add(own);
        path.addAll(rest);
        return MsrpUri.formatPath(path);
    }

    private static List<MsrpUri> path(String value) throws UnusableSdpException {
        try {
            return MsrpUri.parsePath(value);
        } catch (MsrpProtocolException e) {
            throw new UnusableSdpException("bad a=path: " + e.getMessage());
        }
    }

    private static String name(String attribute) {
        int colon = attribute.indexOf(':');
        return (colon < 0 ? attribute : attribute.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
    }
}
