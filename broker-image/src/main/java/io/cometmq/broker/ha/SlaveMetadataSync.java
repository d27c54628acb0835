package io.cometmq.broker.ha;

import com.fasterxml.jackson.databind.JsonNode;
import io.cometmq.broker.BrokerServices;
import io.cometmq.broker.meta.SubscriptionGroupConfig;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.netty.RemotingClient;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slave's copy of its master's metadata: topics, consumer groups and committed consumer offsets, fetched from the
 * master's remoting port on an interval. It is what lets consumers carry on from the slave when the master is gone.
 */
public final class SlaveMetadataSync {

    private static final Logger log = LoggerFactory.getLogger(SlaveMetadataSync.class);
    private static final long TIMEOUT_MILLIS = 5_000;

    private final RemotingClient client;
    private final BrokerServices services;
    private final Supplier<String> masterAddr;
    private volatile boolean stopped;

    public SlaveMetadataSync(RemotingClient client, BrokerServices services, Supplier<String> masterAddr) {
        this.client = client;
        this.services = services;
        this.masterAddr = masterAddr;
    }

    public void stop() {
        stopped = true;
    }

    /** One round; failures are logged and retried next round (the master may simply be down). */
    public void syncOnce() {
        String master = masterAddr.get();
        if (stopped || master == null) {
            return;
        }
        try {
            syncTopics(master);
            syncGroups(master);
            syncOffsets(master);
        } catch (Exception e) {
            log.debug("metadata sync from master {} failed: {}", master, e.toString());
        }
    }

    /**
     * Topics the slave has messages for but no config (created on the master since the last sync): adopted with
     * their queue count, so consumers can read them from the slave even if the master dies before the next sync.
     */
    public void adoptReplicatedTopics() {
        if (stopped) {
            return;
        }
        services.store().topicQueueCounts().forEach((topic, queues) -> {
            if (services.topics().get(topic) == null) {
                log.info("adopting topic {} ({} queues) found in the replicated log", topic, queues);
                services.topics().getOrCreateSystemTopic(topic, queues);
            }
        });
    }

    private JsonNode fetch(String master, int code) throws Exception {
        RemotingCommand response = client.invokeSync(master, RemotingCommand.request(code), TIMEOUT_MILLIS);
        if (response.code() != ResponseCode.SUCCESS || response.body() == null) {
            throw new IOException("master answered code " + response.code() + " to request " + code + ": "
                    + response.remark());
        }
        return Json.mapper().readTree(response.body());
    }

    private void syncTopics(String master) throws Exception {
        JsonNode body = fetch(master, RequestCode.GET_ALL_TOPIC_CONFIG);
        Map<String, TopicConfig> topics = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.path("topicConfigTable").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            topics.put(entry.getKey(), Json.mapper().treeToValue(entry.getValue(), TopicConfig.class));
        }
        DataVersion version = body.hasNonNull("dataVersion")
                ? Json.mapper().treeToValue(body.get("dataVersion"), DataVersion.class) : null;
        if (!topics.isEmpty()) {
            services.topics().replaceAll(topics, version);
        }
    }

    private void syncGroups(String master) throws Exception {
        JsonNode body = fetch(master, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG);
        Map<String, SubscriptionGroupConfig> groups = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.path("subscriptionGroupTable").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode group = entry.getValue();
            SubscriptionGroupConfig defaults = SubscriptionGroupConfig.defaults(entry.getKey());
            groups.put(entry.getKey(), new SubscriptionGroupConfig(entry.getKey(),
                    group.path("consumeEnable").asBoolean(defaults.consumeEnable()),
                    group.path("consumeFromMinEnable").asBoolean(defaults.consumeFromMinEnable()),
                    group.path("consumeBroadcastEnable").asBoolean(defaults.consumeBroadcastEnable()),
                    group.path("retryQueueNums").asInt(defaults.retryQueueNums()),
                    group.path("retryMaxTimes").asInt(defaults.retryMaxTimes()),
                    group.path("brokerId").asLong(defaults.brokerId()),
                    group.path("whichBrokerWhenConsumeSlowly").asLong(defaults.whichBrokerWhenConsumeSlowly()),
                    group.path("notifyConsumerIdsChangedEnable").asBoolean(true)));
        }
        if (!groups.isEmpty()) {
            services.groups().replaceAll(groups);
        }
    }

    private void syncOffsets(String master) throws Exception {
        JsonNode table = fetch(master, RequestCode.GET_ALL_CONSUMER_OFFSET).path("offsetTable");
        Map<String, Map<Integer, Long>> offsets = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Map<Integer, Long> queues = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> q = entry.getValue().fields(); q.hasNext(); ) {
                Map.Entry<String, JsonNode> queue = q.next();
                queues.put(Integer.parseInt(queue.getKey()), queue.getValue().asLong());
            }
            offsets.put(entry.getKey(), queues);
        }
        services.offsets().replaceFrom(offsets);
    }
}
