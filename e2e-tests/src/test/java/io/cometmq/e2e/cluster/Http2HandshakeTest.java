package io.cometmq.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Http2HandshakeTest {

    @Test
    void sendsTheConnectionPrefaceAndAnEmptySettingsFrame() throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        // a server's SETTINGS with two settings (12 bytes), then a SETTINGS ACK
        byte[] answer = {0, 0, 12, 4, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 100, 0, 4, 0, 1, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0};
        Http2Handshake.FrameHeader first = Http2Handshake.open(sent, new ByteArrayInputStream(answer));

        byte[] bytes = sent.toByteArray();
        assertThat(new String(bytes, 0, 24, StandardCharsets.US_ASCII)).isEqualTo("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assertThat(Arrays.copyOfRange(bytes, 24, bytes.length)).containsExactly(0, 0, 0, 4, 0, 0, 0, 0, 0);
        assertThat(first).isEqualTo(new Http2Handshake.FrameHeader(12, 4, 0, 0));
        assertThat(first.isServerSettings()).isTrue();
    }

    @Test
    void anAckAnotherFrameOrAnHttp1AnswerIsNotTheServersSettings() throws IOException {
        assertThat(header(0, 0, 0, 4, 1, 0, 0, 0, 0).isServerSettings()).as("SETTINGS ACK").isFalse();
        assertThat(header(0, 0, 8, 7, 0, 0, 0, 0, 0).isServerSettings()).as("GOAWAY").isFalse();
        assertThat(header(0, 0, 6, 4, 0, 0, 0, 0, 1).isServerSettings()).as("on a stream").isFalse();
        byte[] http1 = "HTTP/1.1 400 Bad Request\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(Http2Handshake.readHeader(new ByteArrayInputStream(http1)).isServerSettings()).isFalse();
    }

    @Test
    void aConnectionClosedBeforeAFrameSaysSo() {
        assertThatThrownBy(() -> Http2Handshake.readHeader(new ByteArrayInputStream(new byte[] {0, 0})))
                .isInstanceOf(IOException.class).hasMessageContaining("closed the connection after 2 bytes");
    }

    private static Http2Handshake.FrameHeader header(int... bytes) throws IOException {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        return Http2Handshake.readHeader(new ByteArrayInputStream(raw));
    }
}
