package net.cpmpf.sipedge.largemessage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.cpmpf.msrp.MsrpUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MsrpSdpTest {

    /** RFC 4975 §7.1-style offer with a file selector, sent through one relay. */
    private static final String OFFER = """
            v=0\r
            o=alice 2890844526 2890844527 IN IP4 alice.example.com\r
            s=-\r
            c=IN IP4 alice.example.com\r
            t=0 0\r
            m=audio 0 RTP/AVP 0\r
            m=message 7654 TCP/MSRP *\r
            a=accept-types:message/cpim text/plain\r
            a=file-selector:name:"big.bin" type:application/octet-stream size:5242880\r
            a=max-size:6000000\r
            a=path:msrp://relay.example.net:2855/r1;tcp msrp://alice.example.com:7654/jshA7weztas;tcp\r
            a=sendonly\r
            a=setup:actpass\r
            """;

    private static final MsrpUri PF = MsrpUri.of("192.0.2.10", 2855, "pf-leg-1");

    @Test
    void readsTheMsrpMediaOfAnOffer() throws Exception {
        var media = MsrpSdp.parse(OFFER.getBytes(UTF_8));

        assertThat(media.path())
                .extracting(MsrpUri::toString)
                .containsExactly(
                        "msrp://relay.example.net:2855/r1;tcp", "msrp://alice.example.com:7654/jshA7weztas;tcp");
        assertThat(media.acceptTypes()).containsExactly("message/cpim", "text/plain");
        assertThat(media.attributes()).contains("max-size:6000000", "sendonly", "setup:actpass");
    }

    @Test
    void offerTowardsTheClientPutsThePfFirstInThePathAndConnectsActively() throws Exception {
        String offer = new String(MsrpSdp.offer(PF, MsrpSdp.parse(OFFER.getBytes(UTF_8))), UTF_8);

        assertThat(offer)
                .startsWith("v=0\r\no=cpm-pf ")
                .contains("c=IN IP4 192.0.2.10\r\n", "m=message 2855 TCP/MSRP *\r\n")
                .contains("a=path:msrp://192.0.2.10:2855/pf-leg-1;tcp msrp://relay.example.net:2855/r1;tcp "
                        + "msrp://alice.example.com:7654/jshA7weztas;tcp\r\n")
                .contains("a=accept-types:message/cpim text/plain\r\n", "a=max-size:6000000\r\n")
                .contains("a=file-selector:name:\"big.bin\"")
                .contains("a=sendonly\r\n", "a=setup:active\r\n")
                .doesNotContain("actpass", "m=audio");
        // What we write, we read back.
        assertThat(MsrpSdp.parse(offer.getBytes(UTF_8)).path())
                .hasSize(3)
                .first()
                .isEqualTo(PF);
    }

    @Test
    void answerTowardsTheOriginatorIsWhatTheCrLists() throws Exception {
        String clientAnswer = """
                v=0\r
                o=bob 1 1 IN IP4 198.51.100.7\r
                s=-\r
                c=IN IP4 198.51.100.7\r
                t=0 0\r
                m=message 9000 TCP/MSRP *\r
                a=accept-types:text/plain\r
                a=path:msrp://198.51.100.7:9000/bobs;tcp\r
                a=recvonly\r
                a=setup:passive\r
                """;

        String answer = new String(
                MsrpSdp.answer(MsrpUri.of("192.0.2.10", 2855, "pf-up"), MsrpSdp.parse(clientAnswer.getBytes(UTF_8))),
                UTF_8);

        assertThat(answer)
                .contains("m=message 2855 TCP/MSRP *\r\n")
                .contains("a=path:msrp://192.0.2.10:2855/pf-up;tcp msrp://198.51.100.7:9000/bobs;tcp\r\n")
                .contains("a=accept-types:message/cpim\r\n", "a=recvonly\r\n", "a=setup:passive\r\n")
                .doesNotContain("text/plain", "198.51.100.7 \r\n", "c=IN IP4 198.51.100.7");
        assertThat(answer.lines().filter(l -> l.startsWith("a=setup") || l.startsWith("a=recvonly")))
                .hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "v=0\r\nm=audio 4000 RTP/AVP 0\r\n",
                "v=0\r\nm=message 7654 TCP/TLS/MSRP *\r\na=path:msrps://a.example.com:7654/s;tcp\r\n",
                "v=0\r\nm=message 7654 TCP/MSRP *\r\na=accept-types:text/plain\r\n",
                "v=0\r\nm=message 7654 TCP/MSRP *\r\na=path:http://a.example.com/s\r\n",
                "v=0\r\nm=message 0 TCP/MSRP *\r\na=path:msrp://a.example.com:7654/s;tcp\r\n"
            })
    void unusableOffersAreRefusedWithAReason(String sdp) {
        assertThatThrownBy(() -> MsrpSdp.parse(sdp.getBytes(UTF_8)))
                .isInstanceOf(MsrpSdp.UnusableSdpException.class)
                .hasMessageNotContaining("null");
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() {
        byte[] huge = ("v=0\r\n" + "a=x\r\n".repeat(4000)).getBytes(UTF_8);

        assertThatThrownBy(() -> MsrpSdp.parse(huge)).hasMessageContaining("larger than");
    }

    @Test
    void ipv6HostsAreWrittenWithoutBrackets() throws Exception {
        var v6 = new MsrpUri("msrp", null, "[2001:db8::1]", 2855, "s1", "tcp", List.of());

        String offer = new String(MsrpSdp.offer(v6, MsrpSdp.parse(OFFER.getBytes(UTF_8))), UTF_8);

        assertThat(offer).contains("c=IN IP6 2001:db8::1\r\n", "a=path:msrp://[2001:db8::1]:2855/s1;tcp ");
    }
}
