package io.cometmq.broker.ha;

import com.fasterxml.jackson.databind.JsonNode;
import io.cometmq.broker.auth.Acl;
import io.cometmq.broker.auth.AuthCodec;
import io.cometmq.broker.auth.AuthMetadata;
import io.cometmq.broker.auth.User;
import io.cometmq.broker.assignment.RequestModeTable;
import io.cometmq.broker.meta.ConsumerOffsetManager;
import io.cometmq.broker.meta.SubscriptionGroupConfig;
import io.cometmq.broker.meta.SubscriptionGroupManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.pop.order.OrderBatch;
import io.cometmq.broker.pop.order.PopOrderTable;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.auth.AclInfo;
import io.cometmq.protocol.auth.UserInfo;
import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.header.ConsumerOffsetHeaders.UpdateConsumerOffset;
import io.cometmq.protocol.netty.RemotingClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slave's copy of its master's metadata: topics, consumer groups, committed consumer offsets, the FIFO pop state,
 * the message request modes, users and ACLs,
 * fetched from the master's remoting port on an interval. It is what lets consumers carry on from the slave when the master is gone.
 */
public final class SlaveMetadataSync {

    private static final Logger log = LoggerFactory.getLogger(SlaveMetadataSync.class);
    private static final long TIMEOUT_MILLIS = 5_000;

    private final RemotingClient client;
    private final MessageStore store;
    private final TopicConfigManager topics;
    private final SubscriptionGroupManager groups;
    private final ConsumerOffsetManager offsets;
    private final PopOrderTable popOrder;
    private final RequestModeTable requestModes;
    private final Supplier<String> masterAddr;
    private final java.util.function.Consumer<Map<Integer, Long>> delayOffsets;
    private final AuthMetadata auth;
    private volatile boolean stopped;
    /**
     * The committed offsets as this slave last took them from the master (at start: as loaded from disk). An entry
     * that differs from it now was committed here by a client, which happens while the master is away.
     */
    private Map<String, Map<Integer, Long>> adopted;

    /**
     * @param delayOffsets receives the master's delivered offset per delay level
     * @param auth         this broker's users and ACLs, replaced by the master's each round
     */
    public SlaveMetadataSync(RemotingClient client, MessageStore store, TopicConfigManager topics,
            SubscriptionGroupManager groups, ConsumerOffsetManager offsets, PopOrderTable popOrder,
            RequestModeTable requestModes, Supplier<String> masterAddr, java.util.function.Consumer<Map<Integer, Long>> delayOffsets,
            AuthMetadata auth) {
        this.client = client;
        this.store = store;
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
        this.popOrder = popOrder;
        this.requestModes = requestModes;
        this.masterAddr = masterAddr;
        this.adopted = offsets.snapshot();
        this.delayOffsets = delayOffsets;
        this.auth = auth;
    }

    public void stop() {
        stopped = true;
    }

    /** One round; failures are logged and retried next round (the master may simply be down). */
    public synchronized void syncOnce() {
        String master = masterAddr.get();
        if (stopped || master == null) {
            return;
        }
        try {
            syncTopics(master);
            syncGroups(master);
            Map<String, Map<Integer, Long>> examined = pushLocalCommits(master);
            syncOffsets(master, examined);
            syncDelayOffsets(master);
            syncOrderInfo(master);
            requestModes.replaceAll(Json.mapper().treeToValue(fetch(master, RequestCode.GET_ALL_MESSAGE_REQUEST_MODE),
                    RequestModeTable.Wrapper.class));
        } catch (Exception e) {
            log.debug("metadata sync from master {} failed: {}", master, e.toString());
        }
        try {
            syncUsersAndAcls(master);
        } catch (Exception e) {
            log.debug("user and ACL sync from master {} failed: {}", master, e.toString());
        }
    }

    /**
     * Takes the master's users and ACLs (listed with this broker's inner credentials, a super user there) in place
     * of its own, so a user deleted on the master is refused here too from the next round on.
     */
    private void syncUsersAndAcls(String master) throws Exception {
        List<User> users = new ArrayList<>();
        for (UserInfo info : list(master, RequestCode.AUTH_LIST_USER, UserInfo[].class)) {
            users.add(AuthCodec.user(info));
        }
        List<Acl> acls = new ArrayList<>();
        for (AclInfo info : list(master, RequestCode.AUTH_LIST_ACL, AclInfo[].class)) {
            acls.add(AuthCodec.acl(info, info.subject()));
        }
        auth.replaceAll(users, acls);
    }

    /** An AUTH_LIST_* answer; Apache sends no body when the list is empty. */
    private <T> List<T> list(String master, int code, Class<T[]> type) throws Exception {
        RemotingCommand response = client.invokeSync(master, RemotingCommand.request(code), TIMEOUT_MILLIS);
        if (response.code() != ResponseCode.SUCCESS) {
            throw new IOException("master answered code " + response.code() + " to request " + code + ": "
                    + response.remark());
        }
        return response.body() == null || response.body().length == 0 ? List.of()
                : List.of(Json.decode(response.body(), type));
    }

