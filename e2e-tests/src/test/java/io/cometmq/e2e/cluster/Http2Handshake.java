package io.cometmq.e2e.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The opening of an HTTP/2 connection with prior knowledge (RFC 9113 section 3.4): enough to tell that a gRPC server
 * listens on a port without a gRPC client, which e2e-tests cannot carry (the SDK's own v2 classes clash with
 * rocketmq-proto). The client sends the connection preface and an empty SETTINGS frame; a server's first frame is its
 * own SETTINGS frame (type 0x4, stream 0, no ACK flag). A TCP connect alone proves nothing through a port-forward: the
 * local end accepts before anything reaches the pod.
 */
final class Http2Handshake {
    /** "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", then a SETTINGS frame with no settings (9-byte header, length 0). */
    static final byte[] CLIENT_PREFACE;
    static final int SETTINGS = 0x4;
    private static final int ACK = 0x1;
    private static final int HEADER_LENGTH = 9;

    static {
        byte[] magic = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] settings = {0, 0, 0, SETTINGS, 0, 0, 0, 0, 0};
        CLIENT_PREFACE = new byte[magic.length + settings.length];
        System.arraycopy(magic, 0, CLIENT_PREFACE, 0, magic.length);
        System.arraycopy(settings, 0, CLIENT_PREFACE, magic.length, settings.length);
    }

    private Http2Handshake() {}

    /** A frame header: 24-bit length, type, flags, 31-bit stream id. */
    record FrameHeader(int length, int type, int flags, int streamId) {
        boolean isServerSettings() {
            return type == SETTINGS && streamId == 0 && (flags & ACK) == 0 && length % 6 == 0;
        }
    }

    /** Sends the preface on {@code out} and reads the header of the server's first frame from {@code in}. */
    static FrameHeader open(OutputStream out, InputStream in) throws IOException {
        out.write(CLIENT_PREFACE);
        out.flush();
        return readHeader(in);
    }

    static FrameHeader readHeader(InputStream in) throws IOException {
        byte[] header = in.readNBytes(HEADER_LENGTH);
        if (header.length < HEADER_LENGTH) {
            throw new IOException("the server closed the connection after " + header.length
                    + " bytes, before an HTTP/2 frame header");
        }
        int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
        int streamId = ((header[5] & 0x7f) << 24) | (header[6] & 0xff) << 16 | (header[7] & 0xff) << 8 | header[8] & 0xff;
        return new FrameHeader(length, header[3] & 0xff, header[4] & 0xff, streamId);
    }
}
