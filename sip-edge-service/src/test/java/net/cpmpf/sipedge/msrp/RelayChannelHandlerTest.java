package net.cpmpf.sipedge.msrp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import net.cpmpf.msrp.MsrpDecoder;
import net.cpmpf.msrp.MsrpResponse;
import net.cpmpf.sipedge.system.EdgeProperties;
import org.junit.jupiter.api.Test;

/** An accepted connection before it names a session: refusals and framing errors. */
class RelayChannelHandlerTest {

    private final MsrpNode node = new MsrpNode(
            new EdgeProperties.Msrp(
                    "127.0.0.1",
                    0,
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(10),
                    10,
                    1 << 20,
                    1,
                    1 << 16,
                    ""),
            new SimpleMeterRegistry());
    private final EmbeddedChannel channel = new EmbeddedChannel(new MsrpDecoder(), new RelayChannelHandler(node));

    @Test
    void aSendForAnUnknownSessionGets481AndTheConnectionStays() {
        channel.writeInbound(Unpooled.copiedBuffer(
                "MSRP tid1 SEND\r\n"
                        + "To-Path: msrp://127.0.0.1:2855/nosuchsession;tcp msrp://bob.example.com:9/b;tcp\r\n"
                        + "From-Path: msrp://alice.example.com:9/a;tcp\r\n"
                        + "Message-ID: msg0001\r\n"
                        + "Byte-Range: 1-5/5\r\n"
                        + "Content-Type: text/plain\r\n"
                        + "\r\n"
                        + "hello\r\n"
                        + "-------tid1$\r\n",
                UTF_8));

        MsrpResponse refused = channel.readOutbound();
        assertThat(refused.status()).isEqualTo(481);
        assertThat(refused.transactionId()).isEqualTo("tid1");
        assertThat(channel.isOpen()).isTrue();

        channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: pf\r\n\r\n", UTF_8));

        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void somethingThatIsNotMsrpClosesTheConnection() {
        channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: pf\r\n\r\n", UTF_8));

        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }
}
