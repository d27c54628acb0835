package io.cometmq.broker;

import java.util.concurrent.atomic.LongAdder;

/** Counters the runtime-info request reports: messages put and got since start. */
public final class BrokerStats {

    private final long bootTimestamp;
    private final LongAdder messagesPut = new LongAdder();
    private final LongAdder messagesGot = new LongAdder();

    public BrokerStats(long bootTimestamp) {
        this.bootTimestamp = bootTimestamp;
    }

    public void put(int count) {
        messagesPut.add(count);
    }

    public void got(int count) {
        messagesGot.add(count);
    }

    public long messagesPut() {
        return messagesPut.sum();
    }

    public long messagesGot() {
        return messagesGot.sum();
    }

    public long bootTimestamp() {
        return bootTimestamp;
    }
}
