package net.cpmpf.msrp;

/**
 * Wire examples from RFC 4975 (§4, §7.1.1, §10.5) and RFC 4976 (relays, AUTH), typed from the RFC text with LF line
 * ends; {@link Codec#wire} turns them into CRLF.
 */
final class RfcExamples {

    private RfcExamples() {}

    /** RFC 4975 §4: Alice's SEND. (Its Byte-Range says 25 for a 23-byte body, as in the RFC.) */
    static final String SEND = """
            MSRP a786hjs2 SEND
            To-Path: msrp://biloxi.example.com:12763/kjhd37s2s20w2a;tcp
            From-Path: msrp://atlanta.example.com:7654/jshA7weztas;tcp
            Message-ID: 87652491
            Byte-Range: 1-25/25
            Content-Type: text/plain

            Hey Bob, are you there?
            -------a786hjs2$
            """;

    /** RFC 4975 §4: Bob's 200 to it. */
    static final String OK = """
            MSRP a786hjs2 200 OK
            To-Path: msrp://atlanta.example.com:7654/jshA7weztas;tcp
            From-Path: msrp://biloxi.example.com:12763/kjhd37s2s20w2a;tcp
            -------a786hjs2$
            """;

    /** RFC 4975 §7.1.1: a message in two chunks, the first not knowing its end. */
    static final String TWO_CHUNKS = """
            MSRP dkei38sd SEND
            To-Path: msrp://alice.example.com:7777/iau39soe2843z;tcp
            From-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp
            Message-ID: 4564dpWd
            Byte-Range: 1-*/8
            Content-Type: text/plain

            abcd
            -------dkei38sd+
            MSRP dkei38ia SEND
            To-Path: msrp://alice.example.com:7777/iau39soe2843z;tcp
            From-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp
            Message-ID: 4564dpWd
            Byte-Range: 5-8/8
            Content-Type: text/plain

            EFGH
            -------dkei38ia$
            """;

    /** RFC 4975 §10.5: a SEND asking for a success report, and the REPORT. */
    static final String SEND_WITH_REPORTS = """
            MSRP d93kswow SEND
            To-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp
            From-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp
            Message-ID: 12339sdqwer
            Byte-Range: 1-106/106
            Success-Report: yes
            Failure-Report: no
            Content-Type: text/html

            <html><body>
            <p>Here is that important link...
            <a href="http://www.example.com/foobar">foobar</a>
            </p>
            </body></html>
            -------d93kswow$
            """;

    static final String REPORT = """
            MSRP dkei38sd REPORT
            To-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp
            From-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp
            Message-ID: 12339sdqwer
            Byte-Range: 1-106/106
            Status: 000 200 OK
            -------dkei38sd$
            """;

    /** RFC 4976: AUTH to a relay (userinfo, no port, no session-id), its 401, and the 200 with Use-Path. */
    static final String AUTH_EXCHANGE = """
            MSRP 49fi AUTH
            To-Path: msrps://alice@intra.example.com;tcp
            From-Path: msrps://alice.example.com:9892/98cjs;tcp
            -------49fi$
            MSRP 49fi 401 Unauthorized
            To-Path: msrps://alice.example.com:9892/98cjs;tcp
            From-Path: msrps://alice@intra.example.com;tcp
            WWW-Authenticate: Digest realm="intra.example.com", qop="auth", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093"
            -------49fi$
            MSRP 49fi 200 OK
            To-Path: msrps://alice.example.com:9892/98cjs;tcp
            From-Path: msrps://alice@intra.example.com;tcp
            Use-Path: msrps://a.example.org:9000/jui787s2f;tcp
            Expires: 900
            -------49fi$
            """;

    /** RFC 4976: a SEND through two relays. */
    static final String RELAYED_SEND = """
            MSRP 6aef SEND
            To-Path: msrps://a.example.org:9000/kjfjan;tcp msrps://bob.example.com:8145/foo;tcp
            From-Path: msrps://alice.example.com:9892/98cjs;tcp
            Message-ID: 87652
            Content-Type: text/plain

            Hi Bob, I'm about to send you file.mpeg
            -------6aef$
            """;
}
