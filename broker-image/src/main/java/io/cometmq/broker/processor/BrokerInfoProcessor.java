package io.cometmq.broker.processor;

import com.sun.management.UnixOperatingSystemMXBean;
import io.cometmq.broker.BrokerConfig;
import io.cometmq.broker.BrokerStats;
import io.cometmq.broker.RoleState;
import io.cometmq.broker.ha.ReplicationService;
import io.cometmq.broker.metrics.SystemNames;
import io.cometmq.broker.store.MessageStore;
import java.lang.management.ManagementFactory;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.stats.BrokerRuntimeStats;
import io.cometmq.broker.store.StoreStats;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.RuntimeInfoKeys;
import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.KVTable;
import io.cometmq.protocol.body.TopicList;
import io.cometmq.protocol.header.BrokerConfigHeaders.GetBrokerConfigResponse;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * Broker-wide information: GET_BROKER_RUNTIME_INFO (what mqadmin clusterList / brokerStatus print),
 * GET_BROKER_CONFIG, UPDATE_BROKER_CONFIG (refused: settings are fixed at start) and
 * GET_SYSTEM_TOPIC_LIST_FROM_BROKER.
 */
public final class BrokerInfoProcessor implements RequestProcessor.SyncRequestProcessor {


    /** The version we present ourselves as (RocketMQ 5.3.3) and its display name. */
    private static final String VERSION_DESC = "V5_3_3";

    private final BrokerConfig config;
    private final Clock clock;
    private final MessageStore store;
    private final TopicConfigManager topics;
    private final BrokerStats stats;
    private final RoleState role;
    private final ReplicationService replication;
    private final BrokerRuntimeStats runtime;
    private final Map<String, IntSupplier> queueSizes;
    private final DataVersion configVersion;

