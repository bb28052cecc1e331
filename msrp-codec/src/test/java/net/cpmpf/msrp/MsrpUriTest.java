package net.cpmpf.msrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import net.cpmpf.msrp.MsrpProtocolException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MsrpUriTest {

    static Stream<Arguments> validUris() {
        return Stream.of(
                Arguments.of(
                        "msrp://biloxi.example.com:12763/kjhd37s2s20w2a;tcp",
                        new MsrpUri("msrp", null, "biloxi.example.com", 12763, "kjhd37s2s20w2a", "tcp", List.of())),
                Arguments.of(
                        "msrps://alice@intra.example.com;tcp",
                        new MsrpUri("msrps", "alice", "intra.example.com", MsrpUri.NO_PORT, null, "tcp", List.of())),
                Arguments.of(
                        "msrp://[2001:db8::10]:2855/s+e=ss/ion;tcp",
                        new MsrpUri("msrp", null, "[2001:db8::10]", 2855, "s+e=ss/ion", "tcp", List.of())),
                Arguments.of(
                        "msrp://192.0.2.1:7777/iau39soe2843z;sctp;foo=bar;flag",
                        new MsrpUri(
                                "msrp", null, "192.0.2.1", 7777, "iau39soe2843z", "sctp", List.of("foo=bar", "flag"))),
                Arguments.of(
                        "MSRPS://User:pw@Relay.Example.COM:9000;TCP",
                        new MsrpUri("MSRPS", "User:pw", "Relay.Example.COM", 9000, null, "TCP", List.of())));
    }

    @ParameterizedTest
    @MethodSource("validUris")
    void parsesAndFormatsBackTheSameText(String text, MsrpUri expected) throws MsrpProtocolException {
        MsrpUri uri = MsrpUri.parse(text);

        assertThat(uri).usingRecursiveComparison().isEqualTo(expected);
        assertThat(uri.toString()).isEqualTo(text);
        assertThat(MsrpUri.parse(uri.toString())).usingRecursiveComparison().isEqualTo(uri);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "sip:bob@example.com",
                "http://example.com:80/x;tcp",
                "msrp:/example.com:1/x;tcp",
                "msrp://example.com:1/x",
                "msrp://example.com:1/x;",
                "msrp://:1/x;tcp",
                "msrp://example.com:/x;tcp",
                "msrp://example.com:65536/x;tcp",
                "msrp://example.com:12x/x;tcp",
                "msrp://example.com:1/;tcp",
                "msrp://example.com:1/a b;tcp",
                "msrp://example.com:1/a?b;tcp",
                "msrp://exa mple.com:1/x;tcp",
                "msrp://[2001:db8::1:1/x;tcp",
                "msrp://[not:an:address]:1/x;tcp",
                "msrp://a@b@example.com:1/x;tcp",
                "msrp://example.com:1/x;t-c-p",
                "msrp://example.com:1/x;tcp;",
                "msrp://example.com:1/x;tcp;a=b=c"
            })
    void refusesWhatIsNotAnMsrpUri(String text) {
        assertThatThrownBy(() -> MsrpUri.parse(text))
                .isInstanceOfSatisfying(
                        MsrpProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_URI));
    }

    static Stream<Arguments> equalPairs() {
        return Stream.of(
                Arguments.of("msrp://Host.Example.com:1/abc;tcp", "MSRP://host.example.COM:1/abc;TCP"),
                Arguments.of("msrp://[2001:DB8::1]:1/abc;tcp", "msrp://[2001:db8:0:0::1]:1/abc;tcp"),
                Arguments.of("msrp://h:1/abc;tcp;x=1", "msrp://h:1/abc;tcp"),
                Arguments.of("msrp://Bob@h:1/abc;tcp", "msrp://bob@h:1/abc;tcp"));
    }

    @ParameterizedTest
    @MethodSource("equalPairs")
    void equalityIgnoresCaseWhereSection61Does(String a, String b) throws MsrpProtocolException {
        assertThat(MsrpUri.parse(a)).isEqualTo(MsrpUri.parse(b)).hasSameHashCodeAs(MsrpUri.parse(b));
    }

    static Stream<Arguments> differentPairs() {
        return Stream.of(
                Arguments.of("msrp://h:1/abc;tcp", "msrp://h:1/ABC;tcp"),
                Arguments.of("msrp://h:1/abc;tcp", "msrps://h:1/abc;tcp"),
                Arguments.of("msrp://h:1/abc;tcp", "msrp://h/abc;tcp"),
                Arguments.of("msrp://h:1/abc;tcp", "msrp://h:2/abc;tcp"),
                Arguments.of("msrp://h:1/abc;tcp", "msrp://h:1/abc;sctp"),
                Arguments.of("msrp://h:1/abc;tcp", "msrp://h:1;tcp"),
                Arguments.of("msrp://h:1/abc;tcp", "msrp://u@h:1/abc;tcp"));
    }

    @ParameterizedTest
    @MethodSource("differentPairs")
    void sessionIdPortSchemeAndTransportDistinguish(String a, String b) throws MsrpProtocolException {
        assertThat(MsrpUri.parse(a)).isNotEqualTo(MsrpUri.parse(b));
    }

    @Test
    void pathsSplitOnSpacesAndFormatWithOne() throws MsrpProtocolException {
        List<MsrpUri> path =
                MsrpUri.parsePath("msrps://a.example.org:9000/kjfjan;tcp  msrps://bob.example.com:8145/foo;tcp");

        assertThat(path).hasSize(2);
        assertThat(MsrpUri.formatPath(path))
                .isEqualTo("msrps://a.example.org:9000/kjfjan;tcp msrps://bob.example.com:8145/foo;tcp");
        assertThatThrownBy(() -> MsrpUri.parsePath("  ")).isInstanceOf(MsrpProtocolException.class);
    }

    @Test
    void constructorRefusesInvalidParts() {
        assertThatThrownBy(() -> MsrpUri.of("bad host", 1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MsrpUri.of("h", 70_000, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(MsrpUri.of("h", 1, "x").secure()).isFalse();
    }
}
