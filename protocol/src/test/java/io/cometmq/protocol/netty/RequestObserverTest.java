package io.cometmq.protocol.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.netty.RequestObserver.Result;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint tells its observer once about every handled request, as Apache's NettyRemotingAbstract does. */
class RequestObserverTest {

    private static final int OK = 1000;
    private static final int FAIL = 1001;
    private static final int HELD = 1002;
    private static final int ONEWAY_FAIL = 1003;

    record Seen(int requestCode, int responseCode, long elapsedNanos, boolean longPolling, Result result) {
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private RemotingServer server;
    private RemotingClient client;
    private String address;

    @BeforeEach
    void start() throws Exception {
        server = new RemotingServer(new RemotingServer.Config("127.0.0.1", 0, 2, 4096, Duration.ofSeconds(120)));
        server.setRequestObserver((request, response, nanos, longPolling, result) ->
                seen.add(new Seen(request, response, nanos, longPolling, result)));
        server.registerProcessor(OK, RequestProcessor.sync((ctx, request) ->
                request.isOneway() ? null : RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)),
                executor);
        server.registerProcessor(FAIL, RequestProcessor.sync((ctx, request) -> {
            throw new IllegalStateException("broken");
        }), executor);
        server.registerProcessor(ONEWAY_FAIL, RequestProcessor.sync((ctx, request) -> {
            throw new IllegalStateException("broken");
        }), executor);
        server.registerProcessor(HELD, (ctx, request) -> {
            ctx.markLongPolling();
            return CompletableFuture.supplyAsync(() -> RemotingCommand.responseTo(request,
                    ResponseCode.PULL_NOT_FOUND, null), CompletableFuture.delayedExecutor(30, TimeUnit.MILLISECONDS));
        }, executor);
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
    void answeredRequestIsObservedOnceAfterItsResponseWasWritten() throws Exception {
        client.invokeSync(address, RemotingCommand.request(OK, Map.of()), 3000);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
        assertThat(seen.get(0)).extracting(Seen::requestCode, Seen::responseCode, Seen::longPolling, Seen::result)
                .containsExactly(OK, ResponseCode.SUCCESS, false, Result.SUCCESS);
        assertThat(seen.get(0).elapsedNanos()).isPositive();
    }

    @Test
    void heldRequestIsMarkedLongPollingAndTimedFromArrival() throws Exception {
        client.invokeSync(address, RemotingCommand.request(HELD, Map.of()), 3000);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
        assertThat(seen.get(0)).extracting(Seen::responseCode, Seen::longPolling, Seen::result)
                .containsExactly(ResponseCode.PULL_NOT_FOUND, true, Result.SUCCESS);
        assertThat(seen.get(0).elapsedNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
    }

    @Test
    void failingProcessorIsObservedAsTheSystemErrorItAnswered() throws Exception {
        RemotingCommand response = client.invokeSync(address, RemotingCommand.request(FAIL, Map.of()), 3000);
        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
        assertThat(seen.get(0)).extracting(Seen::responseCode, Seen::result)
                .containsExactly(ResponseCode.SYSTEM_ERROR, Result.SUCCESS);
    }

    @Test
    void onewayRequestsAreObservedAsOnewayAndFailedOnesAsProcessRequestFailed() throws Exception {
        client.invokeOneway(address, RemotingCommand.request(OK, Map.of())).get(3, TimeUnit.SECONDS);
        client.invokeOneway(address, RemotingCommand.request(ONEWAY_FAIL, Map.of())).get(3, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
        assertThat(seen).extracting(Seen::requestCode, Seen::responseCode, Seen::result).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(OK, ResponseCode.SUCCESS, Result.ONEWAY),
                org.assertj.core.groups.Tuple.tuple(ONEWAY_FAIL, ResponseCode.SYSTEM_ERROR,
                        Result.PROCESS_REQUEST_FAILED));
    }

    @Test
    void unknownCodeIsObservedWithItsRefusal() throws Exception {
        client.invokeSync(address, RemotingCommand.request(4242, Map.of()), 3000);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
        assertThat(seen.get(0)).extracting(Seen::requestCode, Seen::responseCode, Seen::result)
                .containsExactly(4242, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, Result.SUCCESS);
    }
}
