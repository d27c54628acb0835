package io.cometmq.broker;

import static io.cometmq.protocol.RequestCode.ACK_MESSAGE;
import static io.cometmq.protocol.RequestCode.AUTH_CREATE_ACL;
import static io.cometmq.protocol.RequestCode.AUTH_CREATE_USER;
import static io.cometmq.protocol.RequestCode.AUTH_DELETE_ACL;
import static io.cometmq.protocol.RequestCode.AUTH_DELETE_USER;
import static io.cometmq.protocol.RequestCode.AUTH_GET_ACL;
import static io.cometmq.protocol.RequestCode.AUTH_GET_USER;
import static io.cometmq.protocol.RequestCode.AUTH_LIST_ACL;
import static io.cometmq.protocol.RequestCode.AUTH_LIST_USER;
import static io.cometmq.protocol.RequestCode.AUTH_UPDATE_ACL;
import static io.cometmq.protocol.RequestCode.AUTH_UPDATE_USER;
import static io.cometmq.protocol.RequestCode.BATCH_ACK_MESSAGE;
import static io.cometmq.protocol.RequestCode.CHANGE_MESSAGE_INVISIBLETIME;
import static io.cometmq.protocol.RequestCode.CHECK_CLIENT_CONFIG;
import static io.cometmq.protocol.RequestCode.CONSUMER_SEND_MSG_BACK;
import static io.cometmq.protocol.RequestCode.DELETE_SUBSCRIPTIONGROUP;
import static io.cometmq.protocol.RequestCode.DELETE_TOPIC_IN_BROKER;
import static io.cometmq.protocol.RequestCode.DEMOTE_MASTER_TO_SLAVE;
import static io.cometmq.protocol.RequestCode.END_TRANSACTION;
import static io.cometmq.protocol.RequestCode.GET_ALL_CONSUMER_OFFSET;
import static io.cometmq.protocol.RequestCode.GET_ALL_CONSUMER_ORDER_INFO;
import static io.cometmq.protocol.RequestCode.GET_ALL_DELAY_OFFSET;
import static io.cometmq.protocol.RequestCode.GET_ALL_MESSAGE_REQUEST_MODE;
import static io.cometmq.protocol.RequestCode.GET_ALL_PRODUCER_INFO;
import static io.cometmq.protocol.RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG;
import static io.cometmq.protocol.RequestCode.GET_ALL_TOPIC_CONFIG;
import static io.cometmq.protocol.RequestCode.GET_BROKER_CONFIG;
import static io.cometmq.protocol.RequestCode.GET_BROKER_RUNTIME_INFO;
import static io.cometmq.protocol.RequestCode.GET_CONSUME_STATS;
import static io.cometmq.protocol.RequestCode.GET_CONSUMER_CONNECTION_LIST;
import static io.cometmq.protocol.RequestCode.GET_CONSUMER_LIST_BY_GROUP;
import static io.cometmq.protocol.RequestCode.GET_CONSUMER_RUNNING_INFO;
import static io.cometmq.protocol.RequestCode.GET_EARLIEST_MSG_STORETIME;
import static io.cometmq.protocol.RequestCode.GET_MAX_OFFSET;
import static io.cometmq.protocol.RequestCode.GET_MIN_OFFSET;
import static io.cometmq.protocol.RequestCode.GET_PRODUCER_CONNECTION_LIST;
import static io.cometmq.protocol.RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG;
import static io.cometmq.protocol.RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER;
import static io.cometmq.protocol.RequestCode.GET_TOPIC_CONFIG;
import static io.cometmq.protocol.RequestCode.GET_TOPIC_STATS_INFO;
import static io.cometmq.protocol.RequestCode.HEART_BEAT;
import static io.cometmq.protocol.RequestCode.INVOKE_BROKER_TO_RESET_OFFSET;
import static io.cometmq.protocol.RequestCode.LITE_PULL_MESSAGE;
import static io.cometmq.protocol.RequestCode.LOCK_BATCH_MQ;
import static io.cometmq.protocol.RequestCode.NOTIFICATION;
import static io.cometmq.protocol.RequestCode.POP_MESSAGE;
import static io.cometmq.protocol.RequestCode.PROMOTE_SLAVE_TO_MASTER;
import static io.cometmq.protocol.RequestCode.PULL_MESSAGE;
import static io.cometmq.protocol.RequestCode.QUERY_ASSIGNMENT;
import static io.cometmq.protocol.RequestCode.QUERY_CONSUME_TIME_SPAN;
import static io.cometmq.protocol.RequestCode.QUERY_CONSUMER_OFFSET;
import static io.cometmq.protocol.RequestCode.QUERY_MESSAGE;
import static io.cometmq.protocol.RequestCode.QUERY_SUBSCRIPTION_BY_CONSUMER;
import static io.cometmq.protocol.RequestCode.QUERY_TOPICS_BY_CONSUMER;
import static io.cometmq.protocol.RequestCode.QUERY_TOPIC_CONSUME_BY_WHO;
import static io.cometmq.protocol.RequestCode.SEARCH_OFFSET_BY_TIMESTAMP;
import static io.cometmq.protocol.RequestCode.SEND_BATCH_MESSAGE;
import static io.cometmq.protocol.RequestCode.SEND_MESSAGE;
import static io.cometmq.protocol.RequestCode.SEND_MESSAGE_V2;
import static io.cometmq.protocol.RequestCode.SEND_REPLY_MESSAGE;
import static io.cometmq.protocol.RequestCode.SEND_REPLY_MESSAGE_V2;
import static io.cometmq.protocol.RequestCode.SET_MESSAGE_REQUEST_MODE;
import static io.cometmq.protocol.RequestCode.UNLOCK_BATCH_MQ;
import static io.cometmq.protocol.RequestCode.UNREGISTER_CLIENT;
import static io.cometmq.protocol.RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP;
import static io.cometmq.protocol.RequestCode.UPDATE_AND_CREATE_TOPIC;
import static io.cometmq.protocol.RequestCode.UPDATE_AND_CREATE_TOPIC_LIST;
import static io.cometmq.protocol.RequestCode.UPDATE_BROKER_CONFIG;
import static io.cometmq.protocol.RequestCode.UPDATE_CONSUMER_OFFSET;
import static io.cometmq.protocol.RequestCode.VIEW_MESSAGE_BY_ID;

