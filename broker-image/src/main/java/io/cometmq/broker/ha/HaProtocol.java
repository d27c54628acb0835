package io.cometmq.broker.ha;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The replication wire format on the HA port (CometMQ's own; clients never use this port).
 *
 * <pre>
 * slave → master, once:  i32 MAGIC | i64 slaveMaxOffset | i32 slaveLastEpoch
 * master → slave, once:  i32 MAGIC | i64 truncateTo (-1 = keep) | i64 startOffset | i32 n | n × (i32 epoch, i64 start)
 * master → slave, then:  i64 offset | i32 size | i64 masterMaxOffset | size bytes   (size 0 = heartbeat)
 * slave → master, then:  i64 slaveMaxOffset                                         (acknowledgement / heartbeat)
 * </pre>
 *
 * Chunks hold whole records only and never cross a commit-log segment, so the slave appends them as they come.
 */
final class HaProtocol {

    static final int MAGIC = 0x434D5148; // "CMQH"
    static final int CHUNK_HEADER = 8 + 4 + 8;

    record Hello(long slaveMaxOffset, int slaveLastEpoch) {
    }

    record Welcome(long truncateTo, long startOffset, List<EpochHistory.Epoch> epochs) {
    }

    private HaProtocol() {
    }

    static void writeHello(DataOutputStream out, Hello hello) throws IOException {
        out.writeInt(MAGIC);
        out.writeLong(hello.slaveMaxOffset());
        out.writeInt(hello.slaveLastEpoch());
        out.flush();
    }

    static Hello readHello(DataInputStream in) throws IOException {
        checkMagic(in.readInt());
        return new Hello(in.readLong(), in.readInt());
    }

    static void writeWelcome(DataOutputStream out, Welcome welcome) throws IOException {
        out.writeInt(MAGIC);
        out.writeLong(welcome.truncateTo());
        out.writeLong(welcome.startOffset());
        out.writeInt(welcome.epochs().size());
        for (EpochHistory.Epoch epoch : welcome.epochs()) {
            out.writeInt(epoch.epoch());
            out.writeLong(epoch.startOffset());
        }
        out.flush();
    }

    static Welcome readWelcome(DataInputStream in) throws IOException {
        checkMagic(in.readInt());
        long truncateTo = in.readLong();
        long start = in.readLong();
        int count = in.readInt();
        if (count < 0 || count > 100_000) {
            throw new IOException("implausible epoch count " + count + " from master");
        }
        List<EpochHistory.Epoch> epochs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            epochs.add(new EpochHistory.Epoch(in.readInt(), in.readLong()));
        }
        return new Welcome(truncateTo, start, epochs);
    }

    private static void checkMagic(int magic) throws IOException {
        if (magic != MAGIC) {
            throw new IOException("not a CometMQ replication peer (magic " + Integer.toHexString(magic) + ")");
        }
    }
}
