package io.cometmq.protocol.config;

import io.cometmq.protocol.config.ConfigKey.Use;
import io.cometmq.protocol.config.ValueType.AddressList;
import io.cometmq.protocol.config.ValueType.Flag;
import io.cometmq.protocol.config.ValueType.HostPort;
import io.cometmq.protocol.config.ValueType.OneOf;
import io.cometmq.protocol.config.ValueType.Text;
import io.cometmq.protocol.config.ValueType.Whole;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Every key a broker configuration (broker.conf / broker.yaml, {@code spec.broker.config}) may hold: the one
 * place to add a key. The broker reads its settings through these entries (types, defaults, ranges), reports them
 * in GET_BROKER_CONFIG and its start-up log; the operator validates {@code spec.broker.config} against them and
 * refuses the keys it owns; a test checks the README's broker key table against them.
 */
public final class BrokerConfigKeys {

    private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();

    // identity and addresses
    public static final ConfigKey BROKER_CLUSTER_NAME = ownedKey("brokerClusterName", Text.ANY, "DefaultCluster",
            "cluster the broker belongs to");
    public static final ConfigKey BROKER_NAME = ownedKey("brokerName",
            Text.matching("[A-Za-z0-9_.%|-]+", "letters, digits, '.', '_', '-'"), "broker-a",
            "broker group name (master and slaves share it)");
    public static final ConfigKey BROKER_ID = ownedDerived("brokerId", Whole.ofLong(0, 1024),
            "0 (1 when brokerRole is SLAVE)", "0 = master, 1 or more = slave");
    public static final ConfigKey BROKER_ROLE = ownedKey("brokerRole",
            new OneOf(List.of("ASYNC_MASTER", "SYNC_MASTER", "SLAVE")), "ASYNC_MASTER",
            "SYNC_MASTER acknowledges a send once a slave has it");
    public static final ConfigKey NAMESRV_ADDR = ownedKey("namesrvAddr", AddressList.INSTANCE, "",
            "NameServers; the broker registers with every one, every registerNameServerPeriod");
    public static final ConfigKey BROKER_IP1 = ownedDerived("brokerIP1", Text.ANY, "first non-loopback IPv4 address",
            "address clients use (a DNS name is fine; it is resolved once for message ids)");
    public static final ConfigKey BROKER_IP2 = derived("brokerIP2", Text.ANY, "brokerIP1",
            "address slaves use to reach this master");
    public static final ConfigKey LISTEN_HOST = key("listenHost", Text.ANY, "0.0.0.0", "address to bind");
    public static final ConfigKey LISTEN_PORT = ownedKey("listenPort", Whole.ofInt(0, 65535), "10911",
            "remoting port (0: any free port)");
    public static final ConfigKey HA_LISTEN_PORT = derived("haListenPort", Whole.ofInt(0, 65535),
            "listenPort + 1 (0 when listenPort is 0)", "replication port (masters listen, slaves connect)");
    public static final ConfigKey HA_MASTER_ADDRESS = key("haMasterAddress", Text.ANY, "",
            "a slave's fixed master HA address, host:port (empty: from the NameServers)");
    public static final ConfigKey REGION_ID = key("regionId", Text.ANY, "DefaultRegion",
            "region reported to clients");

    // external access: clients outside the network the brokers live in (Kubernetes NodePort/LoadBalancer, NAT)
    public static final ConfigKey BROKER_EXTERNAL_ADDRESS = key("brokerExternalAddress", HostPort.OPTIONAL, "",
            "address clients outside reach this broker at, host:port; registered with the NameServers next to the "
                    + "internal one (empty: none, outside clients do not see this broker)");
    public static final ConfigKey EXTERNAL_ADDRESS_FILE = ownedKey("externalAddressFile", Text.ANY, "",
            "operator-rendered JSON {\"<memberName>\": \"host:port\"}, re-read every 10 s; this broker's entry wins "
                    + "over brokerExternalAddress, a missing entry means none (needs memberName)");

    // topics, groups, permissions
    public static final ConfigKey BROKER_PERMISSION = key("brokerPermission", Whole.ofInt(0, 7), "6",
            "permission bits: 4 read, 2 write (6 = read and write)");
    public static final ConfigKey AUTO_CREATE_TOPIC_ENABLE = key("autoCreateTopicEnable", Flag.INSTANCE, "true",
            "create unknown topics on first send (from the TBW102 template)");
    public static final ConfigKey AUTO_CREATE_SUBSCRIPTION_GROUP = key("autoCreateSubscriptionGroup", Flag.INSTANCE,
            "true", "create consumer groups on first use");
    public static final ConfigKey DEFAULT_TOPIC_QUEUE_NUMS = key("defaultTopicQueueNums", Whole.ofInt(1, 1024), "8",
            "queues of auto-created topics (at most)");
    public static final ConfigKey CLUSTER_TOPIC_ENABLE = key("clusterTopicEnable", Flag.INSTANCE, "true",
            "register a topic named after the cluster");
    public static final ConfigKey BROKER_TOPIC_ENABLE = key("brokerTopicEnable", Flag.INSTANCE, "true",
            "register a topic named after the broker");
    public static final ConfigKey TRACE_ON = key("traceOn", Flag.INSTANCE, "true",
            "reported to clients: message tracing allowed");

