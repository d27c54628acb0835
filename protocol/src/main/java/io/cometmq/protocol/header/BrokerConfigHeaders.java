package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/** GET_BROKER_CONFIG (26): the answer's header (the body is the configuration as properties text). */
public final class BrokerConfigHeaders {

    private BrokerConfigHeaders() {
    }

    /** GetBrokerConfigResponseHeader: {@code version} is the configuration's DataVersion as JSON. */
    public record GetBrokerConfigResponse(String version) {

        public static GetBrokerConfigResponse decode(RemotingCommand command) {
            return new GetBrokerConfigResponse(ExtFields.of(command).required("version"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("version", version).map();
        }
    }
}
