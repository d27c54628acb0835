package io.cometmq.bench;

import java.time.Duration;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;

/**
 * The producer load of {@link ProduceBenchmark} through the gRPC SDK 5.0.8: one {@link Producer} shared by the
 * threads, synchronous {@code send}, plaintext to the target's gRPC endpoint. A send that returns is stored (the
 * SDK throws on any other status), so only exceptions count as failures.
 */
final class GrpcProduceBenchmark {

    private final ProduceBenchmark.Settings settings;

    GrpcProduceBenchmark(ProduceBenchmark.Settings settings) {
        this.settings = settings;
    }

    static ClientConfiguration clientConfiguration(String endpoint, int requestTimeoutMillis) {
        return ClientConfiguration.newBuilder().setEndpoints(endpoint).enableSsl(false)
                .setRequestTimeout(Duration.ofMillis(requestTimeoutMillis)).build();
    }

    ProduceBenchmark.Result run(String endpoint, String topic) throws Exception {
        ClientServiceProvider provider = ClientServiceProvider.loadService();
        try (Producer producer = provider.newProducerBuilder()
                .setClientConfiguration(clientConfiguration(endpoint, settings.sendTimeoutMillis()))
                .setTopics(topic).build()) {
            return new ProduceBenchmark(settings).run(body -> {
                producer.send(provider.newMessageBuilder().setTopic(topic).setTag("bench").setBody(body).build());
                return null;
            });
        }
    }
}
