package io.cometmq.broker.store.message;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * A message as a request processor hands it to the store. Queue offset, physical offset and store time are not
 * here: the commit log assigns them at append time.
 *
 * @param properties the encoded properties string (§8.4); use {@link Builder#properties(Map)} to encode a map
 */
public record MessageToStore(
        String topic,
        int queueId,
        int flag,
        byte[] body,
        String properties,
        int sysFlag,
        long bornTimestamp,
        InetSocketAddress bornHost,
        InetSocketAddress storeHost,
        int reconsumeTimes,
        long preparedTransactionOffset) {

    public MessageToStore {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(bornHost, "bornHost");
        Objects.requireNonNull(storeHost, "storeHost");
        properties = properties == null ? "" : properties;
    }

    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    public String property(String name) {
        return MessageProperties.valueOf(properties, name);
    }

    public MessageToStore withProperties(String newProperties) {
        return new MessageToStore(topic, queueId, flag, body, newProperties, sysFlag, bornTimestamp, bornHost,
                storeHost, reconsumeTimes, preparedTransactionOffset);
    }

    /** Fills in fields by name; defaults: queue 0, no flags, empty body and properties, loopback hosts. */
    public static final class Builder {
        private final String topic;
        private int queueId;
        private int flag;
        private byte[] body = new byte[0];
        private String properties = "";
        private int sysFlag;
        private long bornTimestamp;
        private InetSocketAddress bornHost = new InetSocketAddress("127.0.0.1", 0);
        private InetSocketAddress storeHost = new InetSocketAddress("127.0.0.1", 10911);
        private int reconsumeTimes;
        private long preparedTransactionOffset;

        private Builder(String topic) {
            this.topic = topic;
        }

        public Builder queueId(int value) {
            this.queueId = value;
            return this;
        }

        public Builder flag(int value) {
            this.flag = value;
            return this;
        }

        public Builder body(byte[] value) {
            this.body = value;
            return this;
        }

        public Builder properties(String encoded) {
            this.properties = encoded;
            return this;
        }

        public Builder properties(Map<String, String> map) {
            this.properties = MessageProperties.encode(map);
            return this;
        }

        public Builder sysFlag(int value) {
            this.sysFlag = value;
            return this;
        }

        public Builder bornTimestamp(long value) {
            this.bornTimestamp = value;
            return this;
        }

        public Builder bornHost(InetSocketAddress value) {
            this.bornHost = value;
            return this;
        }

        public Builder storeHost(InetSocketAddress value) {
            this.storeHost = value;
            return this;
        }

        public Builder reconsumeTimes(int value) {
            this.reconsumeTimes = value;
            return this;
        }

        public Builder preparedTransactionOffset(long value) {
            this.preparedTransactionOffset = value;
            return this;
        }

        public MessageToStore build() {
            return new MessageToStore(topic, queueId, flag, body, properties, sysFlag, bornTimestamp, bornHost,
                    storeHost, reconsumeTimes, preparedTransactionOffset);
        }
    }
}