    // NameServer registration and client channels
    public static final ConfigKey REGISTER_NAME_SERVER_PERIOD = key("registerNameServerPeriod",
            Whole.ofLong(1_000, 60_000), "30000", "ms between registrations with every NameServer");
    public static final ConfigKey BROKER_NOT_ACTIVE_TIMEOUT_MILLIS = key("brokerNotActiveTimeoutMillis",
            Whole.ofLong(1_000, 3_600_000), "120000", "ms of silence after which NameServers drop this broker");
    public static final ConfigKey CHANNEL_EXPIRED_TIMEOUT = key("channelExpiredTimeout",
            Whole.ofLong(1_000, 3_600_000), "120000", "ms without a heartbeat before a client connection is dropped");

    // pulling
    public static final ConfigKey LONG_POLLING_ENABLE = key("longPollingEnable", Flag.INSTANCE, "true",
            "hold empty pulls until a message arrives (at most the client's suspend time)");
    public static final ConfigKey SHORT_POLLING_TIME_MILLS = key("shortPollingTimeMills",
            Whole.ofLong(1, 60_000), "1000", "ms an empty pull waits when long polling is off");
    public static final ConfigKey SLAVE_READ_ENABLE = key("slaveReadEnable", Flag.INSTANCE, "false",
            "let the master send slow consumers to the slave");
    public static final ConfigKey ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO = key("accessMessageInMemoryMaxRatio",
            Whole.ofInt(0, 100), "40", "% of memory behind which a consumer counts as slow (read from the slave)");
    public static final ConfigKey TRANSFER_MSG_BY_HEAP = key("transferMsgByHeap", Flag.INSTANCE, "false",
            "true: copy pulled messages into the response body (Apache's default); false: send them straight from "
                    + "the mapped commit log");
    public static final ConfigKey MAX_TRANSFER_BYTES_ON_MESSAGE_IN_MEMORY = key("maxTransferBytesOnMessageInMemory",
            Whole.ofInt(1, Integer.MAX_VALUE), "262144",
            "bytes one pull or pop returns at most from a queue when its data is in memory (the first message "
                    + "always goes)");
    public static final ConfigKey MAX_TRANSFER_COUNT_ON_MESSAGE_IN_MEMORY = key("maxTransferCountOnMessageInMemory",
            Whole.ofInt(1, Integer.MAX_VALUE), "32",
            "messages one pull or pop returns at most from a queue when its data is in memory");
    public static final ConfigKey MAX_TRANSFER_BYTES_ON_MESSAGE_IN_DISK = key("maxTransferBytesOnMessageInDisk",
            Whole.ofInt(1, Integer.MAX_VALUE), "65536",
            "bytes one pull or pop returns at most from a queue when its data is further behind the log's end "
                    + "than accessMessageInMemoryMaxRatio % of memory (the first message always goes)");
    public static final ConfigKey MAX_TRANSFER_COUNT_ON_MESSAGE_IN_DISK = key("maxTransferCountOnMessageInDisk",
            Whole.ofInt(1, Integer.MAX_VALUE), "8",
            "messages one pull or pop returns at most from a queue when its data is on disk");
    public static final ConfigKey FLUSH_CONSUMER_OFFSET_INTERVAL = key("flushConsumerOffsetInterval",
            Whole.ofLong(100, 600_000), "5000", "ms between writes of consumer offsets to disk");

    // threads and frames
    public static final ConfigKey SEND_MESSAGE_THREAD_POOL_NUMS = key("sendMessageThreadPoolNums",
            Whole.ofInt(1, 256), "4",
            "send-handler threads (batches, replies, sends that may create a topic; other sends run on I/O threads)");
    public static final ConfigKey PULL_MESSAGE_THREAD_POOL_NUMS = key("pullMessageThreadPoolNums",
            Whole.ofInt(1, 256), "16", "pull-handler threads");
    public static final ConfigKey ADMIN_BROKER_THREAD_POOL_NUMS = key("adminBrokerThreadPoolNums",
            Whole.ofInt(1, 64), "4", "admin-request threads");
    public static final ConfigKey MAX_FRAME_LENGTH = key("maxFrameLength",
            Whole.ofInt(64 * 1024, 256 * 1024 * 1024), "16777216", "largest request accepted, in bytes");

    // replication
    public static final ConfigKey SLAVE_TIMEOUT = key("slaveTimeout", Whole.ofLong(1, 600_000), "3000",
            "ms a SYNC_MASTER waits for a slave's acknowledgement");
    public static final ConfigKey ROLE_FILE = ownedKey("roleFile", Text.ANY, "",
            "operator-rendered role assignment (master member and controller epoch, see RoleAssignment); when set "
                    + "it decides brokerRole and whether brokerId 0 is registered (empty: brokerRole/brokerId decide)");
    public static final ConfigKey MEMBER_NAME = ownedKey("memberName", Text.ANY, "",
            "this broker's name in the role file (the pod name); required when roleFile is set");
    public static final ConfigKey MASTER_LEASE_MILLIS = ownedKey("masterLeaseMillis", Whole.ofLong(1_000, 600_000),
            "10000", "with roleFile: ms a master keeps taking writes after a NameServer last confirmed its "
                    + "mastership (controller epoch); must be shorter than the operator's failover delay");
    public static final ConfigKey SLAVE_METADATA_SYNC_INTERVAL = key("slaveMetadataSyncInterval",
            Whole.ofLong(100, 3_600_000), "10000", "ms between a slave's copies of the master's metadata");

