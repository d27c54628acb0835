package io.cometmq.broker;

import io.cometmq.broker.auth.AuthConfig;
import io.cometmq.broker.delay.DelayLevels;
import io.cometmq.broker.grpc.GrpcConfig;
import io.cometmq.broker.pop.PopConfig;
import io.cometmq.broker.store.FlushDiskType;
import io.cometmq.broker.store.StoreConfig;
import io.cometmq.broker.store.TransferSettings;
import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.Settings;
import io.cometmq.protocol.metrics.MetricsSettings;
import io.cometmq.protocol.tls.TlsConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Broker settings, loaded once. Keys are RocketMQ's own names, so a RocketMQ {@code broker.conf} works as it is.
 * Which keys exist, their types, defaults and ranges are in {@link BrokerConfigKeys}; RocketMQ keys CometMQ does not
 * use are accepted with a warning ({@link #ignoredKeys()}), anything else is an error.
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
        Managed managed,
        ExternalAccess externalAccess,
        AuthConfig auth,
        TlsConfig tls,
        MetricsSettings metrics,
        GrpcConfig grpc,
        PopConfig pop,
        MessageTypeSettings messageTypes,
        List<String> ignoredKeys,
        Map<String, String> effectiveSettings) {

    /**
     * Managed mode (the operator decides who is master): set when {@code roleFile} is.
     *
     * @param roleFile          the operator-rendered {@link io.cometmq.protocol.config.RoleAssignment}
     * @param memberName        this broker's name in that file (its pod name)
     * @param masterLeaseMillis how long a master takes writes after a NameServer last confirmed its mastership
     */
    public record Managed(Path roleFile, String memberName, long masterLeaseMillis) {
    }

    /**
     * Where clients outside reach this broker (section "external access" of {@link BrokerConfigKeys}).
     *
     * @param address    {@code brokerExternalAddress}, or null
     * @param file       {@code externalAddressFile} (JSON {"memberName": "host:port"}), or null; when set it decides
     * @param memberName this broker's key in the file (set whenever the file is)
     */
    public record ExternalAccess(String address, Path file, String memberName) {
        public static final ExternalAccess NONE = new ExternalAccess(null, null, null);
    }

    public static BrokerConfig defaults() {
        return from(Settings.empty());
    }

    /** Builds a config; an unknown key or bad value fails with the key named. */
    public static BrokerConfig from(Settings settings) {
        settings.rejectUnknownKeys(BrokerConfigKeys.allNames());
        BrokerSettingsReader read = new BrokerSettingsReader(settings);

        BrokerRole role = read.enumValue(BrokerConfigKeys.BROKER_ROLE, BrokerRole.class);
        Managed managed = managed(read);
        long brokerId = managed == null ? brokerId(read, role) : slaveBrokerId(read);
        int listenPort = read.intValue(BrokerConfigKeys.LISTEN_PORT);
        String brokerIP1 = read.string(BrokerConfigKeys.BROKER_IP1, null);
        if (brokerIP1 == null || brokerIP1.isBlank()) {
            brokerIP1 = read.record(BrokerConfigKeys.BROKER_IP1, defaultAddress());
        }
        String brokerName = read.string(BrokerConfigKeys.BROKER_NAME);

        StoreConfig store = storeConfig(read);

        String delayLevels = read.string(BrokerConfigKeys.MESSAGE_DELAY_LEVEL);
        DelayLevels.parse(delayLevels); // fail fast
        return new BrokerConfig(
                read.string(BrokerConfigKeys.BROKER_CLUSTER_NAME),
                brokerName,
                brokerId,
                parseNamesrvAddr(read.string(BrokerConfigKeys.NAMESRV_ADDR)),
                brokerIP1,
                read.string(BrokerConfigKeys.BROKER_IP2, brokerIP1),
                read.string(BrokerConfigKeys.LISTEN_HOST),
                listenPort,
                read.intValue(BrokerConfigKeys.HA_LISTEN_PORT, listenPort == 0 ? 0 : listenPort + 1),
                role,
                read.intValue(BrokerConfigKeys.BROKER_PERMISSION),
                read.booleanValue(BrokerConfigKeys.AUTO_CREATE_TOPIC_ENABLE),
                read.booleanValue(BrokerConfigKeys.AUTO_CREATE_SUBSCRIPTION_GROUP),
                read.intValue(BrokerConfigKeys.DEFAULT_TOPIC_QUEUE_NUMS),
                read.booleanValue(BrokerConfigKeys.CLUSTER_TOPIC_ENABLE),
                read.booleanValue(BrokerConfigKeys.BROKER_TOPIC_ENABLE),
                read.longValue(BrokerConfigKeys.REGISTER_NAME_SERVER_PERIOD),
                read.longValue(BrokerConfigKeys.BROKER_NOT_ACTIVE_TIMEOUT_MILLIS),
                read.booleanValue(BrokerConfigKeys.LONG_POLLING_ENABLE),
                read.longValue(BrokerConfigKeys.SHORT_POLLING_TIME_MILLS),
                read.booleanValue(BrokerConfigKeys.SLAVE_READ_ENABLE),
                read.intValue(BrokerConfigKeys.ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO),
                read.longValue(BrokerConfigKeys.FLUSH_CONSUMER_OFFSET_INTERVAL),
                read.longValue(BrokerConfigKeys.CHANNEL_EXPIRED_TIMEOUT),
                read.string(BrokerConfigKeys.REGION_ID),
                read.booleanValue(BrokerConfigKeys.TRACE_ON),
                read.intValue(BrokerConfigKeys.SEND_MESSAGE_THREAD_POOL_NUMS),
                read.intValue(BrokerConfigKeys.PULL_MESSAGE_THREAD_POOL_NUMS),
                read.intValue(BrokerConfigKeys.ADMIN_BROKER_THREAD_POOL_NUMS),
                read.intValue(BrokerConfigKeys.MAX_FRAME_LENGTH),
                read.string(BrokerConfigKeys.HA_MASTER_ADDRESS),
                read.longValue(BrokerConfigKeys.SLAVE_TIMEOUT),
                read.longValue(BrokerConfigKeys.SLAVE_METADATA_SYNC_INTERVAL),
                delayLevels,
                read.longValue(BrokerConfigKeys.TIMER_MAX_DELAY_SEC),
                read.longValue(BrokerConfigKeys.TRANSACTION_CHECK_INTERVAL),
                read.longValue(BrokerConfigKeys.TRANSACTION_TIME_OUT),
                read.intValue(BrokerConfigKeys.TRANSACTION_CHECK_MAX),
                store,
                managed,
                externalAccess(read),
                AuthConfig.read(read::string),
                TlsConfig.read(read::string),
                MetricsSettings.read(read::string),
                grpcConfig(read, store.maxMessageSize()),
                PopConfig.read(read::string),
                messageTypeSettings(read),
                read.ignoredKeysPresent(),
                read.effective());
    }

    /** The gRPC endpoint's keys (section "the gRPC endpoint" of {@link BrokerConfigKeys}). */
    private static GrpcConfig grpcConfig(BrokerSettingsReader read, int maxMessageSize) {
        return new GrpcConfig(
                read.intValue(BrokerConfigKeys.GRPC_SERVER_PORT),
                read.intValue(BrokerConfigKeys.GRPC_MAX_INBOUND_MESSAGE_SIZE),
                maxMessageSize,
                read.longValue(BrokerConfigKeys.MIN_INVISIBLE_TIME_MILLS_FOR_RECV),
                read.longValue(BrokerConfigKeys.MAX_INVISIBLE_TIME_MILLS),
                read.longValue(BrokerConfigKeys.DEFAULT_INVISIBLE_TIME_MILLS),
                read.booleanValue(BrokerConfigKeys.ENABLE_PROXY_AUTO_RENEW),
                read.longValue(BrokerConfigKeys.RENEW_MAX_TIME_MILLIS),
                read.longValue(BrokerConfigKeys.GRPC_CLIENT_CONSUMER_MIN_LONG_POLLING_TIMEOUT_MILLIS),
                read.longValue(BrokerConfigKeys.GRPC_CLIENT_CONSUMER_MAX_LONG_POLLING_TIMEOUT_MILLIS),
                read.intValue(BrokerConfigKeys.GRPC_CLIENT_CONSUMER_LONG_POLLING_BATCH_SIZE),
                read.intValue(BrokerConfigKeys.GRPC_CLIENT_PRODUCER_MAX_ATTEMPTS),
                read.longValue(BrokerConfigKeys.GRPC_CLIENT_PRODUCER_BACKOFF_INITIAL_MILLIS),
                read.longValue(BrokerConfigKeys.GRPC_CLIENT_PRODUCER_BACKOFF_MAX_MILLIS),
                read.intValue(BrokerConfigKeys.GRPC_CLIENT_PRODUCER_BACKOFF_MULTIPLIER),
                read.booleanValue(BrokerConfigKeys.ENABLE_TOPIC_MESSAGE_TYPE_CHECK));
    }

    /**
     * Topic message types: whether MIXED topics may be created, and whether sends are checked against a topic's
     * {@code message.type}.
     */
    public record MessageTypeSettings(boolean mixedAllowed, boolean checked) {
    }

    private static MessageTypeSettings messageTypeSettings(BrokerSettingsReader read) {
        return new MessageTypeSettings(read.booleanValue(BrokerConfigKeys.ENABLE_MIXED_MESSAGE_TYPE),
                read.booleanValue(BrokerConfigKeys.ENABLE_TOPIC_MESSAGE_TYPE_CHECK));
    }

    /** The store's settings; the disk ratios are checked against each other. */
    private static StoreConfig storeConfig(BrokerSettingsReader read) {
        FlushDiskType flush = read.enumValue(BrokerConfigKeys.FLUSH_DISK_TYPE, FlushDiskType.class);
        int cqBytes = read.intValue(BrokerConfigKeys.MAPPED_FILE_SIZE_CONSUME_QUEUE);
        int diskMaxUsed = read.intValue(BrokerConfigKeys.DISK_MAX_USED_SPACE_RATIO);
        int diskClean = read.intValue(BrokerConfigKeys.DISK_CLEAN_SPACE_RATIO,
                BrokerConfigKeys.defaultDiskCleanRatio(diskMaxUsed));
        BrokerConfigKeys.diskRatioProblem(diskClean, diskMaxUsed).ifPresent(problem -> {
            throw new ConfigException(problem);
        });
        return new StoreConfig(
                Path.of(read.string(BrokerConfigKeys.STORE_PATH_ROOT_DIR,
                        Path.of(System.getProperty("user.home"), "store").toString())),
                read.intValue(BrokerConfigKeys.MAPPED_FILE_SIZE_COMMIT_LOG),
                cqBytes / 20,
                read.intValue(BrokerConfigKeys.MAX_HASH_SLOT_NUM),
                read.intValue(BrokerConfigKeys.MAX_INDEX_NUM),
                flush,
                read.longValue(BrokerConfigKeys.SYNC_FLUSH_TIMEOUT),
                read.longValue(BrokerConfigKeys.FLUSH_INTERVAL_COMMIT_LOG),
                read.longValue(BrokerConfigKeys.FLUSH_CONSUME_QUEUE_INTERVAL),
                read.intValue(BrokerConfigKeys.MAX_MESSAGE_SIZE),
                true,
                read.intValue(BrokerConfigKeys.FILE_RESERVED_TIME),
                diskClean / 100.0,
                diskMaxUsed / 100.0,
                read.string(BrokerConfigKeys.DELETE_WHEN),
                read.longValue(BrokerConfigKeys.CLEAN_RESOURCE_INTERVAL),
                3,
                800,
                transferSettings(read),
                read.intValue(BrokerConfigKeys.FLUSH_CONSUME_QUEUE_LEAST_PAGES),
                read.longValue(BrokerConfigKeys.FLUSH_CONSUME_QUEUE_THOROUGH_INTERVAL));
    }

    /** Zero-copy and the page-cache limits of one pull; the hot share of memory is accessMessageInMemoryMaxRatio. */
    private static TransferSettings transferSettings(BrokerSettingsReader read) {
        return new TransferSettings(
                read.booleanValue(BrokerConfigKeys.TRANSFER_MSG_BY_HEAP),
                read.intValue(BrokerConfigKeys.MAX_TRANSFER_BYTES_ON_MESSAGE_IN_MEMORY),
                read.intValue(BrokerConfigKeys.MAX_TRANSFER_COUNT_ON_MESSAGE_IN_MEMORY),
                read.intValue(BrokerConfigKeys.MAX_TRANSFER_BYTES_ON_MESSAGE_IN_DISK),
                read.intValue(BrokerConfigKeys.MAX_TRANSFER_COUNT_ON_MESSAGE_IN_DISK),
                TransferSettings.hotBytes(TransferSettings.physicalMemoryBytes(),
                        read.intValue(BrokerConfigKeys.ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO)));
    }

    /** Masters are broker 0, slaves 1 or more; a mismatch fails with the key named. */
    private static long brokerId(BrokerSettingsReader read, BrokerRole role) {
        long brokerId = read.longValue(BrokerConfigKeys.BROKER_ID, role == BrokerRole.SLAVE ? 1 : 0);
        if (role == BrokerRole.SLAVE && brokerId == 0) {
            throw new ConfigException("key 'brokerId' must be 1 or more for brokerRole SLAVE (0 is the master)");
        }
        if (role != BrokerRole.SLAVE && brokerId != 0) {
            throw new ConfigException("key 'brokerId' must be 0 for brokerRole " + role
                    + " (slaves use brokerRole SLAVE)");
        }
        return brokerId;
    }

    /** Managed mode needs the member name; null (unmanaged) when {@code roleFile} is empty. */
    private static Managed managed(BrokerSettingsReader read) {
        String roleFile = read.string(BrokerConfigKeys.ROLE_FILE).trim();
        String memberName = read.string(BrokerConfigKeys.MEMBER_NAME).trim();
        long lease = read.longValue(BrokerConfigKeys.MASTER_LEASE_MILLIS);
        if (roleFile.isEmpty()) {
            return null;
        }
        if (memberName.isEmpty()) {
            throw new ConfigException("key 'memberName' must name this broker (its pod name) when 'roleFile' is set"
                    + " (roleFile=" + roleFile + ")");
        }
        return new Managed(Path.of(roleFile), memberName, lease);
    }

    /** The external address keys; a file needs the member name that keys this broker's entry. */
    private static ExternalAccess externalAccess(BrokerSettingsReader read) {
        String address = read.string(BrokerConfigKeys.BROKER_EXTERNAL_ADDRESS).trim();
        String file = read.string(BrokerConfigKeys.EXTERNAL_ADDRESS_FILE).trim();
        String memberName = read.string(BrokerConfigKeys.MEMBER_NAME).trim();
        if (!file.isEmpty() && memberName.isEmpty()) {
            throw new ConfigException("key 'memberName' must name this broker (its key in the file) when "
                    + "'externalAddressFile' is set (externalAddressFile=" + file + ")");
        }
        return new ExternalAccess(address.isEmpty() ? null : address, file.isEmpty() ? null : Path.of(file),
                memberName.isEmpty() ? null : memberName);
    }

    /** In managed mode brokerId is the id the broker registers with while it is a slave (a master uses 0). */
    private static long slaveBrokerId(BrokerSettingsReader read) {
        long brokerId = read.longValue(BrokerConfigKeys.BROKER_ID, 1);
        if (brokerId == 0) {
            throw new ConfigException("key 'brokerId' must be 1 or more when 'roleFile' is set: it is the id this "
                    + "broker registers with while it is a slave (as master it registers 0)");
        }
        return brokerId;
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

    /** Every key the broker reads with its effective value, sorted: for GET_BROKER_CONFIG and the start-up log. */
    public Map<String, String> asMap() {
        return effectiveSettings;
    }
}
