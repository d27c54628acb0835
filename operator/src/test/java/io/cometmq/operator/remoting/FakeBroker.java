package io.cometmq.operator.remoting;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.auth.RequestSignature;
import io.cometmq.protocol.netty.RemotingServer;
import io.cometmq.protocol.netty.RequestProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A remoting server with canned answers: request code → (response code, body text). Codes without an answer
 * get REQUEST_CODE_NOT_SUPPORTED from the server itself, as from a broker that lacks the processor.
 */
final class FakeBroker implements AutoCloseable {
    record Answer(int code, String body) {}

    private final RemotingServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    /** Per code, per value of the request's discriminating header field (or "" for any). */
    private final Map<Integer, Map<String, Answer>> answers = new ConcurrentHashMap<>();
    final String address;

    FakeBroker() throws InterruptedException {
        this(io.cometmq.protocol.tls.ServerTls.DISABLED);
    }

    /** A server whose port follows {@code tls} (tls.server.mode and certificate). */
    FakeBroker(io.cometmq.protocol.tls.ServerTls tls) throws InterruptedException {
        server = new RemotingServer(RemotingServer.Config.onPort("127.0.0.1", 0).withTls(tls));
        address = "127.0.0.1:" + server.start().getPort();
    }

    /** Answers {@code code} for requests whose {@code field} equals {@code value} (null field: every request). */
    FakeBroker answer(int code, String field, String value, int responseCode, String body) {
        boolean fresh = !answers.containsKey(code);
        answers.computeIfAbsent(code, c -> new ConcurrentHashMap<>()).put(value == null ? "" : value,
                new Answer(responseCode, body));
        if (fresh) {
            server.registerProcessor(code, RequestProcessor.sync((context, request) -> {
                Map<String, Answer> byValue = answers.get(code);
                Answer answer = field == null ? byValue.get("") : byValue.getOrDefault(String.valueOf(request.field(field)),
                        byValue.get(""));
                if (answer == null) {
                    return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "no canned answer");
                }
                RemotingCommand response = RemotingCommand.responseTo(request, answer.code(), null);
                return answer.body() == null ? response : response.body(answer.body().getBytes(StandardCharsets.UTF_8));
            }), executor);
        }
        return this;
    }

    /** Refuses (NO_PERMISSION) every request not signed with {@code secretKey}, as an authenticating broker does. */
    FakeBroker requireSignature(String secretKey) {
        server.setRequestGuard((context, request) -> RequestSignature.verify(request, secretKey) ? null
                : RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION, "check signature failed."));
        return this;
    }

    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(1));
        executor.shutdownNow();
    }
}