import io.cometmq.broker.processor.InlineSendProcessor;
import io.cometmq.protocol.netty.RequestProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * The broker's protocol surface: every request code it answers, the handler and the thread pool for each. A code
 * not listed here is answered REQUEST_CODE_NOT_SUPPORTED by the remoting layer, whose own lookup structure
 * ({@link io.cometmq.protocol.netty.ProcessorTable}) these rows are registered into.
 */
final class BrokerRequestTable {

    /** One row: requests with {@code code} go to {@code processor}, run on {@code pool}. */
    record Route(int code, RequestProcessor processor, Executor pool) {
    }

    private final List<Route> routes = new ArrayList<>();

    private BrokerRequestTable() {
    }

    /** @param topicExists whether a topic is configured on this broker (a send to it then runs on its I/O thread) */
    static List<Route> routes(BrokerProcessors p, RequestPools pools, Predicate<String> topicExists) {
        BrokerRequestTable t = new BrokerRequestTable();
        // producers
        t.add(new InlineSendProcessor(p.send(), pools.send, topicExists), RequestPools.ON_IO_THREAD, SEND_MESSAGE,
                SEND_MESSAGE_V2);
        t.add(p.send(), pools.send, SEND_BATCH_MESSAGE, SEND_REPLY_MESSAGE, SEND_REPLY_MESSAGE_V2);
        t.add(p.endTransaction(), pools.send, END_TRANSACTION);
        t.add(p.sendBack(), pools.send, CONSUMER_SEND_MSG_BACK);
        // consumers
        t.add(p.pull(), pools.pull, PULL_MESSAGE, LITE_PULL_MESSAGE);
        t.add(p.consumerOffsets(), pools.offset, QUERY_CONSUMER_OFFSET, UPDATE_CONSUMER_OFFSET, GET_MAX_OFFSET,
                GET_MIN_OFFSET, GET_EARLIEST_MSG_STORETIME, SEARCH_OFFSET_BY_TIMESTAMP);
        t.add(p.queueLocks(), pools.client, LOCK_BATCH_MQ, UNLOCK_BATCH_MQ);
        t.add(p.pop(), pools.pop, POP_MESSAGE);
        t.add(p.popNotification(), pools.pop, NOTIFICATION);
        t.add(p.popAck(), pools.ack, ACK_MESSAGE, BATCH_ACK_MESSAGE);
        t.add(p.changeInvisible(), pools.ack, CHANGE_MESSAGE_INVISIBLETIME);
        // every client
        t.add(p.clientManage(), pools.client, HEART_BEAT, UNREGISTER_CLIENT, GET_CONSUMER_LIST_BY_GROUP,
                CHECK_CLIENT_CONFIG);
        // admin tools
        t.add(p.queryMessage(), pools.admin, QUERY_MESSAGE, VIEW_MESSAGE_BY_ID);
        t.add(p.slavePromotion(), pools.admin, PROMOTE_SLAVE_TO_MASTER);
        t.add(p.masterDemotion(), pools.admin, DEMOTE_MASTER_TO_SLAVE);
        t.add(p.topicAdmin(), pools.admin, UPDATE_AND_CREATE_TOPIC, UPDATE_AND_CREATE_TOPIC_LIST,
                GET_ALL_TOPIC_CONFIG, GET_TOPIC_CONFIG, DELETE_TOPIC_IN_BROKER);
        t.add(p.brokerInfo(), pools.admin, GET_BROKER_RUNTIME_INFO, GET_BROKER_CONFIG, UPDATE_BROKER_CONFIG,
                GET_SYSTEM_TOPIC_LIST_FROM_BROKER);
        t.add(p.queueStats(), pools.admin, GET_TOPIC_STATS_INFO, GET_CONSUME_STATS, QUERY_CONSUME_TIME_SPAN);
        t.add(p.consumerAdmin(), pools.admin, GET_CONSUMER_CONNECTION_LIST, GET_PRODUCER_CONNECTION_LIST,
                QUERY_TOPIC_CONSUME_BY_WHO, QUERY_TOPICS_BY_CONSUMER, QUERY_SUBSCRIPTION_BY_CONSUMER,
                GET_ALL_CONSUMER_OFFSET, GET_ALL_DELAY_OFFSET, GET_ALL_PRODUCER_INFO,
                GET_ALL_CONSUMER_ORDER_INFO);
        t.add(p.subscriptionGroups(), pools.admin, UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
                GET_ALL_SUBSCRIPTIONGROUP_CONFIG, GET_SUBSCRIPTIONGROUP_CONFIG, DELETE_SUBSCRIPTIONGROUP);
        t.add(p.offsetReset(), pools.admin, INVOKE_BROKER_TO_RESET_OFFSET);
        t.add(p.consumerRunningInfo(), pools.admin, GET_CONSUMER_RUNNING_INFO);
        t.add(p.assignment(), pools.client, QUERY_ASSIGNMENT);
        t.add(p.assignment(), pools.admin, SET_MESSAGE_REQUEST_MODE, GET_ALL_MESSAGE_REQUEST_MODE);
        t.add(p.authAdmin(), pools.admin, AUTH_CREATE_USER, AUTH_UPDATE_USER, AUTH_DELETE_USER, AUTH_GET_USER,
                AUTH_LIST_USER, AUTH_CREATE_ACL, AUTH_UPDATE_ACL, AUTH_DELETE_ACL, AUTH_GET_ACL, AUTH_LIST_ACL);
        return List.copyOf(t.routes);
    }

    private void add(RequestProcessor processor, Executor pool, int... codes) {
        for (int code : codes) {
            routes.add(new Route(code, processor, pool));
        }
    }
}