    // delay, timer and transaction messages
    public static final ConfigKey MESSAGE_DELAY_LEVEL = key("messageDelayLevel",
            Text.matching("\\s*0*[1-9]\\d{0,9}[smhd](\\s+0*[1-9]\\d{0,9}[smhd])*\\s*",
                    "durations like '1s 5s 1m 2h' (s, m, h, d) separated by spaces"),
            "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h", "delay levels 1, 2, ... in order");
    public static final ConfigKey TIMER_MAX_DELAY_SEC = key("timerMaxDelaySec", Whole.ofLong(1, 365L * 86_400),
            "259200", "furthest delivery time, in seconds, a timer message may ask for");
    public static final ConfigKey TRANSACTION_CHECK_INTERVAL = key("transactionCheckInterval",
            Whole.ofLong(100, 3_600_000), "30000", "ms between check-backs of undecided transactions");
    public static final ConfigKey TRANSACTION_TIME_OUT = key("transactionTimeOut", Whole.ofLong(0, 3_600_000),
            "6000", "ms a half message waits before its producer is asked");
    public static final ConfigKey TRANSACTION_CHECK_MAX = key("transactionCheckMax", Whole.ofInt(1, 1000), "15",
            "check-backs before a transaction is parked in TRANS_CHECK_MAX_TIME_TOPIC");

    // store
    public static final ConfigKey STORE_PATH_ROOT_DIR = ownedDerived("storePathRootDir", Text.ANY, "~/store",
            "commit log, consume queues, index, checkpoint and config/*.json");
    public static final ConfigKey FLUSH_DISK_TYPE = ownedKey("flushDiskType",
            new OneOf(List.of("ASYNC_FLUSH", "SYNC_FLUSH")), "ASYNC_FLUSH",
            "SYNC_FLUSH acknowledges only after fsync (group commit)");
    public static final ConfigKey MAPPED_FILE_SIZE_COMMIT_LOG = key("mappedFileSizeCommitLog",
            Whole.ofInt(64 * 1024, Integer.MAX_VALUE), "1073741824", "commit-log segment size, in bytes");
    public static final ConfigKey MAPPED_FILE_SIZE_CONSUME_QUEUE = key("mappedFileSizeConsumeQueue",
            Whole.ofInt(20, 300_000_000), "6000000", "consume-queue file size, in bytes (20 per entry)");
    public static final ConfigKey MAX_HASH_SLOT_NUM = key("maxHashSlotNum", Whole.ofInt(16, 50_000_000), "5000000",
            "hash slots per index file");
    public static final ConfigKey MAX_INDEX_NUM = key("maxIndexNum", Whole.ofInt(16, 200_000_000), "20000000",
            "entries per index file");
    public static final ConfigKey SYNC_FLUSH_TIMEOUT = key("syncFlushTimeout", Whole.ofLong(1, 600_000), "5000",
            "ms a SYNC_FLUSH send waits for its fsync");
    public static final ConfigKey FLUSH_INTERVAL_COMMIT_LOG = key("flushIntervalCommitLog", Whole.ofLong(1, 60_000),
            "500", "ms between commit-log flushes with ASYNC_FLUSH");
    public static final ConfigKey FLUSH_CONSUME_QUEUE_INTERVAL = key("flushConsumeQueueInterval",
            Whole.ofLong(1, 60_000), "1000", "ms between consume-queue flushes");
    public static final ConfigKey FLUSH_CONSUME_QUEUE_LEAST_PAGES = key("flushConsumeQueueLeastPages",
            Whole.ofInt(0, 1 << 20), "2", "a periodic flush skips a consume queue with fewer unflushed pages (0 = none)");
    public static final ConfigKey FLUSH_CONSUME_QUEUE_THOROUGH_INTERVAL = key("flushConsumeQueueThoroughInterval",
            Whole.ofLong(1, 3_600_000), "60000",
            "ms between flushes of every consume queue and the index, each moving the recovery safe point");
    public static final ConfigKey MAX_MESSAGE_SIZE = key("maxMessageSize", Whole.ofInt(1, 64 * 1024 * 1024),
            "4194304", "larger bodies are refused with MESSAGE_ILLEGAL");
    public static final ConfigKey FILE_RESERVED_TIME = key("fileReservedTime", Whole.ofInt(1, 24 * 365), "72",
            "hours a commit-log segment is kept; older ones are deleted at deleteWhen");
    public static final ConfigKey DELETE_WHEN = key("deleteWhen",
            Text.matching("\\s*\\*\\s*|\\s*([01]?\\d|2[0-3])\\s*(;\\s*([01]?\\d|2[0-3])\\s*)*",
                    "hours 0-23 separated by ';', or '*'"), "04", "hours of the day when expired segments go");
    public static final ConfigKey DISK_MAX_USED_SPACE_RATIO = key("diskMaxUsedSpaceRatio", Whole.ofInt(10, 99), "90",
            "% disk use above which writes are refused (reads keep working)");
    public static final ConfigKey DISK_CLEAN_SPACE_RATIO = derived("diskCleanSpaceRatio", Whole.ofInt(5, 99),
            "min(75, diskMaxUsedSpaceRatio)", "% disk use above which segments go early, whatever their age");
    public static final ConfigKey CLEAN_RESOURCE_INTERVAL = key("cleanResourceInterval",
            Whole.ofLong(100, 3_600_000), "10000", "ms between retention checks");

