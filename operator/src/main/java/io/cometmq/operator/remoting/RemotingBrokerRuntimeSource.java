package io.cometmq.operator.remoting;

import io.cometmq.operator.probe.BrokerRuntimeSource;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.KVTable;
import java.io.IOException;
import java.util.Map;

/** Asks one broker GET_BROKER_RUNTIME_INFO (28, no header); the body is a KVTable. Failures are thrown. */
public final class RemotingBrokerRuntimeSource implements BrokerRuntimeSource {
    private final RemotingAdmin admin;

    public RemotingBrokerRuntimeSource(RemotingAdmin admin) {
        this.admin = admin;
    }

    @Override
    public Map<String, String> runtimeInfo(String brokerAddress) throws Exception {
        RemotingCommand response = admin.call(brokerAddress, RequestCode.GET_BROKER_RUNTIME_INFO, null);
        if (response.code() != ResponseCode.SUCCESS || response.body() == null) {
            throw new IOException("broker " + brokerAddress + " answered GET_BROKER_RUNTIME_INFO with code "
                    + response.code() + (response.remark() == null ? "" : ": " + response.remark()));
        }
        return Json.decode(response.body(), KVTable.class).table();
    }
}
