package io.cometmq.broker.ha;

import static io.cometmq.broker.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.broker.store.DefaultMessageStore;
import io.cometmq.broker.store.PutStatus;
import io.cometmq.broker.store.StoreConfig;
import io.cometmq.broker.store.queue.TagsCodeFunction;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slave's acknowledgements, seen from a master played by the test over a real loopback socket: chunks that
 * arrive together are acknowledged once (at the end of the last), a chunk that arrives alone at once.
 */
class ReplicaFetcherAckTest {

    @TempDir
    Path dir;
    private DefaultMessageStore master;
    private DefaultMessageStore slave;
    private ReplicaFetcher fetcher;

    @BeforeEach
    void open() {
        master = store(dir.resolve("master"));
        slave = store(dir.resolve("slave"));
    }

    @AfterEach
    void close() {
        if (fetcher != null) {
            fetcher.close();
        }
        master.shutdown();
        slave.shutdown();
    }

    @Test
    void chunksThatArriveTogetherAreAcknowledgedOnceAndALoneChunkAtOnce() throws Exception {
        List<ByteBuffer> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(record(i));
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            fetcher = new ReplicaFetcher(slave, new EpochHistory(dir.resolve("slave-epochs")),
                    "127.0.0.1:" + server.getLocalPort(), Clock.systemUTC(), HaSecurity.NONE);
            fetcher.start();
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                assertThat(HaProtocol.readHello(in).slaveMaxOffset()).isZero();
                HaProtocol.writeWelcome(out, new HaProtocol.Welcome(-1, 0, List.of(new EpochHistory.Epoch(1, 0))));

                long end1 = records.get(0).remaining();
                long end2 = end1 + records.get(1).remaining();
                long end3 = end2 + records.get(2).remaining();
                long end4 = end3 + records.get(3).remaining();
                out.write(chunks(0, records.subList(0, 3), end3)); // three chunks in one write
                out.flush();
                List<Long> acks = acksUntil(in, end3);
                assertThat(acks).as("acknowledgements of the three chunks").doesNotContain(end1, end2);

                out.write(chunks(end3, records.subList(3, 4), end4));
                out.flush();
                assertThat(acksUntil(in, end4)).as("the lone chunk's acknowledgement").endsWith(end4);
            }
        }
        assertThat(slave.commitLogMaxOffset()).isEqualTo(master.commitLogMaxOffset());
        await().atMost(Duration.ofSeconds(10)).until(() -> slave.maxOffsetInQueue("TopicAck", 0) == 4);
    }

    /** Reads acknowledgements until one reaches {@code offset}; every one read, in order. */
    private static List<Long> acksUntil(DataInputStream in, long offset) throws IOException {
        List<Long> acks = new ArrayList<>();
        long ack;
        do {
            ack = in.readLong();
            acks.add(ack);
        } while (ack < offset);
        return acks;
    }

    /** The master's chunks for consecutive records starting at {@code offset}, as one byte array. */
    private static byte[] chunks(long offset, List<ByteBuffer> records, long masterMax) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (ByteBuffer record : records) {
            out.writeLong(offset);
            out.writeInt(record.remaining());
            out.writeLong(masterMax);
            byte[] body = new byte[record.remaining()];
            record.duplicate().get(body);
            out.write(body);
            offset += body.length;
        }
        return bytes.toByteArray();
    }

    private ByteBuffer record(int i) {
        long start = master.commitLogMaxOffset();
        assertThat(master.put(message("TopicAck", 0, "body-" + i)).join().status()).isEqualTo(PutStatus.OK);
        return master.readCommitLog(start, (int) (master.commitLogMaxOffset() - start));
    }

    private static DefaultMessageStore store(Path root) {
        StoreConfig config = StoreConfig.builder(root).mappedFileSizeCommitLog(1 << 20).build();
        DefaultMessageStore store = new DefaultMessageStore(config, Clock.systemUTC(), () -> 0.1,
                TagsCodeFunction.TAGS_HASH);
        store.start();
        return store;
    }
}
