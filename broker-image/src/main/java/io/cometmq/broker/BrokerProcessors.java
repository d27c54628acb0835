package io.cometmq.broker;

import io.cometmq.broker.auth.AuthAdminProcessor;
import io.cometmq.broker.auth.AuthMetadata;
import io.cometmq.broker.assignment.AssignmentProcessor;
import io.cometmq.broker.assignment.RequestModeTable;
import io.cometmq.broker.assignment.TopicQueues;
import io.cometmq.broker.delay.DelayLevels;
import io.cometmq.broker.delay.DelayRouter;
import io.cometmq.broker.delay.ScheduleService;
import io.cometmq.broker.pop.AckMessageProcessor;
import io.cometmq.broker.pop.ChangeInvisibleTimeProcessor;
import io.cometmq.broker.pop.NotificationProcessor;
import io.cometmq.broker.pop.PopMessageProcessor;
import io.cometmq.broker.pop.PopServices;
import io.cometmq.broker.processor.BrokerInfoProcessor;
import io.cometmq.broker.processor.ClientManageProcessor;
import io.cometmq.broker.processor.ConsumerAdminProcessor;
import io.cometmq.broker.processor.ConsumerOffsetProcessor;
import io.cometmq.broker.processor.ConsumerRunningInfoProcessor;
import io.cometmq.broker.processor.MasterDemotionProcessor;
import io.cometmq.broker.processor.OffsetResetProcessor;
import io.cometmq.broker.processor.PullMessageProcessor;
import io.cometmq.broker.processor.QueryMessageProcessor;
import io.cometmq.broker.processor.QueueLockProcessor;
import io.cometmq.broker.processor.QueueStatsProcessor;
import io.cometmq.broker.processor.SendMessageProcessor;
import io.cometmq.broker.processor.SlavePromotionProcessor;
import io.cometmq.broker.processor.SubscriptionGroupProcessor;
import io.cometmq.broker.processor.TopicAdminProcessor;
import io.cometmq.broker.retry.SendBackProcessor;
import io.cometmq.broker.stats.BrokerRuntimeStats;
import io.cometmq.broker.stats.ConsumeRates;
import io.cometmq.broker.transaction.EndTransactionProcessor;
import io.cometmq.broker.transaction.TransactionHalfRouter;
import io.cometmq.broker.transaction.TransactionLog;
import io.cometmq.protocol.netty.RemotingServer;
import io.cometmq.protocol.netty.RequestProcessor;
import java.util.List;

/**
 * One handler per request family, each built with only the services it uses. Which request codes reach which
 * handler, on which thread pool, is {@link BrokerRequestTable}.
 */
record BrokerProcessors(RequestProcessor send, RequestProcessor sendBack, RequestProcessor endTransaction,
        RequestProcessor pull, RequestProcessor clientManage, RequestProcessor consumerOffsets,
        RequestProcessor queueLocks, RequestProcessor queryMessage, RequestProcessor slavePromotion,
        RequestProcessor masterDemotion,
        RequestProcessor topicAdmin, RequestProcessor brokerInfo, RequestProcessor queueStats,
        RequestProcessor consumerAdmin, RequestProcessor subscriptionGroups, RequestProcessor offsetReset,
        RequestProcessor consumerRunningInfo, RequestProcessor authAdmin, RequestProcessor pop,
        RequestProcessor popAck, RequestProcessor changeInvisible, RequestProcessor popNotification,
        RequestProcessor assignment) {

    /** Services that only some handlers use, beside the shared {@link BrokerServices}. */
    record Extras(DelayLevels levels, DelayRouter delayRouter, TransactionLog transactionLog,
            ScheduleService schedule, RoleController roles, BrokerRuntimeStats runtimeStats,
            ConsumeRates consumeRates, RequestPools pools, RemotingServer server, AuthMetadata auth,
            PopServices pop, TopicQueues topicQueues, RequestModeTable requestModes) {
    }

    static BrokerProcessors wire(BrokerServices s, Extras x) {
        return new BrokerProcessors(
                new SendMessageProcessor(s.config(), s.store(), s.topics(), s.groups(), s.locks(), s.stats(),
                        s.role(), s.replication(), s.storeHost(), s.brokerAddr(),
                        List.of(new TransactionHalfRouter(s.topics()), x.delayRouter()), s.metrics()),
                new SendBackProcessor(s.store(), s.topics(), s.groups(), s.role(), s.storeHost(), s.brokerAddr(),
                        x.levels(), x.delayRouter(), s.metrics()),
                RequestProcessor.sync(new EndTransactionProcessor(s.config(), s.clock(), s.role(), s.storeHost(),
                        s.brokerAddr(), x.transactionLog(), s.metrics())),
                new PullMessageProcessor(s.config(), s.clock(), s.store(), s.topics(), s.groups(), s.offsets(),
                        s.consumers(), s.longPolling(), s.stats(), s.role(), s.brokerAddr(),
                        x.roles()::masterRegistered, s.metrics()),
                RequestProcessor.sync(new ClientManageProcessor(s.clock(), s.topics(), s.groups(), s.consumers(),
                        s.producers())),
                RequestProcessor.sync(new ConsumerOffsetProcessor(s.store(), s.topics(), s.groups(), s.offsets())),
                RequestProcessor.sync(new QueueLockProcessor(s.locks())),
                RequestProcessor.sync(new QueryMessageProcessor(s.store())),
                RequestProcessor.sync(new SlavePromotionProcessor(s.config(), s.store(), s.role(), s.replication(),
                        s.brokerAddr(), x.roles()::registeredMasterNow, x.roles()::promote)),
                RequestProcessor.sync(new MasterDemotionProcessor(s.role(), s.brokerAddr(),
                        epoch -> x.roles().demote(epoch, null))),
                RequestProcessor.sync(new TopicAdminProcessor(s.store(), s.topics(), s.metrics(),
                        s.config().messageTypes().mixedAllowed())),
                RequestProcessor.sync(new BrokerInfoProcessor(s.config(), s.clock(), s.store(), s.topics(),
                        s.stats(), s.role(), s.replication(), x.runtimeStats(), x.pools().queueSizes())),
                RequestProcessor.sync(new QueueStatsProcessor(s.config(), s.clock(), s.store(), s.topics(),
                        s.offsets(), s.consumers(), x.consumeRates())),
                RequestProcessor.sync(new ConsumerAdminProcessor(s.clock(), s.offsets(), s.consumers(),
                        s.producers(), s.stats(), s.brokerAddr(), x.schedule()::offsets, s.popOrder()::snapshot)),
                RequestProcessor.sync(new SubscriptionGroupProcessor(s.clock(), s.groups(), s.offsets(),
                        s.metrics())),
                RequestProcessor.sync(new OffsetResetProcessor(s.config(), s.store(), s.topics(), s.groups(),
                        s.offsets(), s.consumers(), s.role(), x.server()::invokeOneway)),
                new ConsumerRunningInfoProcessor(s.consumers(), x.server()::invoke),
                RequestProcessor.sync(new AuthAdminProcessor(x.auth(), () -> !s.role().isMaster(), s::brokerAddr)),
                new PopMessageProcessor(x.pop()),
                RequestProcessor.sync(new AckMessageProcessor(x.pop())),
                RequestProcessor.sync(new ChangeInvisibleTimeProcessor(x.pop())),
                new NotificationProcessor(x.pop()),
                RequestProcessor.sync(new AssignmentProcessor(s.topics(), s.groups(), s.consumers(),
                        x.topicQueues(), x.requestModes())));
    }
}
