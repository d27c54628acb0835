package io.cometmq.namesrv.auth;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.auth.RequestSignature;
import io.cometmq.protocol.auth.SessionCredentials;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestGuard;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets route and read queries through unsigned and requires every other request (registration, heartbeats, KV and
 * topic administration, config) to be signed with the inner credentials or the initial super user; refusals are
 * NO_PERMISSION with Apache's authentication remarks, logged at most once per peer, user and reason per minute.
 */
public final class NameServerGuard implements RequestGuard {

    private static final Logger log = LoggerFactory.getLogger(NameServerGuard.class);
    private static final long LOG_INTERVAL_MILLIS = 60_000;
    private static final Set<Integer> OPEN = Set.of(RequestCode.GET_ROUTEINFO_BY_TOPIC,
            RequestCode.GET_BROKER_CLUSTER_INFO, RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
            RequestCode.GET_TOPICS_BY_CLUSTER, RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS,
            RequestCode.GET_UNIT_TOPIC_LIST, RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST,
            RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST, RequestCode.GET_KV_CONFIG,
            RequestCode.GET_KVLIST_BY_NAMESPACE, RequestCode.QUERY_DATA_VERSION);

    private final NameServerAuth auth;
    private final LongSupplier millis;
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    public NameServerGuard(NameServerAuth auth, LongSupplier millis) {
        this.auth = auth;
        this.millis = millis;
    }

    @Override
    public RemotingCommand check(RequestContext context, RemotingCommand request) {
        if (OPEN.contains(request.code())) {
            return null;
        }
        String accessKey = request.field(RequestSignature.ACCESS_KEY);
        String problem;
        if (accessKey == null || accessKey.isEmpty()) {
            problem = "username cannot be null.";
        } else {
            Optional<SessionCredentials> known = auth.credentialsOf(accessKey);
            if (known.isEmpty()) {
                problem = "User:" + accessKey + " is not found.";
            } else if (!RequestSignature.verify(request, known.get().secretKey())) {
                problem = "check signature failed.";
            } else {
                return null;
            }
        }
        logRefusal(context, request.code(), accessKey, problem);
        return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION, problem);
    }

    private void logRefusal(RequestContext context, int code, String accessKey, String problem) {
        String peer = context.remoteAddress() instanceof java.net.InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(context.remoteAddress());
        long now = millis.getAsLong();
        String key = peer + "|" + accessKey + "|" + problem;
        Long last = lastLogged.get(key);
        if (last != null && now - last < LOG_INTERVAL_MILLIS) {
            return;
        }
        if (lastLogged.size() > 10_000) {
            lastLogged.values().removeIf(at -> now - at >= LOG_INTERVAL_MILLIS);
        }
        lastLogged.put(key, now);
        log.warn("refused request code {} from {}: {}{}", code, peer, problem,
                code == RequestCode.REGISTER_BROKER || code == RequestCode.BROKER_HEARTBEAT
                        ? " (authenticationEnabled is on: a broker must sign with innerClientAuthenticationCredentials)"
                        : "");
    }
}
