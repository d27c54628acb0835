package io.cometmq.broker.pop;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.PopHeaders;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import io.cometmq.protocol.pop.PopNames;
import io.cometmq.protocol.pop.ReceiptHandle;
import java.util.List;

/**
 * CHANGE_MESSAGE_INVISIBLETIME: a popped message becomes visible again {@code invisibleTime} from now. Non-FIFO: a
 * new check point for that one message (pop time now) is written, then an ack of it under the old check point, so
 * exactly one of the two can bring it back. The consumer builds its new handle from the answer (pop time now, same
 * revive queue). FIFO: {@link PopOrder#changeInvisible}; the pop time stays.
 */
public final class ChangeInvisibleTimeProcessor implements RequestProcessor.SyncRequestProcessor {

    private final PopServices s;

    public ChangeInvisibleTimeProcessor(PopServices services) {
        this.s = services;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        PopHeaders.ChangeInvisibleRequest change = PopHeaders.ChangeInvisibleRequest.decode(request);
        try {
            if (!s.role().isMaster()) {
                throw new AckMessageProcessor.Refused(ResponseCode.NO_PERMISSION, "broker " + s.brokerAddr()
                        + " is a slave: change invisible time at the master of " + s.brokerName());
            }
            if (change.invisibleTime() < 0) {
                throw new AckMessageProcessor.Refused(ResponseCode.INVALID_PARAMETER,
                        "invisibleTime must not be negative, was " + change.invisibleTime());
            }
            ReceiptHandle handle = AckMessageProcessor.handle(change.extraInfo());
            String topic = AckMessageProcessor.realTopic(change.topic(), change.group(), handle.retryMarker());
            AckMessageProcessor.checkQueue(s, topic, change.queueId(), change.offset());
            long now = s.clock().millis();
            PopHeaders.ChangeInvisibleResponse answer = handle.orderly()
                    ? changeOrderly(change, topic, handle, now)
                    : change(change, topic, handle, now);
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).putFields(answer.encode());
        } catch (AckMessageProcessor.Refused e) {
            return RemotingCommand.responseTo(request, e.code, e.getMessage());
        }
    }

    private PopHeaders.ChangeInvisibleResponse change(PopHeaders.ChangeInvisibleRequest change, String topic,
            ReceiptHandle handle, long now) throws AckMessageProcessor.Refused {
        AckMessageProcessor.checkReviveQueue(s, handle.reviveQid());
        CheckPoint ck = new CheckPoint(change.group(), topic, change.queueId(), change.offset(), now,
                change.invisibleTime(), List.of(change.offset()), -1, s.brokerName());
        String failure = s.reviveLog().write(handle.reviveQid(), ck);
        if (failure == null) {
            failure = s.reviveLog().write(handle.reviveQid(), new AckRecord(change.group(), topic, change.queueId(),
                    handle.popTime(), List.of(change.offset()), false));
        }
        if (failure != null) {
            throw new AckMessageProcessor.Refused(ResponseCode.SYSTEM_ERROR, failure);
        }
        return new PopHeaders.ChangeInvisibleResponse(now, change.invisibleTime(), handle.reviveQid());
    }

    private PopHeaders.ChangeInvisibleResponse changeOrderly(PopHeaders.ChangeInvisibleRequest change, String topic,
            ReceiptHandle handle, long now) throws AckMessageProcessor.Refused {
        if (s.order() == null) {
            throw new AckMessageProcessor.Refused(ResponseCode.SYSTEM_ERROR,
                    "FIFO POP (order=true) is not available on this broker yet");
        }
        long nextVisible = now + change.invisibleTime();
        if (!s.order().changeInvisible(topic, change.group(), change.queueId(), change.offset(), handle.popTime(),
                nextVisible)) {
            throw new AckMessageProcessor.Refused(ResponseCode.NO_MESSAGE, "offset " + change.offset() + " of "
                    + topic + "@" + change.queueId() + " is not in the group's last FIFO batch");
        }
        s.polling().wake(topic);
        return new PopHeaders.ChangeInvisibleResponse(handle.popTime(), nextVisible - handle.popTime(),
                PopNames.ORDER_REVIVE_QID);
    }
}
