package io.cometmq.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.broker.BrokerConfig;
import io.cometmq.broker.client.ClientChannel;
import io.cometmq.broker.client.ConsumerManager;
import io.cometmq.broker.meta.ConsumerOffsetManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.store.DefaultMessageStore;
import io.cometmq.broker.store.PutResult;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.protocol.LanguageCode;
import io.cometmq.protocol.body.ConsumerData;
import io.cometmq.protocol.body.SubscriptionData;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.config.Settings;
import io.micrometer.core.instrument.Tags;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lag snapshot over 250 topics x 8 queues x 1 online group, every queue one message behind: right figures,
 * and its cost logged (not asserted: machines differ).
 */
class ConsumerLagCostTest {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLagCostTest.class);
    /** 250, not thousands: creating each topic rewrites the whole topic file, so set-up grows with the square. */
    private static final int TOPICS = 250;
    private static final int QUEUES = 8;

    @TempDir
    Path dir;

    @Test
    void snapshotOfAThousandTopicsTimesEightQueues() {
        BrokerConfig config = BrokerConfig.from(Settings.fromMap(Map.of("brokerName", "broker-lag",
                "storePathRootDir", dir.toString(), "mappedFileSizeCommitLog", Integer.toString(64 * 1024 * 1024)),
                "test"));
        Clock clock = Clock.systemUTC();
        DefaultMessageStore store = new DefaultMessageStore(config.store());
        store.start();
        try {
            TopicConfigManager topics = new TopicConfigManager(dir.resolve("config"), clock);
            ConsumerOffsetManager offsets = new ConsumerOffsetManager(dir.resolve("config"));
            ConsumerManager consumers = new ConsumerManager(clock, (channel, request) -> { });
            String group = "lag-cost-group";
            Set<SubscriptionData> subscriptions = new HashSet<>();
            List<CompletableFuture<PutResult>> puts = new ArrayList<>();
            InetSocketAddress host = new InetSocketAddress("127.0.0.1", 10911);
            for (int t = 0; t < TOPICS; t++) {
                String topic = "LagCost-" + t;
                topics.update(TopicConfig.of(topic, QUEUES, TopicConfig.PERM_READ | TopicConfig.PERM_WRITE));
                subscriptions.add(SubscriptionData.ofTagExpression(topic, "*", 1));
                for (int q = 0; q < QUEUES; q++) {
                    puts.add(store.put(MessageToStore.builder(topic).queueId(q)
                            .body("m".getBytes(StandardCharsets.UTF_8)).properties(Map.of())
                            .bornTimestamp(clock.millis()).bornHost(host).storeHost(host).build()));
                    offsets.commit(group, topic, q, 0);
                    offsets.recordPull(group, topic, q, 0);
                }
            }
            puts.forEach(CompletableFuture::join);
            assertThat(store.awaitDispatched(30_000)).isTrue();
            consumers.heartbeat(new ClientChannel(new EmbeddedChannel(), "client-1", LanguageCode.JAVA, 479,
                    clock.millis()), new ConsumerData(group, "CONSUME_PASSIVELY", "CLUSTERING",
                    "CONSUME_FROM_LAST_OFFSET", subscriptions, false));
            BrokerGaugeSources sources = new BrokerGaugeSources(config, clock, store, topics, null, offsets,
                    consumers, null, null, null, null, null, null, Map.of(), null);
            ConsumerLag lag = new ConsumerLag(sources);

            Map<Tags, ConsumerLag.Row> rows = lag.compute(); // warm-up
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                rows = lag.compute();
                best = Math.min(best, System.nanoTime() - start);
            }
            log.info("lag snapshot of {} topics x {} queues x 1 group: {} ms (best of 5)", TOPICS, QUEUES,
                    best / 1_000_000.0);

            assertThat(rows).hasSize(TOPICS);
            assertThat(rows.values()).allSatisfy(row -> {
                assertThat(row.lag()).isEqualTo(QUEUES);
                assertThat(row.ready()).isEqualTo(QUEUES);
                assertThat(row.inflight()).isZero();
                assertThat(row.lagLatencyMillis()).isNotNegative();
            });
        } finally {
            store.shutdown();
        }
    }
}
