package io.cometmq.broker.store.commitlog;

import io.cometmq.broker.store.TestMessages;
import io.cometmq.broker.store.message.MessageToStore;

final class MessageToStoreFixtures {
    private MessageToStoreFixtures() {
    }

    static MessageToStore withSysFlag(int sysFlag) {
        MessageToStore base = TestMessages.message("T", 1, "half");
        return new MessageToStore(base.topic(), base.queueId(), base.flag(), base.body(), base.properties(), sysFlag,
                base.bornTimestamp(), base.bornHost(), base.storeHost(), base.reconsumeTimes(),
                base.preparedTransactionOffset());
    }
}
