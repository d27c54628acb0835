package io.cometmq.broker.ha;

import io.cometmq.broker.store.MessageStore;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.tls.PeerLogLimiter;
import io.cometmq.protocol.tls.TlsSockets;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Master side of replication. Each slave connects to the HA port, says how far its log goes, and is sent the
 * commit log from there on: whole records, chunk by chunk, waiting for new data when it has everything
 * (long polling) and sending a heartbeat chunk every few seconds. Every acknowledgement moves the
 * {@link SyncReplicaWaiter} that SYNC_MASTER sends wait on.
 */
public final class ReplicaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaServer.class);
    static final int MAX_CHUNK = 4 * 1024 * 1024 + 64 * 1024;
    private static final int HEARTBEAT_MILLIS = 2_000;
    private static final int SLAVE_SILENCE_MILLIS = 20_000;
    /** The output buffer's size too: a chunk up to this size leaves in one write with its header. */
    private static final int COPY_BUFFER = 1 << 16;

    private final MessageStore store;
    private final EpochHistory epochs;
    private final SyncReplicaWaiter waiter;
    private final Object newData = new Object();
    private final Map<Socket, AtomicLong> slaves = new ConcurrentHashMap<>();
    private final long segmentSize;
    private final Clock clock;
    private final HaSecurity security;
    private final PeerLogLimiter tlsRefusals = PeerLogLimiter.perMinute();
    private final PeerLogLimiter helloRefusals = PeerLogLimiter.perMinute();
    private volatile boolean running = true;
    private ServerSocket serverSocket;

    public ReplicaServer(MessageStore store, long segmentSize, EpochHistory epochs, SyncReplicaWaiter waiter,
            Clock clock, HaSecurity security) {
        this.store = store;
        this.security = security;
        this.segmentSize = segmentSize;
        this.epochs = epochs;
        this.waiter = waiter;
        this.clock = clock;
    }

    /** Listens on the HA port; returns the bound port. */
    public int start(String host, int port) throws IOException {
        serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(host, port));
        Thread acceptor = new Thread(this::acceptLoop, "ha-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return serverSocket.getLocalPort();
    }

    /** Called after every append so waiting transfers go on at once. */
    public void onAppended() {
        synchronized (newData) {
            newData.notifyAll();
        }
    }

    /** Slaves currently connected. */
    public int slaveCount() {
        return slaves.size();
    }

    /** Each connected slave's acknowledged offset, by its address ({@code ip:port} of its HA connection). */
    public Map<String, Long> slaveOffsets() {
        Map<String, Long> offsets = new TreeMap<>();
        slaves.forEach((socket, acked) ->
                offsets.put(RequestContext.addressString(socket.getRemoteSocketAddress()), acked.get()));
        return offsets;
    }

    /** The lowest acknowledged offset over connected slaves (replication lag is measured against it), or -1. */
    public long slowestSlaveOffset() {
        return slaves.values().stream().mapToLong(AtomicLong::get).min().orElse(-1);
    }

    /**
     * Waits until every connected slave acknowledged {@code offset}, at most {@code timeoutMillis}; true when they
     * did (or none is connected). A demoted master whose log no longer grows lets its slaves take the tail first.
     */
    public boolean awaitSlavesReach(long offset, long timeoutMillis) throws InterruptedException {
        long deadline = clock.millis() + timeoutMillis;
        while (!slaves.isEmpty() && slowestSlaveOffset() < offset) {
            if (clock.millis() >= deadline) {
                return false;
            }
            onAppended();
            Thread.sleep(20);
        }
        return true;
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket socket = serverSocket.accept();
                Thread thread = new Thread(() -> serve(socket), "ha-slave-" + socket.getRemoteSocketAddress());
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (running) {
                    log.warn("HA accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket raw) {
        String peer = String.valueOf(raw.getRemoteSocketAddress());
        AtomicLong acked = new AtomicLong(-1);
        TlsSockets.Connection connection;
        try {
            raw.setTcpNoDelay(true);
            raw.setSoTimeout(SLAVE_SILENCE_MILLIS);
            connection = TlsSockets.accepted(raw, security.serverTls(), tlsRefusals); // logs its own refusals
        } catch (IOException e) {
            closeQuietly(raw);
            return;
        }
        Socket socket = connection.socket();
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(connection.in()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(connection.out(), COPY_BUFFER));
            HaProtocol.Hello hello = HaHandshake.accept(in, out, security, raw, helloRefusals);
            long logEnd = store.commitLogMaxOffset();
            long agreedEnd = Math.min(epochs.endOffsetOf(hello.slaveLastEpoch(), logEnd), logEnd);
            long truncateTo = hello.slaveMaxOffset() > agreedEnd ? agreedEnd : -1;
            long next = truncateTo >= 0 ? truncateTo : hello.slaveMaxOffset();
            if (next < store.commitLogMinOffset()) {
                // the slave is behind what we still keep: it starts over from our oldest segment
                truncateTo = 0;
                next = store.commitLogMinOffset();
            }
            HaProtocol.writeWelcome(out, new HaProtocol.Welcome(truncateTo, next, epochs.all()));
            log.info("slave {} connected{} at offset {} (epoch {}){}", peer, connection.tls() ? " over TLS" : "",
                    hello.slaveMaxOffset(), hello.slaveLastEpoch(),
                    truncateTo >= 0 ? ", told to truncate to " + truncateTo : "");
            waiter.resetTo(next);
            acked.set(next);
            slaves.put(socket, acked);
            Thread reader = new Thread(() -> readAcks(in, acked, peer, socket), "ha-ack-" + peer);
            reader.setDaemon(true);
            reader.start();
            transfer(out, next, socket);
        } catch (HaProtocol.RefusedException e) {
            // logged by the handshake
        } catch (SocketTimeoutException e) {
            log.warn("slave {} silent for {} ms, dropping it", peer, SLAVE_SILENCE_MILLIS);
        } catch (IOException e) {
            if (running) {
                log.info("slave {} disconnected: {}", peer, e.toString());
            }
        } finally {
            slaves.remove(socket);
        }
    }

    private void readAcks(DataInputStream in, AtomicLong acked, String peer, Socket socket) {
        try {
            while (running && !socket.isClosed()) {
                long offset = in.readLong();
                acked.set(offset);
                waiter.acknowledged(offset);
            }
        } catch (IOException e) {
            closeQuietly(socket);
        }
    }

    private void transfer(DataOutputStream out, long start, Socket socket) throws IOException {
        byte[] scratch = new byte[COPY_BUFFER];
        long next = start;
        long lastSent = clock.millis();
        while (running && !socket.isClosed()) {
            ByteBuffer chunk = wholeRecords(store.readCommitLog(next, MAX_CHUNK));
            if (chunk.hasRemaining()) {
                int size = chunk.remaining();
                writeChunk(out, next, chunk, scratch);
                next += size;
                lastSent = clock.millis();
                continue;
            }
            if (next < store.commitLogMaxOffset() && store.readCommitLog(next, 8).remaining() == 0) {
                next = nextSegmentStart(next); // the rest of a segment was never written (end of file)
                continue;
            }
            if (clock.millis() - lastSent >= HEARTBEAT_MILLIS) {
                writeChunk(out, next, ByteBuffer.allocate(0), scratch);
                lastSent = clock.millis();
            }
            synchronized (newData) {
                if (store.commitLogMaxOffset() <= next) {
                    try {
                        newData.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private long nextSegmentStart(long offset) {
        return offset - offset % segmentSize + segmentSize;
    }

    /** Header and records in one flush; mapped records pass through {@code scratch} (no array per chunk). */
    private void writeChunk(DataOutputStream out, long offset, ByteBuffer chunk, byte[] scratch) throws IOException {
        out.writeLong(offset);
        out.writeInt(chunk.remaining());
        out.writeLong(store.commitLogMaxOffset());
        if (chunk.hasArray()) {
            out.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
        } else {
            ByteBuffer records = chunk.duplicate();
            while (records.hasRemaining()) {
                int piece = Math.min(scratch.length, records.remaining());
                records.get(scratch, 0, piece);
                out.write(scratch, 0, piece);
            }
        }
        out.flush();
    }

    /**
     * Cuts a raw read back to whole records (each starts with its i32 total size), so the slave never holds half
     * a record. A read that starts inside a record cannot happen: transfers start at record boundaries.
     */
    static ByteBuffer wholeRecords(ByteBuffer raw) {
        int position = raw.position();
        int end = position;
        while (end + 4 <= raw.limit()) {
            int size = raw.getInt(end);
            if (size <= 0 || end + size > raw.limit()) {
                break;
            }
            end += size;
        }
        ByteBuffer whole = raw.duplicate();
        whole.limit(end);
        return whole;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            if (serverSocket != null) {
                serverSocket.close();
            }
        } catch (IOException ignored) {
            // closing
        }
        slaves.keySet().forEach(ReplicaServer::closeQuietly);
        onAppended();
    }
}
