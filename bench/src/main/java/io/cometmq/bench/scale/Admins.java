package io.cometmq.bench.scale;

import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/** The Apache admin client, and polling with a deadline. */
final class Admins {

    private Admins() {
    }

    static DefaultMQAdminExt start(String namesrvAddr) throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(30_000);
        admin.setNamesrvAddr(namesrvAddr);
        admin.setInstanceName("scale-admin-" + System.nanoTime());
        admin.start();
        return admin;
    }

    /**
     * Polls until the NameServer lists {@link TopicScale#BROKER_NAME} (topic null) or routes {@code topic} to it.
     */
    static void awaitRoute(DefaultMQAdminExt admin, String topic, ChildJvm broker, Instant deadline)
            throws Exception {
        await(() -> {
            broker.ensureAlive();
            try {
                if (topic == null) {
                    return admin.examineBrokerClusterInfo().getBrokerAddrTable()
                            .containsKey(TopicScale.BROKER_NAME) ? Boolean.TRUE : null;
                }
                TopicRouteData route = admin.examineTopicRouteInfo(topic);
                return route != null && !route.getQueueDatas().isEmpty() ? Boolean.TRUE : null;
            } catch (Exception notYet) {
                return null;
            }
        }, deadline, topic == null ? "the broker's registration" : "a route of " + topic);
    }

    /** Polls {@code probe} every 50 ms until it returns non-null. */
    static <T> T await(Callable<T> probe, Instant deadline, String what) throws Exception {
        while (true) {
            T value = probe.call();
            if (value != null) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