    /**
     * @param queueSizes pending requests per thread pool, keyed "send", "pull", "query" (mqadmin shows the first
     *                   two as back-pressure)
     */
    public BrokerInfoProcessor(BrokerConfig config, Clock clock, MessageStore store, TopicConfigManager topics,
            BrokerStats stats, RoleState role, ReplicationService replication, BrokerRuntimeStats runtime,
            Map<String, IntSupplier> queueSizes) {
        this.config = config;
        this.clock = clock;
        this.store = store;
        this.topics = topics;
        this.stats = stats;
        this.role = role;
        this.replication = replication;
        this.runtime = runtime;
        this.queueSizes = queueSizes;
        this.configVersion = DataVersion.initial(stats.bootTimestamp());
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_BROKER_RUNTIME_INFO -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS,
                    null).body(Json.encode(new KVTable(runtimeInfo())));
            case RequestCode.GET_BROKER_CONFIG -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                    .putFields(new GetBrokerConfigResponse(new String(Json.encode(configVersion),
                            StandardCharsets.UTF_8)).encode())
                    .body(propertiesText(config.asMap()).getBytes(StandardCharsets.UTF_8));
            case RequestCode.UPDATE_BROKER_CONFIG -> RemotingCommand.responseTo(request,
                    ResponseCode.REQUEST_CODE_NOT_SUPPORTED, "CometMQ broker settings are read-only at runtime; "
                            + "change the configuration file or environment and restart the broker");
            case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER -> RemotingCommand.responseTo(request,
                    ResponseCode.SUCCESS, null).body(Json.encode(new TopicList(systemTopics(), null)));
            default -> throw new IllegalStateException("not a broker info code: " + request.code());
        };
    }

    /** The keys RocketMQ's broker reports (wire protocol doc §7.3); values we do not track are 0. */
    Map<String, String> runtimeInfo() {
        Map<String, String> info = new TreeMap<>();
        long now = clock.millis();
        long boot = stats.bootTimestamp();
        info.put("brokerVersionDesc", VERSION_DESC);
        info.put("brokerVersion", Integer.toString(RemotingCommand.CURRENT_VERSION));
        info.put("brokerActive", Boolean.toString(role.isMaster()));
        info.put("bootTimestamp", Long.toString(boot));
        info.put("runtime", formatRuntime(Duration.ofMillis(Math.max(0, now - boot))));

        info.put("msgPutTotalYesterdayMorning", Long.toString(runtime.puts().yesterdayMorning()));
        info.put("msgPutTotalTodayMorning", Long.toString(runtime.puts().todayMorning()));
        info.put("msgPutTotalTodayNow", Long.toString(stats.messagesPut()));
        info.put("msgGetTotalYesterdayMorning", Long.toString(runtime.gets().yesterdayMorning()));
        info.put("msgGetTotalTodayMorning", Long.toString(runtime.gets().todayMorning()));
        info.put("msgGetTotalTodayNow", Long.toString(stats.messagesGot()));
        info.put("putTps", BrokerRuntimeStats.tpsTriple(runtime.puts()));
        info.put("getTransferredTps", BrokerRuntimeStats.tpsTriple(runtime.gets()));

        StoreStats.Snapshot store = this.store.stats();
        info.put("putMessageTimesTotal", Long.toString(store.putMessages()));
        info.put("putMessageSizeTotal", Long.toString(store.putBytes()));
        info.put("putMessageFailedTimes", Long.toString(store.putFailures()));
        info.put("putMessageAverageSize", Double.toString(store.putMessages() == 0 ? 0
                : (double) store.putBytes() / store.putMessages()));
        info.put("putMessageDistributeTime", store.putLatency().entrySet().stream()
                .map(e -> "[" + e.getKey() + "]:" + e.getValue()).collect(Collectors.joining(" ")));

        long minOffset = this.store.commitLogMinOffset();
        long maxOffset = this.store.commitLogMaxOffset();
        info.put("commitLogMinOffset", Long.toString(minOffset));
        info.put("commitLogMaxOffset", Long.toString(maxOffset));
        info.put("dispatchBehindBytes", Long.toString(Math.max(0, maxOffset - this.store.dispatchedOffset())));
        info.put("earliestMessageTimeStamp", Long.toString(this.store.earliestMessageTime()));
        info.put("startAcceptSendRequestTimeStamp", "0");
        info.put("pageCacheLockTimeMills", "0");

        Path storeRoot = config.store().storePathRootDir();
        info.put("commitLogDiskRatio", Double.toString(usedRatio(config.store().commitLogDir(),
                storeRoot)));
        info.put("consumeQueueDiskRatio", Double.toString(usedRatio(config.store().consumeQueueDir(),
                storeRoot)));

        putQueue(info, "send", "sendThreadPoolQueue");
        putQueue(info, "pull", "pullThreadPoolQueue");
        putQueue(info, "pull", "litePullThreadPoolQueue");
        putQueue(info, "query", "queryThreadPoolQueue");
        putQueue(info, "ack", "ackThreadPoolQueue");
        info.put("EndTransactionQueueSize", "0");

        // no timer wheel: RocketMQ reports these zeros when timerWheelEnable is off
        info.put("timerReadBehind", "0");
        info.put("timerOffsetBehind", "0");
        info.put("timerCongestNum", "0");
        info.put("timerEnqueueTps", "0.0");
        info.put("timerDequeueTps", "0.0");
        info.putAll(replication.runtimeInfo());
        // what the operator's failover controller reads: the role now, the epoch it holds it under, writes allowed
        info.put(RuntimeInfoKeys.BROKER_ROLE, role.role().name());
        info.put(RuntimeInfoKeys.CONTROLLER_EPOCH, Integer.toString(role.controllerEpoch()));
        info.put(RuntimeInfoKeys.MASTER_WRITABLE, Boolean.toString(role.writable()));
        // CometMQ extension: the file limit the broker really runs with (the operator shows it in status)
        info.put(RuntimeInfoKeys.NOFILE_LIMIT, Long.toString(fileDescriptorLimit()));
        return info;
    }

    /** The process's open-file limit (RLIMIT_NOFILE as the JVM runs with it), -1 where the JVM cannot tell. */
    static long fileDescriptorLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : -1;
    }

    private void putQueue(Map<String, String> info, String pool, String prefix) {
        IntSupplier size = queueSizes.get(pool);
        info.put(prefix + "Size", Integer.toString(size == null ? 0 : size.getAsInt()));
        info.put(prefix + "HeadWaitTimeMills", "0");
    }

    /** Share of the disk holding {@code dir} (or, before it exists, {@code fallback}) in use; -1 if unknown. */
    private static double usedRatio(Path dir, Path fallback) {
        try {
            FileStore disk = Files.getFileStore(Files.exists(dir) ? dir : fallback);
            long total = disk.getTotalSpace();
            return total <= 0 ? -1 : (double) (total - disk.getUnallocatedSpace()) / total;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String formatRuntime(Duration up) {
        return "[ " + up.toDays() + " days, " + up.toHoursPart() + " hours, " + up.toMinutesPart() + " minutes, "
                + up.toSecondsPart() + " seconds ]";
    }

    private Set<String> systemTopics() {
        // RocketMQ's fixed system topic names (TopicValidator), and this broker's rmq_sys_* topics
        Set<String> topics = new TreeSet<>(SystemNames.FIXED_TOPICS);
        this.topics.all().keySet().stream().filter(t -> t.startsWith(SystemNames.SYSTEM_TOPIC_PREFIX))
                .forEach(topics::add);
        return topics;
    }

    /** {@code key=value} lines as java.util.Properties reads them (RocketMQ's format for GET_BROKER_CONFIG). */
    static String propertiesText(Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(settings).forEach((key, value) -> text.append(escape(key)).append('=')
                .append(escape(value == null ? "" : value)).append('\n'));
        return text.toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
