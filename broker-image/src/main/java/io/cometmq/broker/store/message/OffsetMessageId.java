package io.cometmq.broker.store.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The broker-side "offset message id" (§8.5): uppercase hex of store-host IP (4 or 16 bytes), port (i32) and
 * commit-log offset (i64); 32 hex chars for IPv4, 56 for IPv6.
 */
public final class OffsetMessageId {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** @param storeHost the broker address written in the record's STOREHOST */
    public record Decoded(InetSocketAddress storeHost, long physicalOffset) {
    }

    private OffsetMessageId() {
    }

    public static String encode(InetSocketAddress storeHost, long physicalOffset) {
        byte[] address = storeHost.getAddress().getAddress();
        ByteBuffer buffer = ByteBuffer.allocate(address.length + 12);
        buffer.put(address).putInt(storeHost.getPort()).putLong(physicalOffset);
        return HEX.formatHex(buffer.array());
    }

    /** @param storeHostBytes address bytes followed by the i32 port, as they sit in a record */
    public static String encode(ByteBuffer storeHostBytes, long physicalOffset) {
        ByteBuffer buffer = ByteBuffer.allocate(storeHostBytes.remaining() + 8);
        buffer.put(storeHostBytes.duplicate()).putLong(physicalOffset);
        return HEX.formatHex(buffer.array());
    }

    public static Decoded decode(String id) {
        int length = id.length();
        if (length != 32 && length != 56) {
            throw new IllegalArgumentException("offset message id must have 32 or 56 hex chars: " + id);
        }
        ByteBuffer bytes = ByteBuffer.wrap(HexFormat.of().parseHex(id.toUpperCase(Locale.ROOT)));
        byte[] address = new byte[length == 32 ? 4 : 16];
        bytes.get(address);
        int port = bytes.getInt();
        long offset = bytes.getLong();
        try {
            return new Decoded(new InetSocketAddress(InetAddress.getByAddress(address), port), offset);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address in message id " + id, e);
        }
    }
}