    /**
     * Topics the slave has messages for but no config (created on the master since the last sync): adopted with
     * their queue count, so consumers can read them from the slave even if the master dies before the next sync.
     */
    public void adoptReplicatedTopics() {
        if (stopped) {
            return;
        }
        store.topicQueueCounts().forEach((topic, queues) -> {
            TopicConfig known = topics.get(topic);
            if (known == null) {
                log.info("adopting topic {} ({} queues) found in the replicated log", topic, queues);
                topics.getOrCreateSystemTopic(topic, queues);
            } else if (known.readQueueNums() < queues) {
                // adopted while only its first queues had messages: the later ones must be readable too
                log.info("topic {} has messages in {} queues in the replicated log; widening from {}", topic, queues,
                        known.readQueueNums());
                topics.update(new TopicConfig(topic, queues, Math.max(known.writeQueueNums(), queues),
                        known.perm(), known.topicFilterType(), known.topicSysFlag(), known.order(),
                        known.attributes()));
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
            this.topics.replaceAll(topics, version);
        }
    }

    private void syncGroups(String master) throws Exception {
        JsonNode body = fetch(master, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG);
        Map<String, SubscriptionGroupConfig> groups = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.path("subscriptionGroupTable").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            com.fasterxml.jackson.databind.node.ObjectNode group = entry.getValue().deepCopy();
            group.put("groupName", entry.getKey());
            groups.put(entry.getKey(), SubscriptionGroupConfig.overDefaults(group));
        }
        if (!groups.isEmpty()) {
            this.groups.replaceAll(groups);
        }
    }

    /** The master's FIFO pop state: a promoted slave keeps blocking queues whose last FIFO batch is not acked. */
    private void syncOrderInfo(String master) throws Exception {
        JsonNode table = fetch(master, RequestCode.GET_ALL_CONSUMER_ORDER_INFO).path("table");
        if (!table.isObject()) {
            throw new IOException("master answered GET_ALL_CONSUMER_ORDER_INFO without a table");
        }
        popOrder.replaceFrom(Json.mapper().convertValue(table,
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Map<Integer, OrderBatch>>>() { }));
    }

    private void syncDelayOffsets(String master) throws Exception {
        Map<Integer, Long> offsets = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fetch(master, RequestCode.GET_ALL_DELAY_OFFSET)
                .path("offsetTable").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> level = it.next();
            offsets.put(Integer.parseInt(level.getKey()), level.getValue().asLong());
        }
        if (!offsets.isEmpty()) {
            delayOffsets.accept(offsets);
        }
    }

    /**
     * Offsets clients committed here while the master was away go to the master before its table is adopted:
     * otherwise a master restarted on its old store would overwrite them here too, and the group would consume
     * everything it consumed from this slave again. Only entries changed here since the last adoption are sent, so
     * offsets the master changed itself (commits, admin resets) are not overwritten with stale copies.
     */
    private Map<String, Map<Integer, Long>> pushLocalCommits(String master) throws Exception {
        Map<String, Map<Integer, Long>> local = offsets.snapshot();
        for (Map.Entry<String, Map<Integer, Long>> entry : local.entrySet()) {
            Map<Integer, Long> before = adopted.getOrDefault(entry.getKey(), Map.of());
            int at = entry.getKey().lastIndexOf('@');
            if (at <= 0) {
                continue;
            }
            String topic = entry.getKey().substring(0, at);
            String group = entry.getKey().substring(at + 1);
            for (Map.Entry<Integer, Long> queue : entry.getValue().entrySet()) {
                if (queue.getValue().equals(before.get(queue.getKey()))) {
                    continue;
                }
                RemotingCommand response = client.invokeSync(master, RemotingCommand.request(
                        RequestCode.UPDATE_CONSUMER_OFFSET, new UpdateConsumerOffset(group, topic, queue.getKey(),
                                queue.getValue()).encode()), TIMEOUT_MILLIS);
                if (response.code() == ResponseCode.SUCCESS) {
                    log.info("handed offset {} of {} queue {} for group {}, committed here while the master was "
                            + "away, to master {}", queue.getValue(), topic, queue.getKey(), group, master);
                } else {
                    log.warn("master {} refused offset {} of {} queue {} for group {}: {} {}", master,
                            queue.getValue(), topic, queue.getKey(), group, response.code(), response.remark());
                }
            }
        }
        return local;
    }

    /**
     * Adopts the master's offsets. What counts as adopted afterwards: the master's table, plus the entries examined
     * by {@link #pushLocalCommits} that the master does not have (so a refused one is not offered every round); a
     * client commit arriving meanwhile still differs from it and goes to the master next round.
     */
    private void syncOffsets(String master, Map<String, Map<Integer, Long>> examined) throws Exception {
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
        this.offsets.replaceFrom(offsets);
        Map<String, Map<Integer, Long>> nowAdopted = new LinkedHashMap<>();
        examined.forEach((key, queues) -> nowAdopted.put(key, new LinkedHashMap<>(queues)));
        offsets.forEach((key, queues) -> nowAdopted.computeIfAbsent(key, k -> new LinkedHashMap<>()).putAll(queues));
        adopted = nowAdopted;
    }
}
