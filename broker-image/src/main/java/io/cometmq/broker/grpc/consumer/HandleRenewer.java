package io.cometmq.broker.grpc.consumer;

import io.cometmq.broker.grpc.GrpcConfig;
import io.cometmq.broker.grpc.client.GrpcClient;
import io.cometmq.broker.grpc.gateway.RemotingGateway;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.PopHeaders;
import io.cometmq.protocol.pop.ReceiptHandle;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps push consumers' (auto_renew) messages invisible while they work: shortly before a handle's invisible time
 * ends it is renewed (CHANGE_MESSAGE_INVISIBLETIME with defaultInvisibleTimeMills), for at most renewMaxTimeMillis.
 * Acks use the latest renewed handle ({@link #takeLatest}); when the client goes away its handles are made
 * visible again soon ({@link #clear}).
 */
public final class HandleRenewer {

    private static final Logger log = LoggerFactory.getLogger(HandleRenewer.class);
    /** Apache's renewAheadTimeMillis and renewSchedulePeriodMillis, shortened for short invisible times. */
    private static final long RENEW_AHEAD_MILLIS = 10_000;
    private static final long RENEW_PERIOD_MILLIS = 5_000;
    private static final long TIMEOUT_MILLIS = 3_000;
    private static final long VISIBLE_SOON_MILLIS = 1_000;

    private record Tracked(GrpcClient client, String group, String topic, ReceiptHandle handle, long firstPopTime) {
    }

    private final GrpcConfig config;
    private final RemotingGateway gateway;
    private final Clock clock;
    private final Map<String, Tracked> handles = new ConcurrentHashMap<>();

    public HandleRenewer(GrpcConfig config, RemotingGateway gateway, Clock clock) {
        this.config = config;
        this.gateway = gateway;
        this.clock = clock;
    }

    void track(GrpcClient client, String group, String topic, ReceiptHandle handle) {
        handles.put(key(client.clientId(), group, handle), new Tracked(client, group, topic, handle,
                handle.popTime()));
    }

    /** The newest handle of the message {@code handle} names, forgetting it (the message is being acked). */
    ReceiptHandle takeLatest(String clientId, String group, ReceiptHandle handle) {
        Tracked tracked = handles.remove(key(clientId, group, handle));
        return tracked == null ? handle : tracked.handle();
    }

    /** How long before its invisible time ends a handle is renewed: 10 s, or half the invisible time if shorter. */
    long renewAheadMillis() {
        return Math.min(RENEW_AHEAD_MILLIS, config.defaultInvisibleMillis() / 2);
    }

    /** How often {@link #renewDue} should run: every 5 s, or a quarter of the invisible time if shorter. */
    public long periodMillis() {
        return Math.max(100, Math.min(RENEW_PERIOD_MILLIS, config.defaultInvisibleMillis() / 4));
    }

    /** One renewal round (run periodically). */
    public void renewDue() {
        long now = clock.millis();
        handles.forEach((key, tracked) -> {
            ReceiptHandle handle = tracked.handle();
            if (handle.nextVisibleTime() - now > renewAheadMillis()) {
                return;
            }
            if (now - tracked.firstPopTime() > config.renewMaxMillis()) {
                handles.remove(key, tracked);
                return;
            }
            change(tracked, config.defaultInvisibleMillis(), key);
        });
    }

    /** The client is gone: its messages become visible again shortly, for another consumer. */
    public void clear(String clientId) {
        handles.forEach((key, tracked) -> {
            if (tracked.client().clientId().equals(clientId)) {
                handles.remove(key, tracked);
                change(tracked, VISIBLE_SOON_MILLIS, null);
            }
        });
    }

    private void change(Tracked tracked, long invisible, String key) {
        ReceiptHandle handle = tracked.handle();
        PopHeaders.ChangeInvisibleRequest header = new PopHeaders.ChangeInvisibleRequest(tracked.group(),
                handle.realTopic(tracked.topic(), tracked.group()), handle.queueId(),
                handle.encodeWithoutCommitLogOffset(), handle.queueOffset(), invisible);
        gateway.invoke(handle.brokerName(), tracked.client().channel(), RemotingCommand.request(
                RequestCode.CHANGE_MESSAGE_INVISIBLETIME, header.encode()), TIMEOUT_MILLIS)
                .whenComplete((response, failure) -> {
                    if (failure != null || response == null || response.code() != ResponseCode.SUCCESS) {
                        log.debug("cannot renew handle {}: {}", handle.encode(), failure != null ? failure
                                : response == null ? "no answer" : response.remark());
                        return;
                    }
                    if (key != null) {
                        PopHeaders.ChangeInvisibleResponse changed = PopHeaders.ChangeInvisibleResponse.decode(
                                response);
                        handles.replace(key, tracked, new Tracked(tracked.client(), tracked.group(), tracked.topic(),
                                handle.renewed(changed.popTime(), changed.invisibleTime(), changed.reviveQid()),
                                tracked.firstPopTime()));
                    }
                });
    }

    private static String key(String clientId, String group, ReceiptHandle handle) {
        return clientId + "|" + group + "|" + handle.brokerName() + "|" + handle.retryMarker() + "|"
                + handle.queueId() + "|" + handle.queueOffset();
    }
}
