package io.cometmq.protocol.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.SerializeType;
import io.cometmq.protocol.codec.RemotingCommandCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RemotingServerClientTest {

    private static final int ECHO = 1000;
    private static final int FAIL = 1001;
    private static final int NEVER = 1002;
    private static final int RECORD = 1003;
    private static final int LATER = 1004;

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final BlockingQueue<RemotingCommand> recorded = new LinkedBlockingQueue<>();
    private RemotingServer server;
    private RemotingClient client;
    private String address;

    @BeforeEach
    void start() throws Exception {
        server = new RemotingServer(new RemotingServer.Config("127.0.0.1", 0, 2, 4096, Duration.ofSeconds(120)));
        server.registerProcessor(ECHO, RequestProcessor.sync((ctx, request) ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                        .putField("echo", request.field("v")).body(request.body())), executor);
        server.registerProcessor(FAIL, RequestProcessor.sync((ctx, request) -> {
            throw new IllegalArgumentException("missing header field 'topic'");
        }), executor);
        server.registerProcessor(NEVER, (ctx, request) -> new CompletableFuture<>(), executor);
        server.registerProcessor(RECORD, RequestProcessor.sync((ctx, request) -> {
            recorded.add(request);
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        }), executor);
        server.registerProcessor(LATER, (ctx, request) -> CompletableFuture.supplyAsync(
                () -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS, "late"),
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)), executor);
        address = "127.0.0.1:" + server.start().getPort();
        client = new RemotingClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown(Duration.ofSeconds(2));
        executor.shutdownNow();
    }

    @Test
    void aSecondListenerSharesTheProcessorsAndRequestsKnowWhichListenerTheyCameThrough() throws Exception {
        int whichListener = 1005;
        server.registerProcessor(whichListener, RequestProcessor.sync((ctx, request) ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS,
                        RequestContext.addressString(ctx.listenerAddress()))), executor);
        java.net.InetSocketAddress second = server.listenAlso("127.0.0.2", 0);
        String secondAddress = "127.0.0.2:" + second.getPort();

        assertThat(client.invokeSync(address, RemotingCommand.request(whichListener, Map.of()), 3000).remark())
                .isEqualTo(address);
        assertThat(client.invokeSync(secondAddress, RemotingCommand.request(whichListener, Map.of()), 3000).remark())
                .isEqualTo(secondAddress);
        assertThat(client.invokeSync(secondAddress, RemotingCommand.request(ECHO, Map.of("v", "x")), 3000)
                .field("echo")).isEqualTo("x");
        assertThatThrownBy(() -> server.listenAlso("127.0.0.2", second.getPort()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot listen on 127.0.0.2:"
                        + second.getPort());
    }

    @Test
    void requestGetsItsResponseInBothHeaderEncodings() throws Exception {
        for (SerializeType type : SerializeType.values()) {
            RemotingCommand response = client.invokeSync(address,
                    RemotingCommand.request(ECHO, Map.of("v", type.name())).serializeType(type).body(new byte[] {7}),
                    3000);
            assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(response.field("echo")).isEqualTo(type.name());
            assertThat(response.body()).containsExactly(7);
            assertThat(response.serializeType()).isEqualTo(type);
        }
    }

    @Test
    void unknownCodeIsAnsweredNotSupported() throws Exception {
        RemotingCommand response = client.invokeSync(address, RemotingCommand.request(4242), 3000);
        assertThat(response.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(response.remark()).contains("4242").contains("not supported");
    }

    @Test
    void processorErrorBecomesSystemErrorWithItsMessage() throws Exception {
        RemotingCommand response = client.invokeSync(address, RemotingCommand.request(FAIL), 3000);
        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).isEqualTo("missing header field 'topic'");
    }

    @Test
    void asynchronousResponsesArriveWhenReady() throws Exception {
        CompletableFuture<RemotingCommand> first = client.invokeAsync(address, RemotingCommand.request(LATER), 3000);
        RemotingCommand echo = client.invokeSync(address, RemotingCommand.request(ECHO), 3000);
        assertThat(echo.code()).isZero();
        assertThat(first.get(3, TimeUnit.SECONDS).remark()).isEqualTo("late");
    }

    @Test
    void silentServerTimesOutTheRequest() {
        assertThatThrownBy(() -> client.invokeSync(address, RemotingCommand.request(NEVER), 200))
                .isInstanceOf(RemotingTimeoutException.class).hasMessageContaining("within 200 ms");
    }

    @Test
    void onewayRequestIsProcessedAndNeverAnswered() throws Exception {
        client.invokeOneway(address, RemotingCommand.request(RECORD, Map.of("n", "1"))).get(3, TimeUnit.SECONDS);
        RemotingCommand seen = recorded.poll(5, TimeUnit.SECONDS);
        assertThat(seen).isNotNull();
        assertThat(seen.isOneway()).isTrue();
        // the server wrote nothing back: a raw socket sees only the answer to its own later request
        try (Socket socket = new Socket("127.0.0.1", server.localAddress().getPort())) {
            send(socket, RemotingCommand.request(RECORD).markOneway().opaque(1));
            send(socket, RemotingCommand.request(ECHO).opaque(2));
            assertThat(readResponse(socket).opaque()).isEqualTo(2);
        }
    }

    @Test
    void oversizeRequestIsRefusedAndTheConnectionKeepsWorking() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.localAddress().getPort())) {
            send(socket, RemotingCommand.request(ECHO).opaque(10).body(new byte[10_000]));
            RemotingCommand refusal = readResponse(socket);
            assertThat(refusal.opaque()).isEqualTo(10);
            assertThat(refusal.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(refusal.remark()).contains("exceeds the limit of 4096 bytes");

            send(socket, RemotingCommand.request(ECHO).opaque(11));
            RemotingCommand next = readResponse(socket);
            assertThat(next.opaque()).isEqualTo(11);
            assertThat(next.code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void garbageClosesOnlyTheOffendingConnection() throws Exception {
        client.invokeSync(address, RemotingCommand.request(ECHO), 3000);
        try (Socket socket = new Socket("127.0.0.1", server.localAddress().getPort())) {
            socket.getOutputStream().write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x00, 1, 2, 3, 4});
            socket.getOutputStream().flush();
            socket.setSoTimeout(5000);
            assertThat(socket.getInputStream().read()).as("server closed the connection").isEqualTo(-1);
        }
        RemotingCommand stillFine = client.invokeSync(address, RemotingCommand.request(ECHO), 3000);
        assertThat(stillFine.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void closedConnectionFailsPendingRequestsAtOnceAndTheClientReconnects() throws Exception {
        CompletableFuture<RemotingCommand> hanging = client.invokeAsync(address, RemotingCommand.request(NEVER),
                60_000);
        client.channel(address).get().close();
        assertThatThrownBy(() -> hanging.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(RemotingException.class);
        assertThat(client.invokeSync(address, RemotingCommand.request(ECHO), 3000).code()).isZero();
    }

    @Test
    void closeListenerHearsAboutDisconnects() throws Exception {
        CompletableFuture<Boolean> closed = new CompletableFuture<>();
        server.addCloseListener(channel -> closed.complete(true));
        client.invokeSync(address, RemotingCommand.request(ECHO), 3000);
        client.closeConnection(address);
        assertThat(closed.get(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 0);
    }

    @Test
    void connectFailureNamesTheAddress() {
        assertThatThrownBy(() -> client.invokeSync("127.0.0.1:1", RemotingCommand.request(ECHO), 3000))
                .isInstanceOf(RemotingException.class).hasMessageContaining("127.0.0.1:1");
    }

    private static void send(Socket socket, RemotingCommand command) throws IOException {
        ByteBuf frame = Unpooled.buffer();
        RemotingCommandCodec.encode(command, frame);
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        frame.release();
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private static RemotingCommand readResponse(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        DataInputStream data = new DataInputStream(in);
        int length = data.readInt();
        byte[] frame = new byte[length];
        data.readFully(frame);
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        try {
            return RemotingCommandCodec.decode(buf);
        } finally {
            buf.release();
        }
    }
}
