package io.cometmq.protocol.body;

/** Version of a broker's topic table; a NameServer refreshes queue data only when it changes. */
public record DataVersion(long stateVersion, long timestamp, long counter) {

    public static DataVersion initial(long nowMillis) {
        return new DataVersion(0, nowMillis, 0);
    }

    public DataVersion next(long nowMillis) {
        return new DataVersion(stateVersion, nowMillis, counter + 1);
    }
}
