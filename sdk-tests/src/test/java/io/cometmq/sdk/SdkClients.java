package io.cometmq.sdk;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageBuilder;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.TransactionChecker;

/**
 * The unmodified Apache RocketMQ gRPC SDK 5.0.8, configured as a user would: only the endpoint (and TLS off unless a
 * test wants the SDK's default). Every client it builds is closed by {@link #close()}, newest first.
 */
final class SdkClients implements AutoCloseable {

    static final ClientServiceProvider PROVIDER = ClientServiceProvider.loadService();
    /** What SimpleConsumer.receive long-polls for when nothing is there (the broker's minimum is lowered to 1 s). */
    static final Duration AWAIT = Duration.ofSeconds(2);

    static final Duration CLOSE_DEADLINE = Duration.ofSeconds(20);

    private final Deque<Closeable> open = new ArrayDeque<>();

    static ClientConfiguration config(String endpoint, boolean tls) {
        return ClientConfiguration.newBuilder().setEndpoints(endpoint).enableSsl(tls)
                .setRequestTimeout(Duration.ofSeconds(5)).build();
    }

    Producer producer(ClientConfiguration config, String topic) throws ClientException {
        return keep(PROVIDER.newProducerBuilder().setClientConfiguration(config).setTopics(topic).build());
    }

    Producer transactionalProducer(ClientConfiguration config, String topic, TransactionChecker checker)
            throws ClientException {
        return keep(PROVIDER.newProducerBuilder().setClientConfiguration(config).setTopics(topic)
                .setTransactionChecker(checker).build());
    }

    SimpleConsumer simpleConsumer(ClientConfiguration config, String group, String topic) throws ClientException {
        return keep(PROVIDER.newSimpleConsumerBuilder().setClientConfiguration(config).setConsumerGroup(group)
                .setAwaitDuration(AWAIT).setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL)).build());
    }

    PushConsumer pushConsumer(ClientConfiguration config, String group, String topic, MessageListener listener)
            throws ClientException {
        return keep(PROVIDER.newPushConsumerBuilder().setClientConfiguration(config).setConsumerGroup(group)
                .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL)).setConsumptionThreadCount(4)
                .setMessageListener(listener).build());
    }

    static MessageBuilder message(String topic, String body) {
        return PROVIDER.newMessageBuilder().setTopic(topic).setBody(body.getBytes(StandardCharsets.UTF_8));
    }

    static String body(MessageView view) {
        return StandardCharsets.UTF_8.decode(view.getBody().duplicate()).toString();
    }

    private <T extends Closeable> T keep(T client) {
        open.push(client);
        return client;
    }

    /**
     * Closes every client, newest first. An SDK client's close waits for every gRPC call on its channel to end,
     * without a deadline: a stream the server never completes would hang the suite, so each close gets
     * {@link #CLOSE_DEADLINE} and a client that overruns it fails the test, naming it.
     */
    @Override
    public void close() throws IOException {
        List<String> problems = new ArrayList<>();
        while (!open.isEmpty()) {
            Closeable client = open.pop();
            CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
                try {
                    client.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, command -> {
                Thread thread = new Thread(command, "sdk-client-close");
                thread.setDaemon(true);
                thread.start();
            });
            try {
                closed.get(CLOSE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                problems.add(client + " did not close within " + CLOSE_DEADLINE + " (a gRPC call of its channel "
                        + "never ended)");
            } catch (ExecutionException e) {
                problems.add(client + " failed to close: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while closing SDK clients", e);
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }
}
