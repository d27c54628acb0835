package io.cometmq.broker.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.netty.RequestProcessor;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which thread a send runs on: the caller's (the I/O thread) for a known topic, the pool's otherwise. */
class InlineSendProcessorTest {

    private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-send-pool"));
    private final AtomicReference<String> ranOn = new AtomicReference<>();
    private final RequestProcessor send = (context, request) -> {
        ranOn.set(Thread.currentThread().getName());
        return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, "stored"));
    };
    private final Set<String> topics = Set.of("Known", "%RETRY%group");

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aSendToAKnownTopicRunsOnTheCallingThreadInBothHeaderSpellings() throws Exception {
        InlineSendProcessor inline = new InlineSendProcessor(send, pool, topics::contains);

        RemotingCommand v2 = inline.process(null, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2,
                Map.of("a", "group", "b", "Known", "e", "0"))).get(5, TimeUnit.SECONDS);
        assertThat(v2.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(ranOn.get()).isEqualTo(Thread.currentThread().getName());

        ranOn.set(null);
        inline.process(null, RemotingCommand.request(RequestCode.SEND_MESSAGE,
                Map.of("producerGroup", "group", "topic", "Known", "queueId", "0"))).get(5, TimeUnit.SECONDS);
        assertThat(ranOn.get()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aSendThatMayCreateItsTopicOrLacksOneRunsOnThePool() throws Exception {
        InlineSendProcessor inline = new InlineSendProcessor(send, pool, topics::contains);

        RemotingCommand created = inline.process(null, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2,
                Map.of("a", "group", "b", "New", "e", "0"))).get(5, TimeUnit.SECONDS);
        assertThat(created.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(ranOn.get()).isEqualTo("test-send-pool");

        ranOn.set(null);
        inline.process(null, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, Map.of("a", "group")))
                .get(5, TimeUnit.SECONDS);
        assertThat(ranOn.get()).as("no topic field: the processor refuses it, off the I/O thread")
                .isEqualTo("test-send-pool");

        ranOn.set(null);
        inline.process(null, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2,
                Map.of("a", "group", "b", "%RETRY%group", "e", "0"))).get(5, TimeUnit.SECONDS);
        assertThat(ranOn.get()).as("a retry send may create the dead-letter topic").isEqualTo("test-send-pool");

        ranOn.set(null);
        inline.process(null, RemotingCommand.request(RequestCode.SEND_MESSAGE,
                Map.of("producerGroup", "group", "topic", "Known", "queueId", "0", "sysFlag", "4")))
                .get(5, TimeUnit.SECONDS);
        assertThat(ranOn.get()).as("a half message may create the transaction topics").isEqualTo("test-send-pool");

        ranOn.set(null);
        inline.process(null, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2,
                Map.of("a", "group", "b", "Known", "e", "0", "f", "0"))).get(5, TimeUnit.SECONDS);
        assertThat(ranOn.get()).as("sysFlag 0: an ordinary message").isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aFullPoolAnswersSystemBusyAndAFailureOnThePoolFailsTheAnswer() throws Exception {
        InlineSendProcessor full = new InlineSendProcessor(send, task -> {
            throw new RejectedExecutionException("full");
        }, topics::contains);
        RemotingCommand busy = full.process(null, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2,
                Map.of("a", "group", "b", "New", "e", "0"))).get(5, TimeUnit.SECONDS);
        assertThat(busy.code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
        assertThat(busy.remark()).contains("OVERLOAD");

        InlineSendProcessor failing = new InlineSendProcessor((context, request) -> {
            throw new IllegalStateException("disk gone");
        }, pool, topics::contains);
        CompletableFuture<RemotingCommand> failed = failing.process(null,
                RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, Map.of("a", "group", "b", "New", "e", "0")));
        assertThat(failed).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                .withMessageContaining("disk gone");
    }
}