    // security: ACL 2.0 (README "Authentication and authorization") and TLS on remoting (README "TLS")
    public static final ConfigKey AUTHENTICATION_ENABLED = ownedKey("authenticationEnabled", Flag.INSTANCE, "false",
            "every request except route queries must carry a valid AccessKey/Signature (Apache's ACL 2.0)");
    public static final ConfigKey AUTHORIZATION_ENABLED = ownedKey("authorizationEnabled", Flag.INSTANCE, "false",
            "normal users may do only what their ACLs allow (super users: everything)");
    public static final ConfigKey INIT_AUTHENTICATION_USER = ownedKey("initAuthenticationUser", Text.ANY, "",
            "secret: {\"username\":...,\"password\":...}, a super user created at start-up if it does not exist");
    public static final ConfigKey INNER_CLIENT_AUTHENTICATION_CREDENTIALS = ownedKey(
            "innerClientAuthenticationCredentials", Text.ANY, "",
            "secret: {\"accessKey\":...,\"secretKey\":...}, a super user the broker signs its own requests with "
                    + "(slave to master, broker to NameServer) and the operator uses");
    public static final ConfigKey AUTHENTICATION_PROVIDER = key("authenticationProvider",
            apacheDefault("org.apache.rocketmq.auth.authentication.provider.DefaultAuthenticationProvider"), "",
            "only Apache's default (or empty) is accepted: CometMQ's built-in ACL 2.0 authentication");
    public static final ConfigKey AUTHENTICATION_METADATA_PROVIDER = key("authenticationMetadataProvider",
            apacheDefault("org.apache.rocketmq.auth.authentication.provider.LocalAuthenticationMetadataProvider"), "",
            "only Apache's default (or empty) is accepted: users are stored under storePathRootDir/config");
    public static final ConfigKey AUTHORIZATION_PROVIDER = key("authorizationProvider",
            apacheDefault("org.apache.rocketmq.auth.authorization.provider.DefaultAuthorizationProvider"), "",
            "only Apache's default (or empty) is accepted: CometMQ's built-in ACL 2.0 authorization");
    public static final ConfigKey AUTHORIZATION_METADATA_PROVIDER = key("authorizationMetadataProvider",
            apacheDefault("org.apache.rocketmq.auth.authorization.provider.LocalAuthorizationMetadataProvider"), "",
            "only Apache's default (or empty) is accepted: ACLs are stored under storePathRootDir/config");
    public static final ConfigKey AUTHENTICATION_WHITELIST = key("authenticationWhitelist", Text.ANY, "",
            "request codes, comma-separated, that need no credentials");
    public static final ConfigKey AUTHORIZATION_WHITELIST = key("authorizationWhitelist", Text.ANY, "",
            "request codes, comma-separated, that any authenticated user may send");
    public static final ConfigKey TLS_SERVER_MODE = ownedKey("tls.server.mode",
            new OneOf(List.of("disabled", "permissive", "enforcing")), "disabled",
            "remoting port: plain only, TLS and plain on the same port, or TLS only");
    public static final ConfigKey TLS_SERVER_CERT_PATH = ownedKey("tls.server.certPath", Text.ANY, "",
            "PEM certificate chain the remoting and HA ports present; re-read when it changes");
    public static final ConfigKey TLS_SERVER_KEY_PATH = ownedKey("tls.server.keyPath", Text.ANY, "",
            "PEM private key (PKCS#8) of tls.server.certPath; re-read when it changes");
    public static final ConfigKey TLS_SERVER_KEY_PASSWORD = key("tls.server.keyPassword", Text.ANY, "",
            "secret: password of an encrypted tls.server.keyPath (empty: not encrypted)");
    public static final ConfigKey TLS_SERVER_TRUST_CERT_PATH = ownedKey("tls.server.trustCertPath", Text.ANY, "",
            "PEM CA certificates client certificates are checked against");
    public static final ConfigKey TLS_SERVER_NEED_CLIENT_AUTH = ownedKey("tls.server.need.client.auth",
            new OneOf(List.of("none", "optional", "require")), "none",
            "whether TLS clients must present a certificate");
    public static final ConfigKey TLS_ENABLE = ownedKey("tls.enable", Flag.INSTANCE, "false",
            "the broker's own connections (to NameServers, slave to master, HA) use TLS");
    public static final ConfigKey TLS_CLIENT_TRUST_CERT_PATH = ownedKey("tls.client.trustCertPath", Text.ANY, "",
            "PEM CA certificates the broker's own TLS connections trust (empty: the JVM's trust store)");
    public static final ConfigKey TLS_CLIENT_AUTH_SERVER = ownedKey("tls.client.authServer", Flag.INSTANCE, "false",
            "the broker's own TLS connections verify the server's certificate (Apache's default: false)");
    public static final ConfigKey TLS_CLIENT_CERT_PATH = ownedKey("tls.client.certPath", Text.ANY, "",
            "PEM certificate the broker's own TLS connections present (servers requiring client auth)");
    public static final ConfigKey TLS_CLIENT_KEY_PATH = ownedKey("tls.client.keyPath", Text.ANY, "",
            "PEM private key (PKCS#8) of tls.client.certPath");
    public static final ConfigKey TLS_CLIENT_KEY_PASSWORD = key("tls.client.keyPassword", Text.ANY, "",
            "secret: password of an encrypted tls.client.keyPath");
    public static final ConfigKey TLS_RELOAD_INTERVAL = key("tlsReloadInterval", Whole.ofLong(100, 3_600_000),
            "10000", "ms between checks of the PEM files for a rotated certificate");

