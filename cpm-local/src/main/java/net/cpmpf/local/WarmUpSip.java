package net.cpmpf.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The few SIP messages the warm-up needs, as text: its requests, the device's 200 OK, and reading a status and a
 * header back. Not a SIP stack: the edge under warm-up is the only peer, and it speaks well-formed SIP.
 */
final class WarmUpSip {

    private WarmUpSip() {}

    static byte[] register(
            String user, String domain, String local, int devicePort, String instance, int expires, long n) {
        return (String.join(
                        "\r\n",
                        "REGISTER sip:" + domain + " SIP/2.0",
                        "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK-warm-reg-" + n,
                        "Max-Forwards: 70",
                        "From: <sip:" + user + "@" + domain + ">;tag=warm" + n,
                        "To: <sip:" + user + "@" + domain + ">",
                        "Call-ID: warm-reg-" + n + "@" + local,
                        "CSeq: 1 REGISTER",
                        "Supported: gruu",
                        "Contact: <sip:" + user + "@" + devicePort(local, devicePort) + ">;+sip.instance=\"<urn:uuid:"
                                + instance + ">\";+g.oma.sip-im",
                        "Expires: " + expires,
                        "Content-Length: 0",
                        "",
                        ""))
                .getBytes(UTF_8);
    }

    static byte[] message(String user, String domain, String local, long n) {
        String body = "Warm-up message " + n + ".";
        return (String.join(
                        "\r\n",
                        "MESSAGE sip:" + user + "@" + domain + " SIP/2.0",
                        "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK-warm-" + n,
                        "Max-Forwards: 70",
                        "From: <sip:cpm-warm-up@" + domain + ">;tag=warm" + n,
                        "To: <sip:" + user + "@" + domain + ">",
                        "Call-ID: warm-" + n + "@" + local,
                        "CSeq: 1 MESSAGE",
                        "Content-Type: text/plain",
                        "Content-Length: " + body.getBytes(UTF_8).length,
                        "",
                        body))
                .getBytes(UTF_8);
    }

    /** The device's answer to a request: 200 OK with the request's Vias, From, To (tagged), Call-ID and CSeq. */
    static byte[] ok(String request) {
        List<String> lines = new ArrayList<>(List.of("SIP/2.0 200 OK"));
        for (String line : request.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            String name = name(line);
            if (name.equals("via") || name.equals("from") || name.equals("call-id") || name.equals("cseq")) {
                lines.add(line);
            } else if (name.equals("to")) {
                lines.add(line.contains(";tag=") ? line : line + ";tag=warm-device");
            }
        }
        lines.add("Content-Length: 0");
        return (String.join("\r\n", lines) + "\r\n\r\n").getBytes(UTF_8);
    }

    /** The status of a response, or -1 for a request. */
    static int status(String message) {
        return message.startsWith("SIP/2.0 ") && message.length() >= 11
                ? Integer.parseInt(message.substring(8, 11))
                : -1;
    }

    static Optional<String> header(String message, String wanted) {
        for (String line : message.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (name(line).equals(wanted)) {
                return Optional.of(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return Optional.empty();
    }

    private static String name(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
    }

    private static String devicePort(String local, int port) {
        return local.substring(0, local.lastIndexOf(':')) + ":" + port;
    }
}
