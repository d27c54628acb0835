package io.cometmq.broker.ha;

import io.cometmq.broker.store.MessageStore;
import io.cometmq.protocol.tls.TlsSockets;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slave side of replication: one thread that connects to the master's HA port, reports how far the local log
 * goes, truncates if the master says the logs diverged, then appends every chunk at exactly the offset it was
 * sent for and acknowledges it. Reconnects (with back-off) whenever the connection breaks or the master changes.
 */
public final class ReplicaFetcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaFetcher.class);
    private static final int READ_TIMEOUT_MILLIS = 1_000;
    /** Four of the master's 2 s heartbeats missed: the master is gone (or frozen), follow whoever replaces it. */
    private static final int MASTER_SILENCE_MILLIS = 8_000;
    private static final int ACK_HEARTBEAT_MILLIS = 1_000;

    private final MessageStore store;
    private final EpochHistory epochs;
    private final Thread thread;
    private final Clock clock;
    private final HaSecurity security;
    private volatile String masterHaAddr;
    /** Notified when {@link #masterChanged} names a new master, to cut a retry back-off short. */
    private final Object masterChange = new Object();
    private volatile boolean running = true;
    private volatile boolean connected;
    private volatile long masterMaxOffset = -1;
    private volatile long lastContactMillis;
    private volatile Socket socket;

    public ReplicaFetcher(MessageStore store, EpochHistory epochs, String masterHaAddr, Clock clock,
            HaSecurity security) {
        this.store = store;
        this.security = security;
        this.epochs = epochs;
        this.masterHaAddr = masterHaAddr;
        this.clock = clock;
        this.thread = new Thread(this::run, "ha-fetcher");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Follows a (new) master; the current connection, if any, is dropped. */
    public void masterChanged(String haAddr) {
        if (haAddr != null && !haAddr.equals(masterHaAddr)) {
            log.info("replicating from new master HA address {}", haAddr);
            synchronized (masterChange) {
                masterHaAddr = haAddr;
                masterChange.notifyAll();
            }
            Socket current = socket;
            if (current != null) {
                try {
                    current.close();
                } catch (IOException ignored) {
                    // reconnecting anyway
                }
            }
        }
    }

    public boolean isConnected() {
        return connected;
    }

    /** The master's log end as last reported by the master, or -1 before the first contact. */
    public long masterMaxOffset() {
        return masterMaxOffset;
    }

    public long lastContactMillis() {
        return lastContactMillis;
    }

    private void run() {
        long backoff = 200;
        while (running) {
            String target = masterHaAddr;
            if (target == null || target.isBlank()) {
                sleep(500);
                continue;
            }
            try {
                replicateFrom(target);
                backoff = 200;
            } catch (HaProtocol.RefusedException e) {
                log.warn("replication from {} refused: {}", target, e.getMessage());
            } catch (IOException | RuntimeException e) {
                if (running) {
                    log.info("replication from {} interrupted: {}", target, e.toString());
                }
            } finally {
                connected = false;
            }
            backoff = waitBeforeRetry(target, backoff);
        }
    }

    /**
     * Waits {@code backoff} ms before retrying {@code target}, or less when a new master is announced meanwhile
     * (after a failover the slave must not sit out a back-off grown against the dead master); returns the next one.
     */
    private long waitBeforeRetry(String target, long backoff) {
        synchronized (masterChange) {
            if (target.equals(masterHaAddr)) {
                try {
                    masterChange.wait(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return target.equals(masterHaAddr) ? Math.min(backoff * 2, 5_000) : 200;
        }
    }

    private void replicateFrom(String target) throws IOException {
        int colon = target.lastIndexOf(':');
        TlsSockets.Connection connection = TlsSockets.connect(new InetSocketAddress(target.substring(0, colon),
                Integer.parseInt(target.substring(colon + 1))), 3_000, security.clientTls());
        try (Socket s = connection.socket()) {
            socket = s;
            s.setTcpNoDelay(true);
            s.setSoTimeout(MASTER_SILENCE_MILLIS);
            DataInputStream in = new DataInputStream(new BufferedInputStream(connection.in(), 1 << 16));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(connection.out(), 256));
            long localMax = store.commitLogMaxOffset();
            HaHandshake.hello(in, out, security, new HaProtocol.Hello(localMax, epochs.epochOfLogEnd(localMax)));
            HaProtocol.Welcome welcome = HaProtocol.readWelcome(in);
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            if (welcome.truncateTo() >= 0) {
                log.warn("local log diverges from the master's after offset {} (local end {}); truncating",
                        welcome.truncateTo(), localMax);
                store.truncateTo(welcome.truncateTo());
            }
            epochs.replaceWith(welcome.epochs());
            connected = true;
            lastContactMillis = clock.millis();
            log.info("replicating from master {}{} starting at offset {}", target,
                    connection.tls() ? " over TLS" : "", welcome.startOffset());
            receive(in, out);
        } finally {
            socket = null;
        }
    }

    private void receive(DataInputStream in, DataOutputStream out) throws IOException {
        long lastAck = 0;
        byte[] bytes = new byte[64 * 1024]; // grows to the largest chunk seen; the log copies out of it
        while (running) {
            long offset;
            try {
                offset = in.readLong();
            } catch (SocketTimeoutException e) {
                if (clock.millis() - lastContactMillis > MASTER_SILENCE_MILLIS) {
                    throw new IOException("master silent for " + MASTER_SILENCE_MILLIS + " ms");
                }
                acknowledge(out);
                lastAck = clock.millis();
                continue;
            }
            int size = in.readInt();
            masterMaxOffset = in.readLong();
            lastContactMillis = clock.millis();
            if (size < 0 || size > ReplicaServer.MAX_CHUNK) {
                throw new IOException("implausible chunk size " + size + " at offset " + offset);
            }
            if (size > 0) {
                if (bytes.length < size) {
                    bytes = new byte[Math.max(size, bytes.length * 2)];
                }
                in.readFully(bytes, 0, size);
                long localMax = store.commitLogMaxOffset();
                if (offset != localMax && !(localMax == 0 && store.commitLogMinOffset() == 0)) {
                    throw new IOException("master sent offset " + offset + " but the local log ends at " + localMax);
                }
                store.appendToCommitLog(offset, ByteBuffer.wrap(bytes, 0, size));
                acknowledge(out);
                lastAck = clock.millis();
            } else if (clock.millis() - lastAck >= ACK_HEARTBEAT_MILLIS) {
                acknowledge(out);
                lastAck = clock.millis();
            }
        }
    }

    private void acknowledge(DataOutputStream out) throws IOException {
        out.writeLong(store.commitLogMaxOffset());
        out.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        Socket current = socket;
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        thread.interrupt();
    }
}
