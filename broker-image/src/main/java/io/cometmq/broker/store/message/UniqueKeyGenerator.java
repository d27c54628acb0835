package io.cometmq.broker.store.message;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates UNIQ_KEY values for messages that arrive without one, in the client's shape (§8.5): IP, low 16 bits
 * of the pid, a per-instance random int (the client uses a class-loader hash), milliseconds since the start of the
 * month, and a 16-bit counter. 32 hex chars for an IPv4 broker, so tools that parse ids keep working.
 */
public final class UniqueKeyGenerator {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final Clock clock;
    private final String prefix;
    private long monthStartMillis;
    private long nextMonthStartMillis;
    private short counter;

    public UniqueKeyGenerator(InetAddress brokerAddress, Clock clock) {
        this.clock = clock;
        byte[] ip = brokerAddress.getAddress();
        ByteBuffer head = ByteBuffer.allocate(ip.length + 6);
        head.put(ip).putShort((short) ProcessHandle.current().pid()).putInt(ThreadLocalRandom.current().nextInt());
        this.prefix = HEX.formatHex(head.array());
    }

    public synchronized String next() {
        long now = clock.millis();
        if (now >= nextMonthStartMillis || now < monthStartMillis) {
            ZonedDateTime month = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).withDayOfMonth(1)
                    .toLocalDate().atStartOfDay(ZoneOffset.UTC);
            monthStartMillis = month.toInstant().toEpochMilli();
            nextMonthStartMillis = month.plusMonths(1).toInstant().toEpochMilli();
        }
        ByteBuffer tail = ByteBuffer.allocate(6);
        tail.putInt((int) (now - monthStartMillis)).putShort(counter++);
        return prefix + HEX.formatHex(tail.array());
    }
}
