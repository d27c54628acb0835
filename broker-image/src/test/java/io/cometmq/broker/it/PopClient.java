package io.cometmq.broker.it;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.AckCallback;
import org.apache.rocketmq.client.consumer.AckResult;
import org.apache.rocketmq.client.consumer.PopCallback;
import org.apache.rocketmq.client.consumer.PopResult;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.CommandCustomHeader;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.header.AckMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.ChangeInvisibleTimeRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.ExtraInfoUtil;
import org.apache.rocketmq.remoting.protocol.header.PopMessageRequestHeader;

/**
 * POP requests as the Apache 5.3.3 client sends them ({@code MQClientAPIImpl} of a started client instance), made
 * synchronous for tests. Acks and invisible-time changes name the real topic of the message (its retry topic for a
 * redelivered one), as Apache's push consumer does.
 */
final class PopClient {

    private static final long TIMEOUT_MILLIS = 30_000;

    private final MQClientAPIImpl api;
    private final String brokerName;
    private final String brokerAddr;

    /** @param client a started producer whose client instance sends the requests */
    PopClient(DefaultMQProducer client, String brokerName, String brokerAddr) {
        this.api = client.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
        this.brokerName = brokerName;
        this.brokerAddr = brokerAddr;
    }

    PopResult pop(String topic, String group, int queueId, int max, long invisibleMillis, long pollMillis)
            throws Exception {
        return pop(topic, group, queueId, max, invisibleMillis, pollMillis, "*");
    }

    PopResult pop(String topic, String group, int queueId, int max, long invisibleMillis, long pollMillis,
            String tags) throws Exception {
        return pop(topic, group, queueId, max, invisibleMillis, pollMillis, tags, false, null);
    }

    /** A FIFO pop: the queue's next batch only once the last one is acked or visible again. */
    PopResult popOrderly(String topic, String group, int queueId, int max, long invisibleMillis, String tags,
            String attemptId) throws Exception {
        return pop(topic, group, queueId, max, invisibleMillis, 0, tags, true, attemptId);
    }

    private PopResult pop(String topic, String group, int queueId, int max, long invisibleMillis, long pollMillis,
            String tags, boolean order, String attemptId) throws Exception {
        PopMessageRequestHeader header = new PopMessageRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(topic);
        header.setQueueId(queueId);
        header.setMaxMsgNums(max);
        header.setInvisibleTime(invisibleMillis);
        header.setPollTime(pollMillis);
        header.setBornTime(System.currentTimeMillis());
        header.setInitMode(1); // ConsumeInitMode.MAX, as the gRPC proxy and push consumers pop
        header.setExpType("TAG");
        header.setExp(tags);
        header.setOrder(order);
        header.setAttemptId(attemptId);
        CompletableFuture<PopResult> result = new CompletableFuture<>();
        api.popMessageAsync(brokerName, brokerAddr, header, pollMillis + TIMEOUT_MILLIS, new PopCallback() {
            @Override
            public void onSuccess(PopResult popResult) {
                result.complete(popResult);
            }

            @Override
            public void onException(Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(pollMillis + TIMEOUT_MILLIS + 5_000, TimeUnit.MILLISECONDS);
    }

    AckResult ack(String topic, String group, MessageExt message) throws Exception {
        String extraInfo = message.getProperty(MessageConst.PROPERTY_POP_CK);
        String[] fields = ExtraInfoUtil.split(extraInfo);
        AckMessageRequestHeader header = new AckMessageRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(ExtraInfoUtil.getRealTopic(fields, topic, group));
        header.setQueueId(ExtraInfoUtil.getQueueId(fields));
        header.setExtraInfo(extraInfo);
        header.setOffset(ExtraInfoUtil.getQueueOffset(fields));
        CompletableFuture<AckResult> result = new CompletableFuture<>();
        api.ackMessageAsync(brokerAddr, TIMEOUT_MILLIS, callback(result), header);
        return result.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** An ack with a handle of the test's choice (to see how bad handles are answered). */
    AckResult ackWithHandle(String topic, String group, int queueId, long offset, String extraInfo)
            throws Exception {
        AckMessageRequestHeader header = new AckMessageRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(topic);
        header.setQueueId(queueId);
        header.setExtraInfo(extraInfo);
        header.setOffset(offset);
        CompletableFuture<AckResult> result = new CompletableFuture<>();
        api.ackMessageAsync(brokerAddr, TIMEOUT_MILLIS, callback(result), header);
        return result.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    AckResult batchAck(String topic, String group, List<MessageExt> messages) throws Exception {
        List<String> handles = messages.stream().map(m -> m.getProperty(MessageConst.PROPERTY_POP_CK)).toList();
        CompletableFuture<AckResult> result = new CompletableFuture<>();
        api.batchAckMessageAsync(brokerAddr, TIMEOUT_MILLIS, callback(result), topic, group, handles);
        return result.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Returns the new handle (AckResult.extraInfo) the client builds from the answer. */
    AckResult changeInvisibleTime(String topic, String group, MessageExt message, long invisibleMillis)
            throws Exception {
        String extraInfo = message.getProperty(MessageConst.PROPERTY_POP_CK);
        String[] fields = ExtraInfoUtil.split(extraInfo);
        ChangeInvisibleTimeRequestHeader header = new ChangeInvisibleTimeRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(ExtraInfoUtil.getRealTopic(fields, topic, group));
        header.setQueueId(ExtraInfoUtil.getQueueId(fields));
        header.setExtraInfo(extraInfo);
        header.setOffset(ExtraInfoUtil.getQueueOffset(fields));
        header.setInvisibleTime(invisibleMillis);
        CompletableFuture<AckResult> result = new CompletableFuture<>();
        api.changeInvisibleTimeAsync(brokerName, brokerAddr, header, TIMEOUT_MILLIS, callback(result));
        return result.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A request sent as it is through the client's remoting client, for tests that look at code and remark. */
    RemotingCommand invoke(int code, CommandCustomHeader header) throws Exception {
        return api.getRemotingClient().invokeSync(brokerAddr, RemotingCommand.createRequestCommand(code, header),
                TIMEOUT_MILLIS);
    }

    private static AckCallback callback(CompletableFuture<AckResult> result) {
        return new AckCallback() {
            @Override
            public void onSuccess(AckResult ackResult) {
                result.complete(ackResult);
            }

            @Override
            public void onException(Throwable e) {
                result.completeExceptionally(e);
            }
        };
    }
}