    // topic message types and POP consumption (RocketMQ 5; README "gRPC clients and POP consumption")
    public static final ConfigKey ENABLE_MIXED_MESSAGE_TYPE = key("enableMixedMessageType", Flag.INSTANCE, "false",
            "let topics be created with +message.type=MIXED (every kind of message on one topic)");
    public static final ConfigKey ENABLE_TOPIC_MESSAGE_TYPE_CHECK = key("enableTopicMessageTypeCheck",
            Flag.INSTANCE, "true", "refuse a send whose kind (normal, FIFO, delay, transaction) the topic's "
                    + "message.type does not take; gRPC producers are told to check it themselves");
    public static final ConfigKey REVIVE_QUEUE_NUM = key("reviveQueueNum", Whole.ofInt(1, 64), "8",
            "queues of the revive log (rmq_sys_REVIVE_LOG_<cluster>) that records POP check points and acks");
    public static final ConfigKey REVIVE_INTERVAL = key("reviveInterval", Whole.ofLong(100, 60_000), "1000",
            "ms between scans of the revive log for popped messages whose invisible time is over");
    public static final ConfigKey POP_POLLING_SIZE = key("popPollingSize", Whole.ofInt(1, 1_000_000), "1024",
            "POP requests held per topic, group and queue when nothing is there (more: POLLING_FULL)");
    public static final ConfigKey MAX_POP_POLLING_SIZE = key("maxPopPollingSize", Whole.ofInt(1, 10_000_000),
            "100000", "POP requests held in all (more: POLLING_FULL)");
    public static final ConfigKey POP_FROM_RETRY_PROBABILITY = key("popFromRetryProbability", Whole.ofInt(0, 100),
            "20", "% of POP requests that look at the group's retry topic first");
    public static final ConfigKey INIT_POP_OFFSET_BY_CHECK_MSG_IN_MEM = key("initPopOffsetByCheckMsgInMem",
            Flag.INSTANCE, "true", "a new POP group starts at a queue's first message while it is still in memory "
                    + "(else at the last one)");
    public static final ConfigKey ENABLE_RETRY_TOPIC_V2 = key("enableRetryTopicV2", Flag.INSTANCE, "false",
            "unacked POP messages come back through %RETRY%group+topic instead of %RETRY%group_topic");
    public static final ConfigKey RETRIEVE_MESSAGE_FROM_POP_RETRY_TOPIC_V1 = key(
            "retrieveMessageFromPopRetryTopicV1", Flag.INSTANCE, "true", "POP also reads %RETRY%group_topic");

    // the gRPC endpoint for RocketMQ 5 SDKs (Apache's proxy keys; every broker answers for the whole cluster)
    public static final ConfigKey GRPC_SERVER_PORT = ownedKey("grpcServerPort", Whole.ofInt(-1, 65535), "-1",
            "port of the gRPC endpoint (apache.rocketmq.v2.MessagingService); -1: none, 0: any free port");
    public static final ConfigKey GRPC_MAX_INBOUND_MESSAGE_SIZE = key("grpcMaxInboundMessageSize",
            Whole.ofInt(1024 * 1024, Integer.MAX_VALUE), "136314880", "largest gRPC request accepted, in bytes");
    public static final ConfigKey MIN_INVISIBLE_TIME_MILLS_FOR_RECV = key("minInvisibleTimeMillsForRecv",
            Whole.ofLong(0, 43_200_000), "10000", "shortest invisible duration a ReceiveMessage may ask for, in ms");
    public static final ConfigKey MAX_INVISIBLE_TIME_MILLS = key("maxInvisibleTimeMills",
            Whole.ofLong(1_000, 7L * 86_400_000), "43200000", "longest invisible duration a client may ask for, in ms");
    public static final ConfigKey DEFAULT_INVISIBLE_TIME_MILLS = key("defaultInvisibleTimeMills",
            Whole.ofLong(1_000, 43_200_000), "60000",
            "invisible duration of messages received by push consumers (renewed by the broker while they work)");
    public static final ConfigKey ENABLE_PROXY_AUTO_RENEW = key("enableProxyAutoRenew", Flag.INSTANCE, "true",
            "renew the invisible time of push consumers' messages until they ack (at most renewMaxTimeMillis)");
    public static final ConfigKey RENEW_MAX_TIME_MILLIS = key("renewMaxTimeMillis", Whole.ofLong(1_000, 86_400_000),
            "10800000", "how long a push consumer's message is kept invisible by renewals, in ms");
    public static final ConfigKey GRPC_CLIENT_CONSUMER_MIN_LONG_POLLING_TIMEOUT_MILLIS = key(
            "grpcClientConsumerMinLongPollingTimeoutMillis", Whole.ofLong(0, 600_000), "5000",
            "shortest long-polling time of a ReceiveMessage, in ms");
    public static final ConfigKey GRPC_CLIENT_CONSUMER_MAX_LONG_POLLING_TIMEOUT_MILLIS = key(
            "grpcClientConsumerMaxLongPollingTimeoutMillis", Whole.ofLong(1_000, 600_000), "20000",
            "longest long-polling time of a ReceiveMessage, in ms");
    public static final ConfigKey GRPC_CLIENT_CONSUMER_LONG_POLLING_BATCH_SIZE = key(
            "grpcClientConsumerLongPollingBatchSize", Whole.ofInt(1, 32), "32",
            "messages a push consumer receives per request (the Settings sent to it)");
    public static final ConfigKey GRPC_CLIENT_PRODUCER_MAX_ATTEMPTS = key("grpcClientProducerMaxAttempts",
            Whole.ofInt(1, 100), "3", "send attempts a gRPC producer makes (the Settings sent to it)");
    public static final ConfigKey GRPC_CLIENT_PRODUCER_BACKOFF_INITIAL_MILLIS = key(
            "grpcClientProducerBackoffInitialMillis", Whole.ofLong(0, 600_000), "10",
            "a gRPC producer's first back-off between attempts, in ms");
    public static final ConfigKey GRPC_CLIENT_PRODUCER_BACKOFF_MAX_MILLIS = key("grpcClientProducerBackoffMaxMillis",
            Whole.ofLong(0, 600_000), "1000", "a gRPC producer's longest back-off between attempts, in ms");
    public static final ConfigKey GRPC_CLIENT_PRODUCER_BACKOFF_MULTIPLIER = key(
            "grpcClientProducerBackoffMultiplier", Whole.ofInt(1, 100), "2", "growth of a gRPC producer's back-off");

