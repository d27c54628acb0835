package io.cometmq.bench.scale;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP relay on loopback in front of a NameServer that reads the remoting frames going through it, so that the
 * sizes reported are the bytes the real broker and NameServer exchanged (not a re-encoding by the driver).
 * Frame: 4-byte length, 4-byte header length (top byte: serialisation, 0 JSON, 1 RocketMQ binary), header, body.
 */
final class FrameTap implements AutoCloseable {

    /** One request and, once answered, its response. */
    record Exchange(int code, long sentNanos, int requestBody, boolean compressed, long answeredNanos,
            int responseBody) {
    }

    private static final Pattern JSON_CODE = Pattern.compile("\"code\":(-?\\d+)");
    private static final Pattern JSON_OPAQUE = Pattern.compile("\"opaque\":(-?\\d+)");
    private static final Pattern JSON_FLAG = Pattern.compile("\"flag\":(\\d+)");
    private static final Pattern COMPRESSED = Pattern.compile("\"compressed\":\"?(true|false)");

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Exchange> answered = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    FrameTap(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "frame-tap-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Every answered request with {@code code} so far, oldest first. */
    List<Exchange> exchanges(int code) {
        return answered.stream().filter(e -> e.code() == code).toList();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(target, 3000);
                sockets.add(client);
                sockets.add(upstream);
                Map<Integer, Exchange> pending = new ConcurrentHashMap<>();
                relay(client, upstream, pending, true);
                relay(upstream, client, pending, false);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("[scale] frame tap: " + e.getMessage());
                }
            }
        }
    }

    private void relay(Socket from, Socket to, Map<Integer, Exchange> pending, boolean requests) {
        Thread thread = new Thread(() -> {
            try (DataInputStream in = new DataInputStream(from.getInputStream());
                    DataOutputStream out = new DataOutputStream(to.getOutputStream())) {
                while (true) {
                    int length = in.readInt();
                    byte[] frame = new byte[length];
                    in.readFully(frame);
                    // before forwarding: the answer to a request may come back before this thread runs again
                    record(frame, pending, requests);
                    out.writeInt(length);
                    out.write(frame);
                    out.flush();
                }
            } catch (IOException closed) {
                close(from);
                close(to);
            }
        }, "frame-tap-" + (requests ? "request" : "response"));
        thread.setDaemon(true);
        thread.start();
    }

    private void record(byte[] frame, Map<Integer, Exchange> pending, boolean requests) {
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        int headerField = buffer.getInt();
        int serialization = (headerField >>> 24) & 0xFF;
        int headerLength = headerField & 0xFFFFFF;
        int bodyLength = frame.length - 4 - headerLength;
        int code;
        int opaque;
        int flag;
        boolean compressed = false;
        if (serialization == 1) { // code(2) language(1) version(2) opaque(4) flag(4) ...
            code = buffer.getShort(4);
            opaque = buffer.getInt(9);
            flag = buffer.getInt(13);
        } else {
            String header = new String(frame, 4, headerLength, StandardCharsets.UTF_8);
            code = intOf(JSON_CODE, header);
            opaque = intOf(JSON_OPAQUE, header);
            flag = intOf(JSON_FLAG, header);
            Matcher m = COMPRESSED.matcher(header);
            compressed = m.find() && Boolean.parseBoolean(m.group(1));
        }
        boolean response = (flag & 1) == 1;
        if (requests && !response) {
            pending.put(opaque, new Exchange(code, System.nanoTime(), bodyLength, compressed, 0, 0));
        } else if (!requests && response) {
            Exchange request = pending.remove(opaque);
            if (request != null) {
                answered.add(new Exchange(request.code(), request.sentNanos(), request.requestBody(),
                        request.compressed(), System.nanoTime(), bodyLength));
            }
        }
    }

    private static int intOf(Pattern pattern, String header) {
        Matcher m = pattern.matcher(header);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed by the other direction
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(FrameTap::close);
    }
}
