package io.cometmq.broker.pop;

import io.cometmq.protocol.GroupTopics;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.BatchAckMessageRequestBody;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.header.PopHeaders;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import io.cometmq.protocol.pop.PopNames;
import io.cometmq.protocol.pop.ReceiptHandle;
import java.util.List;

/**
 * ACK_MESSAGE and BATCH_ACK_MESSAGE: a consumer processed popped messages. Non-FIFO acks become ack records in the
 * revive log (the revive service then leaves those messages alone); FIFO acks move the group's offset through
 * {@link PopOrder} and wake pops waiting for the queue.
 */
public final class AckMessageProcessor implements RequestProcessor.SyncRequestProcessor {

    private final PopServices s;

    public AckMessageProcessor(PopServices services) {
        this.s = services;
    }

    /** A refusal: the response code and remark. */
    static final class Refused extends Exception {
        final int code;

        Refused(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        try {
            if (!s.role().isMaster()) {
                throw new Refused(ResponseCode.NO_PERMISSION, "broker " + s.brokerAddr() + " is a slave: ack "
                        + "at the master of " + s.brokerName());
            }
            if (request.code() == RequestCode.BATCH_ACK_MESSAGE) {
                return batch(request);
            }
            PopHeaders.AckRequest ack = PopHeaders.AckRequest.decode(request);
            ReceiptHandle handle = handle(ack.extraInfo());
            String topic = realTopic(ack.topic(), ack.group(), handle.retryMarker());
            checkQueue(topic, ack.queueId(), ack.offset());
            ack(ack.group(), topic, ack.queueId(), handle.reviveQid(), handle.popTime(), List.of(ack.offset()));
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        } catch (Refused e) {
            return RemotingCommand.responseTo(request, e.code, e.getMessage());
        }
    }

    private RemotingCommand batch(RemotingCommand request) throws Refused {
        BatchAckMessageRequestBody body;
        try {
            body = Json.decode(request.body(), BatchAckMessageRequestBody.class);
        } catch (IllegalArgumentException e) {
            throw new Refused(ResponseCode.INVALID_PARAMETER, e.getMessage());
        }
        if (body.acks().isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_MESSAGE, "batch ack has no acks");
        }
        for (BatchAckMessageRequestBody.BatchAck ack : body.acks()) {
            String topic;
            try {
                topic = realTopic(ack.topic(), ack.consumerGroup(), ack.retry());
            } catch (IllegalArgumentException e) {
                throw new Refused(ResponseCode.INVALID_PARAMETER, "batch ack field r (retry): " + e.getMessage());
            }
            List<Long> offsets = ack.offsets();
            for (long offset : offsets) {
                checkQueue(topic, ack.queueId(), offset);
            }
            ack(ack.consumerGroup(), topic, ack.queueId(), ack.reviveQueueId(), ack.popTime(), offsets);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private void ack(String group, String topic, int queueId, int reviveQid, long popTime, List<Long> offsets)
            throws Refused {
        if (offsets.isEmpty()) {
            return;
        }
        if (reviveQid == PopNames.ORDER_REVIVE_QID) {
            ackOrderly(group, topic, queueId, popTime, offsets);
            return;
        }
        checkReviveQueue(s, reviveQid);
        String failure = s.reviveLog().write(reviveQid, new AckRecord(group, topic, queueId, popTime, offsets,
                false));
        if (failure != null) {
            throw new Refused(ResponseCode.SYSTEM_ERROR, failure);
        }
    }

    private void ackOrderly(String group, String topic, int queueId, long popTime, List<Long> offsets)
            throws Refused {
        if (s.order() == null) {
            throw new Refused(ResponseCode.SYSTEM_ERROR, "FIFO POP (order=true) is not available on this broker yet");
        }
        for (long offset : offsets) {
            long next = s.order().ack(topic, group, queueId, offset, popTime);
            if (next >= 0) {
                s.offsets().commit(group, topic, queueId, next);
                s.polling().wake(topic);
            }
        }
    }

    /**
     * The topic a message was popped from: Apache's clients already name the retry topic for a redelivered message
     * (remoting consumers and its proxy), others name the consumed topic and let the handle's marker say which.
     */
    static String realTopic(String topic, String group, String retryMarker) {
        return GroupTopics.isRetryTopic(topic) ? topic : PopNames.realTopic(topic, group, retryMarker);
    }

    static ReceiptHandle handle(String extraInfo) throws Refused {
        try {
            return ReceiptHandle.decode(extraInfo);
        } catch (IllegalArgumentException e) {
            throw new Refused(ResponseCode.INVALID_PARAMETER, "extraInfo: " + e.getMessage());
        }
    }

    static void checkReviveQueue(PopServices s, int reviveQid) throws Refused {
        if (reviveQid < 0 || reviveQid >= s.reviveLog().queues()) {
            throw new Refused(ResponseCode.INVALID_PARAMETER, "reviveQid " + reviveQid + " is not a queue of "
                    + s.reviveLog().topic() + " (0 to " + (s.reviveLog().queues() - 1) + ", or "
                    + PopNames.ORDER_REVIVE_QID + " for FIFO)");
        }
    }

    /** The topic exists, the queue is readable and the offset is one the queue holds (Apache's checks). */
    private void checkQueue(String topic, int queueId, long offset) throws Refused {
        checkQueue(s, topic, queueId, offset);
    }

    static void checkQueue(PopServices s, String topic, int queueId, long offset) throws Refused {
        TopicConfig config = s.topics().get(topic);
        if (config == null) {
            throw new Refused(ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic + "] not exist, apply first please!");
        }
        if (queueId < 0 || queueId >= config.readQueueNums()) {
            throw new Refused(ResponseCode.MESSAGE_ILLEGAL, "queueId[" + queueId + "] is illegal, topic:[" + topic
                    + "] readQueueNums:[" + config.readQueueNums() + "]");
        }
        long min = s.store().minOffsetInQueue(topic, queueId);
        long max = s.store().maxOffsetInQueue(topic, queueId);
        if (offset < min || offset >= max) {
            throw new Refused(ResponseCode.NO_MESSAGE, "offset is illegal, key:" + topic + "@" + queueId
                    + ", offset:" + offset + ", min:" + min + ", max:" + max);
        }
    }
}