    // metrics: Prometheus pull endpoint, Apache RocketMQ 5's key names (docs/METRICS.md)
    public static final ConfigKey METRICS_EXPORTER_TYPE = ownedKey("metricsExporterType",
            new OneOf(List.of("DISABLE", "PROM")), "DISABLE",
            "PROM serves Prometheus metrics over HTTP (Apache's OTLP_GRPC and LOG exporters are not offered)");
    public static final ConfigKey METRICS_PROM_EXPORTER_HOST = ownedKey("metricsPromExporterHost", Text.ANY, "",
            "address the metrics endpoint binds (empty: brokerIP1)");
    public static final ConfigKey METRICS_PROM_EXPORTER_PORT = ownedKey("metricsPromExporterPort",
            Whole.ofInt(0, 65535), "5557", "port of the metrics endpoint (/metrics)");
    public static final ConfigKey METRICS_LABEL = key("metricsLabel", Text.matching(
            "|[a-zA-Z_][a-zA-Z0-9_]*:[^,:]+(,[a-zA-Z_][a-zA-Z0-9_]*:[^,:]+)*", "empty or key:value[,key:value...]"),
            "", "extra labels on every series, as key:value pairs separated by commas");
    public static final ConfigKey METRICS_IN_DELTA = key("metricsInDelta", Flag.INSTANCE, "false",
            "adds the label aggregation=\"delta\" to every series, as Apache does in PROM mode (values stay cumulative)");
    public static final ConfigKey METRICS_CARDINALITY_LIMIT = key("metricsOtelCardinalityLimit",
            Whole.ofInt(10, 10_000_000), "50000",
            "series per metric family; past it new label sets go to one series labelled otel_metric_overflow=\"true\"");

    public static final ConfigKey ENABLE_STATS_METRICS = key("enableStatsMetrics", Flag.INSTANCE, "true",
            "export processor watermarks, permission, topic and group numbers");
    public static final ConfigKey ENABLE_REQUEST_METRICS = key("enableRequestMetrics", Flag.INSTANCE, "true",
            "export messages and bytes in and out, message sizes, create times");
    public static final ConfigKey ENABLE_CONNECTION_METRICS = key("enableConnectionMetrics", Flag.INSTANCE, "true",
            "export producer and consumer connections");
    public static final ConfigKey ENABLE_LAG_AND_DLQ_METRICS = key("enableLagAndDlqMetrics", Flag.INSTANCE, "true",
            "export consumer lag, inflight, ready, queueing latency, DLQ sends (computed on every scrape)");
    public static final ConfigKey ENABLE_TRANSACTION_METRICS = key("enableTransactionMetrics", Flag.INSTANCE, "true",
            "export commits, rollbacks, finish latency, half messages");
    public static final ConfigKey ENABLE_REMOTING_METRICS = key("enableRemotingMetrics", Flag.INSTANCE, "true",
            "export rocketmq_rpc_latency");
    public static final ConfigKey ENABLE_MESSAGE_STORE_METRICS = key("enableMessageStoreMetrics", Flag.INSTANCE, "true",
            "export storage, timer and replication metrics");
    public static final ConfigKey ENABLE_POP_METRICS = key("enablePopMetrics", Flag.INSTANCE, "true",
            "export POP consumption metrics (none yet: POP arrives with the gRPC proxy)");

    /** Keys whose values are secrets: never logged, never in GET_BROKER_CONFIG answers or error messages. */
    public static final Set<String> SECRET_KEYS = Set.of(INIT_AUTHENTICATION_USER.name(),
            INNER_CLIENT_AUTHENTICATION_CREDENTIALS.name(), TLS_SERVER_KEY_PASSWORD.name(),
            TLS_CLIENT_KEY_PASSWORD.name());

