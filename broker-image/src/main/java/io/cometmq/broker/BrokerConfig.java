package io.cometmq.broker;

import io.cometmq.broker.store.FlushDiskType;
import io.cometmq.broker.store.StoreConfig;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.Settings;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Broker settings, loaded once. Keys are RocketMQ's own names, so a RocketMQ {@code broker.conf} works as it is;
 * RocketMQ keys CometMQ does not use are accepted with a warning ({@link #ignoredKeys()}), anything else is an error.
 */
public record BrokerConfig(
        String brokerClusterName,
        String brokerName,
        long brokerId,
        List<String> namesrvAddrs,
        String brokerIP1,
        String brokerIP2,
        String listenHost,
        int listenPort,
        int haListenPort,
        BrokerRole brokerRole,
        int brokerPermission,
        boolean autoCreateTopicEnable,
        boolean autoCreateSubscriptionGroup,
        int defaultTopicQueueNums,
        boolean clusterTopicEnable,
        boolean brokerTopicEnable,
        long registerNameServerPeriod,
        long brokerNotActiveTimeoutMillis,
        boolean longPollingEnable,
        long shortPollingTimeMills,
        boolean slaveReadEnable,
        int accessMessageInMemoryMaxRatio,
        long flushConsumerOffsetInterval,
        long channelExpiredTimeout,
        String regionId,
        boolean traceOn,
        int sendMessageThreadPoolNums,
        int pullMessageThreadPoolNums,
        int adminBrokerThreadPoolNums,
        int maxFrameLength,
        String haMasterAddress,
        long slaveTimeout,
        long slaveMetadataSyncInterval,
        String messageDelayLevel,
        long timerMaxDelaySec,
        long transactionCheckInterval,
        long transactionTimeOut,
        int transactionCheckMax,
        StoreConfig store,
        List<String> ignoredKeys) {

    /** Keys CometMQ reads. */
    public static final Set<String> KEYS = Set.of("brokerClusterName", "brokerName", "brokerId", "namesrvAddr",
            "brokerIP1", "brokerIP2", "listenHost", "listenPort", "haListenPort", "brokerRole", "brokerPermission",
            "autoCreateTopicEnable", "autoCreateSubscriptionGroup", "defaultTopicQueueNums", "clusterTopicEnable",
            "brokerTopicEnable", "registerNameServerPeriod", "brokerNotActiveTimeoutMillis", "longPollingEnable",
            "shortPollingTimeMills", "slaveReadEnable", "accessMessageInMemoryMaxRatio",
            "flushConsumerOffsetInterval", "channelExpiredTimeout", "regionId", "traceOn",
            "sendMessageThreadPoolNums", "pullMessageThreadPoolNums", "adminBrokerThreadPoolNums", "maxFrameLength",
            "haMasterAddress", "slaveTimeout", "slaveMetadataSyncInterval", "messageDelayLevel", "timerMaxDelaySec",
            "transactionCheckInterval", "transactionTimeOut", "transactionCheckMax",
            // store
            "storePathRootDir", "flushDiskType", "mappedFileSizeCommitLog", "mappedFileSizeConsumeQueue",
            "maxHashSlotNum", "maxIndexNum", "syncFlushTimeout", "flushIntervalCommitLog", "maxMessageSize",
            "fileReservedTime", "diskMaxUsedSpaceRatio", "diskCleanSpaceRatio", "deleteWhen",
            "cleanResourceInterval", "flushConsumeQueueInterval");

    /**
     * RocketMQ broker.conf keys that have no effect in CometMQ (features it does differently or not at all).
     * Accepted so migrating users can keep their file; each is logged once at start-up.
     */
    public static final Set<String> ROCKETMQ_KEYS_WITHOUT_EFFECT = Set.of("storePathCommitLog",
            "storePathConsumeQueue", "storePathIndex", "storeCheckpoint", "abortFile", "fastFailIfNoBufferInStorePool",
            "transientStorePoolEnable", "useReentrantLockWhenPutMessage", "sendMessageThreadPoolNums_",
            "useEpollNativeSelector", "osPageCacheBusyTimeOutMills", "waitTimeMillsInSendQueue",
            "warmMapedFileEnable", "maxTransferCountOnMessageInMemory", "maxTransferBytesOnMessageInMemory",
            "enableDLegerCommitLog", "dLegerGroup", "dLegerPeers", "dLegerSelfId", "enablePropertyFilter",
            "filterSupportRetry", "isEnableBatchPush", "namesrvAddrMode", "rocketmqHome", "enableControllerMode",
            "aclEnable", "traceTopicEnable", "msgTraceTopicName", "autoDeleteUnusedStats", "enableLmq",
            "enableMultiDispatch", "timerWheelEnable", "enableSlaveActingMaster", "haHousekeepingInterval",
            "haTransferBatchSize", "serverWorkerThreads", "serverSelectorThreads", "clientWorkerThreads",
            "queryMessageThreadPoolNums", "processReplyMessageThreadPoolNums", "clientManageThreadPoolNums",
            "consumerManageThreadPoolNums", "heartbeatThreadPoolNums", "endTransactionThreadPoolNums",
            "commercialEnable", "duplicationEnable", "compressedRegister", "forceRegister",
            "notifyConsumerIdsChangedEnable", "transferMsgByHeap", "offsetCheckInSlave", "isEnableControllerMode",
            "brokerHeartbeatInterval", "deleteCommitLogFilesInterval", "deleteConsumeQueueFilesInterval",
            "redeleteHangedFileInterval", "checkCRCOnRecover", "mappedFileSizeTimerLog", "timerPrecisionMs",
            "messageIndexEnable", "messageIndexSafe", "rejectTransactionMessage",
            "haSendHeartbeatInterval", "maxReconsumeTimes");

    public static BrokerConfig defaults() {
        return from(Settings.empty());
    }

    /** Builds a config; an unknown key or bad value fails with the key named. */
    public static BrokerConfig from(Settings settings) {
        Set<String> accepted = new TreeSet<>(KEYS);
        accepted.addAll(ROCKETMQ_KEYS_WITHOUT_EFFECT);
        settings.rejectUnknownKeys(accepted);
        List<String> ignored = new ArrayList<>();
        for (String key : new TreeSet<>(ROCKETMQ_KEYS_WITHOUT_EFFECT)) {
            if (settings.contains(key)) {
                ignored.add(key);
            }
        }

        BrokerRole role = settings.enumValue("brokerRole", BrokerRole.class, BrokerRole.ASYNC_MASTER);
        long brokerId = settings.longValue("brokerId", role == BrokerRole.SLAVE ? 1 : 0, 0, 1024);
        if (role == BrokerRole.SLAVE && brokerId == 0) {
            throw new ConfigException("key 'brokerId' must be 1 or more for brokerRole SLAVE (0 is the master)");
        }
        if (role != BrokerRole.SLAVE && brokerId != 0) {
            throw new ConfigException("key 'brokerId' must be 0 for brokerRole " + role
                    + " (slaves use brokerRole SLAVE)");
        }
        int listenPort = settings.intValue("listenPort", 10911, 0, 65535);
        String brokerIP1 = settings.string("brokerIP1", null);
        if (brokerIP1 == null || brokerIP1.isBlank()) {
            brokerIP1 = defaultAddress();
        }
        String brokerName = settings.string("brokerName", "broker-a");
        if (!brokerName.matches("[A-Za-z0-9_.%|-]+")) {
            throw new ConfigException("key 'brokerName' may only use letters, digits, '.', '_', '-', was '"
                    + brokerName + "'");
        }

        FlushDiskType flush = settings.enumValue("flushDiskType", FlushDiskType.class, FlushDiskType.ASYNC_FLUSH);
        int cqBytes = settings.intValue("mappedFileSizeConsumeQueue", 300_000 * 20, 20, 300_000_000);
        int diskMaxUsed = settings.intValue("diskMaxUsedSpaceRatio", 90, 10, 99);
        int diskClean = settings.intValue("diskCleanSpaceRatio", Math.min(75, diskMaxUsed), 5, 99);
        if (diskClean > diskMaxUsed) {
            throw new ConfigException("key 'diskCleanSpaceRatio' (" + diskClean
                    + ") must not exceed 'diskMaxUsedSpaceRatio' (" + diskMaxUsed + ")");
        }
        StoreConfig store = new StoreConfig(
                Path.of(settings.string("storePathRootDir",
                        Path.of(System.getProperty("user.home"), "store").toString())),
                settings.intValue("mappedFileSizeCommitLog", 1 << 30, 64 * 1024, Integer.MAX_VALUE),
                cqBytes / 20,
                settings.intValue("maxHashSlotNum", 5_000_000, 16, 50_000_000),
                settings.intValue("maxIndexNum", 20_000_000, 16, 200_000_000),
                flush,
                settings.longValue("syncFlushTimeout", 5000, 1, 600_000),
                settings.longValue("flushIntervalCommitLog", 500, 1, 60_000),
                settings.longValue("flushConsumeQueueInterval", 1000, 1, 60_000),
                settings.intValue("maxMessageSize", 4 * 1024 * 1024, 1, 64 * 1024 * 1024),
                true,
                settings.intValue("fileReservedTime", 72, 1, 24 * 365),
                diskClean / 100.0,
                diskMaxUsed / 100.0,
                settings.string("deleteWhen", "04"),
                settings.longValue("cleanResourceInterval", 10_000, 100, 3_600_000),
                3,
                800);

        io.cometmq.broker.delay.DelayLevels.parse(
                settings.string("messageDelayLevel", io.cometmq.broker.delay.DelayLevels.DEFAULT)); // fail fast
        return new BrokerConfig(
                settings.string("brokerClusterName", "DefaultCluster"),
                brokerName,
                brokerId,
                parseNamesrvAddr(settings.string("namesrvAddr", "")),
                brokerIP1,
                settings.string("brokerIP2", brokerIP1),
                settings.string("listenHost", "0.0.0.0"),
                listenPort,
                settings.intValue("haListenPort", listenPort == 0 ? 0 : listenPort + 1, 0, 65535),
                role,
                settings.intValue("brokerPermission", 6, 0, 7),
                settings.booleanValue("autoCreateTopicEnable", true),
                settings.booleanValue("autoCreateSubscriptionGroup", true),
                settings.intValue("defaultTopicQueueNums", 8, 1, 1024),
                settings.booleanValue("clusterTopicEnable", true),
                settings.booleanValue("brokerTopicEnable", true),
                settings.longValue("registerNameServerPeriod", 30_000, 1_000, 60_000),
                settings.longValue("brokerNotActiveTimeoutMillis", 120_000, 1_000, 3_600_000),
                settings.booleanValue("longPollingEnable", true),
                settings.longValue("shortPollingTimeMills", 1000, 1, 60_000),
                settings.booleanValue("slaveReadEnable", false),
                settings.intValue("accessMessageInMemoryMaxRatio", 40, 0, 100),
                settings.longValue("flushConsumerOffsetInterval", 5000, 100, 600_000),
                settings.longValue("channelExpiredTimeout", 120_000, 1_000, 3_600_000),
                settings.string("regionId", "DefaultRegion"),
                settings.booleanValue("traceOn", true),
                settings.intValue("sendMessageThreadPoolNums", 4, 1, 256),
                settings.intValue("pullMessageThreadPoolNums", 16, 1, 256),
                settings.intValue("adminBrokerThreadPoolNums", 4, 1, 64),
                settings.intValue("maxFrameLength", 16 * 1024 * 1024, 64 * 1024, 256 * 1024 * 1024),
                settings.string("haMasterAddress", ""),
                settings.longValue("slaveTimeout", 3000, 1, 600_000),
                settings.longValue("slaveMetadataSyncInterval", 10_000, 100, 3_600_000),
                settings.string("messageDelayLevel", io.cometmq.broker.delay.DelayLevels.DEFAULT),
                settings.longValue("timerMaxDelaySec", 3 * 86_400, 1, 365L * 86_400),
                settings.longValue("transactionCheckInterval", 30_000, 100, 3_600_000),
                settings.longValue("transactionTimeOut", 6_000, 0, 3_600_000),
                settings.intValue("transactionCheckMax", 15, 1, 1000),
                store,
                List.copyOf(ignored));
    }

    private static List<String> parseNamesrvAddr(String value) {
        List<String> addrs = new ArrayList<>();
        for (String part : value.split(";")) {
            String addr = part.trim();
            if (addr.isEmpty()) {
                continue;
            }
            int colon = addr.lastIndexOf(':');
            if (colon <= 0 || !addr.substring(colon + 1).matches("\\d{1,5}")) {
                throw new ConfigException("key 'namesrvAddr' must be host:port;host:port, and '" + addr
                        + "' is not host:port");
            }
            addrs.add(addr);
        }
        return Collections.unmodifiableList(addrs);
    }

    /** The first non-loopback IPv4 address, as RocketMQ picks brokerIP1 when it is not set. */
    private static String defaultAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to loopback
        }
        return "127.0.0.1";
    }

    /** What clients use to reach this broker: {@code brokerIP1:listenPort}. */
    public String brokerAddr(int boundPort) {
        return brokerIP1 + ":" + boundPort;
    }

    /**
     * The address written into stored records (clients build message ids from its IP bytes), so a DNS name in
     * brokerIP1 is resolved once, at start-up.
     */
    public InetSocketAddress storeHost(int boundPort) {
        try {
            return new InetSocketAddress(InetAddress.getByName(brokerIP1), boundPort);
        } catch (java.net.UnknownHostException e) {
            throw new ConfigException("key 'brokerIP1' is '" + brokerIP1 + "', which does not resolve to an address");
        }
    }

    public boolean isWritable() {
        return (brokerPermission & 2) != 0 && brokerRole.isMaster();
    }

    public boolean isReadable() {
        return (brokerPermission & 4) != 0;
    }

    /** The effective settings, for GET_BROKER_CONFIG and the start-up log. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("brokerClusterName", brokerClusterName);
        map.put("brokerName", brokerName);
        map.put("brokerId", Long.toString(brokerId));
        map.put("namesrvAddr", String.join(";", namesrvAddrs));
        map.put("brokerIP1", brokerIP1);
        map.put("brokerIP2", brokerIP2);
        map.put("listenPort", Integer.toString(listenPort));
        map.put("haListenPort", Integer.toString(haListenPort));
        map.put("brokerRole", brokerRole.name());
        map.put("brokerPermission", Integer.toString(brokerPermission));
        map.put("autoCreateTopicEnable", Boolean.toString(autoCreateTopicEnable));
        map.put("autoCreateSubscriptionGroup", Boolean.toString(autoCreateSubscriptionGroup));
        map.put("defaultTopicQueueNums", Integer.toString(defaultTopicQueueNums));
        map.put("slaveReadEnable", Boolean.toString(slaveReadEnable));
        map.put("storePathRootDir", store.storePathRootDir().toString());
        map.put("flushDiskType", store.flushDiskType().name());
        map.put("mappedFileSizeCommitLog", Integer.toString(store.mappedFileSizeCommitLog()));
        map.put("maxMessageSize", Integer.toString(store.maxMessageSize()));
        map.put("fileReservedTime", Integer.toString(store.fileReservedTimeHours()));
        map.put("registerNameServerPeriod", Long.toString(registerNameServerPeriod));
        return map;
    }
}