    static {
        ignored("CometMQ keeps every store file under storePathRootDir", "storePathCommitLog",
                "storePathConsumeQueue", "storePathIndex", "storeCheckpoint", "abortFile");
        ignored("CometMQ has no transient store pool or alternative write paths", "fastFailIfNoBufferInStorePool",
                "transientStorePoolEnable", "useReentrantLockWhenPutMessage", "warmMapedFileEnable",
                "osPageCacheBusyTimeOutMills", "waitTimeMillsInSendQueue", "checkCRCOnRecover");
        ignored("CometMQ sizes its other thread pools itself", "sendMessageThreadPoolNums_", "useEpollNativeSelector",
                "serverWorkerThreads", "serverSelectorThreads", "clientWorkerThreads", "queryMessageThreadPoolNums",
                "processReplyMessageThreadPoolNums", "clientManageThreadPoolNums", "consumerManageThreadPoolNums",
                "heartbeatThreadPoolNums", "endTransactionThreadPoolNums");
        ignored("DLedger and controller mode do not exist in CometMQ (master/slave replication only)",
                "enableDLegerCommitLog", "dLegerGroup", "dLegerPeers", "dLegerSelfId", "enableControllerMode",
                "isEnableControllerMode", "enableSlaveActingMaster", "brokerHeartbeatInterval");
        ignored("CometMQ's SYNC_MASTER always waits for one slave (RocketMQ 4's meaning, RocketMQ 5's totalReplicas = "
                + "inSyncReplicas = 2); ASYNC_MASTER never waits", "totalReplicas", "inSyncReplicas",
                "minInSyncReplicas", "enableAutoInSyncReplicas", "haMaxGapNotInSync");
        ignored("a RocketMQ feature CometMQ does not offer", "enablePropertyFilter", "filterSupportRetry",
                "isEnableBatchPush", "traceTopicEnable", "msgTraceTopicName", "autoDeleteUnusedStats",
                "enableLmq", "enableMultiDispatch", "timerWheelEnable", "commercialEnable", "duplicationEnable",
                "rejectTransactionMessage", "messageIndexEnable", "messageIndexSafe", "mappedFileSizeTimerLog",
                "timerPrecisionMs");
        ignored("CometMQ registers, replicates and cleans up on its own schedule", "namesrvAddrMode", "rocketmqHome",
                "compressedRegister", "forceRegister", "notifyConsumerIdsChangedEnable", "offsetCheckInSlave",
                "haHousekeepingInterval", "haTransferBatchSize", "haSendHeartbeatInterval",
                "deleteCommitLogFilesInterval", "deleteConsumeQueueFilesInterval", "redeleteHangedFileInterval");
        ignored("ACL 1.0 (plain_acl.yml) is not offered: use ACL 2.0 (authenticationEnabled, authorizationEnabled)",
                "aclEnable", "migrateAuthFromV1Enabled");
        ignored("CometMQ holds every user and ACL in memory: a change applies at once on the master and within "
                + "slaveMetadataSyncInterval on its slaves", "authenticationStrategy", "authorizationStrategy",
                "userCacheMaxNum", "userCacheExpiredSecond", "userCacheRefreshSecond", "aclCacheMaxNum",
                "aclCacheExpiredSecond", "aclCacheRefreshSecond", "statefulAuthenticationCacheMaxNum",
                "statefulAuthenticationCacheExpiredSecond", "statefulAuthorizationCacheMaxNum",
                "statefulAuthorizationCacheExpiredSecond", "authConfigPath");
        ignored("TLS test mode (trust everything, self-signed certificate) is not offered", "tls.test.mode.enable");
        ignored("CometMQ exports metrics by Prometheus pull only (metricsExporterType PROM)",
                "metricsGrpcExporterTarget", "metricsGrpcExporterHeader", "metricGrpcExporterTimeOutInMills",
                "metricGrpcExporterIntervalInMills", "metricLoggingExporterIntervalInMills",
                "metricsExportBatchMaxDataPoints");
        ignored("CometMQ counts half messages from its transaction log and has no lite topics",
                "transactionMetricFlushInterval", "liteLagLatencyMetricsEnable", "liteLagCountMetricsEnable");
        ignored("CometMQ writes POP check points straight to the revive log (no merge buffer)",
                "enablePopBufferMerge", "popCkStayBufferTime", "popCkStayBufferTimeOut", "popCkMaxBufferSize",
                "popCkOffsetMaxQueueSize", "enablePopBatchAck", "enablePopLog");
        ignored("clients decide this (the consumer's maxReconsumeTimes, 16 by default)", "maxReconsumeTimes");
    }

    private BrokerConfigKeys() {
    }

    /** Every key, in table order (read and owned keys first, then the ignored ones). */
    public static List<ConfigKey> all() {
        return List.copyOf(KEYS.values());
    }

    public static Optional<ConfigKey> find(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    /** Names of the keys the broker reads (owned by the operator or not), for environment overrides. */
    public static Set<String> readNames() {
        return names(key -> !key.ignored());
    }

    /** Names of RocketMQ keys that are accepted and have no effect. */
    public static Set<String> ignoredNames() {
        return names(ConfigKey::ignored);
    }

    /** Names of the keys the operator writes from the BrokerCluster spec. */
    public static Set<String> operatorOwnedNames() {
        return names(ConfigKey::ownedByOperator);
    }

    /** Every name, read or ignored. */
    public static Set<String> allNames() {
        return Collections.unmodifiableSet(new TreeSet<>(KEYS.keySet()));
    }

    /**
     * Problems of a whole configuration, one message per bad key: unknown keys (with the closest known key),
     * values of the wrong type or out of range, and the rules between keys. Empty when the broker would start.
     */
    public static List<String> validate(Map<String, String> config) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(config).entrySet()) {
            ConfigKey key = KEYS.get(entry.getKey());
            if (key == null) {
                problems.add(unknownKeyMessage(entry.getKey()));
            } else if (entry.getValue() != null) {
                key.problem(entry.getValue()).ifPresent(problems::add);
            }
        }
        if (problems.isEmpty()) {
            diskRatioProblem(ratio(config, DISK_CLEAN_SPACE_RATIO), ratio(config, DISK_MAX_USED_SPACE_RATIO))
                    .ifPresent(problems::add);
        }
        return problems;
    }

    /** "unknown key 'flushDiskTyp' (did you mean 'flushDiskType'?)". */
    public static String unknownKeyMessage(String name) {
        return "unknown key '" + name + "'" + ClosestName.find(name, KEYS.keySet())
                .map(closest -> " (did you mean '" + closest + "'?)").orElse("");
    }

    /** diskCleanSpaceRatio may not exceed diskMaxUsedSpaceRatio, or the broker would refuse writes before cleaning. */
    public static Optional<String> diskRatioProblem(Integer clean, Integer maxUsed) {
        int max = maxUsed != null ? maxUsed : Integer.parseInt(DISK_MAX_USED_SPACE_RATIO.defaultValue());
        int effectiveClean = clean != null ? clean : defaultDiskCleanRatio(max);
        if (effectiveClean > max) {
            return Optional.of("key 'diskCleanSpaceRatio' (" + effectiveClean + ") must not exceed "
                    + "'diskMaxUsedSpaceRatio' (" + max + ")");
        }
        return Optional.empty();
    }

    /** The derived default of diskCleanSpaceRatio. */
    public static int defaultDiskCleanRatio(int diskMaxUsedSpaceRatio) {
        return Math.min(75, diskMaxUsedSpaceRatio);
    }

    private static Integer ratio(Map<String, String> config, ConfigKey key) {
        String value = config.get(key.name());
        return value == null ? null : Integer.valueOf(value.trim());
    }

    private static Set<String> names(Predicate<ConfigKey> filter) {
        Set<String> names = new TreeSet<>();
        KEYS.values().stream().filter(filter).forEach(key -> names.add(key.name()));
        return Collections.unmodifiableSet(names);
    }

    /** Empty, or exactly Apache's default implementation class (CometMQ has no pluggable providers). */
    private static ValueType apacheDefault(String className) {
        return Text.matching("|" + java.util.regex.Pattern.quote(className), "empty or " + className);
    }

    /** True for keys whose values must never be shown ({@link #SECRET_KEYS}). */
    public static boolean isSecret(String name) {
        return SECRET_KEYS.contains(name);
    }

    /** What GET_BROKER_CONFIG, GET_NAMESRV_CONFIG and start-up logs show for a secret key that is set. */
    public static final String REDACTED = "<redacted>";

    /** {@code value} as it may be shown: {@link #REDACTED} for a set secret key, else the value itself. */
    public static String shownValue(String name, String value) {
        return isSecret(name) && value != null && !value.isEmpty() ? REDACTED : value;
    }

    /**
     * Empty when {@code value} suits {@code key}, else what is wrong without the key's name ("must be ..., was
     * ..."); for a secret key the value is never quoted.
     */
    public static Optional<String> shownProblem(ConfigKey key, String value) {
        return key.type().problem(value).map(problem -> isSecret(key.name())
                ? "must be " + key.type().allowed() + " (value not shown: it is a secret)" : problem);
    }

    private static ConfigKey key(String name, ValueType type, String defaultValue, String doc) {
        return add(new ConfigKey(name, type, defaultValue, null, doc, Use.READ));
    }

    private static ConfigKey derived(String name, ValueType type, String derivedDefault, String doc) {
        return add(new ConfigKey(name, type, null, derivedDefault, doc, Use.READ));
    }

    private static ConfigKey ownedKey(String name, ValueType type, String defaultValue, String doc) {
        return add(new ConfigKey(name, type, defaultValue, null, doc, Use.OPERATOR_OWNED));
    }

    private static ConfigKey ownedDerived(String name, ValueType type, String derivedDefault, String doc) {
        return add(new ConfigKey(name, type, null, derivedDefault, doc, Use.OPERATOR_OWNED));
    }

    private static void ignored(String why, String... names) {
        for (String name : names) {
            add(new ConfigKey(name, Text.ANY, null, null, "ignored: " + why, Use.IGNORED));
        }
    }

    private static ConfigKey add(ConfigKey key) {
        if (KEYS.putIfAbsent(key.name(), key) != null) {
            throw new IllegalStateException("broker config key " + key.name() + " is listed twice");
        }
        return key;
    }
}
