package io.cometmq.namesrv;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.config.Settings;
import io.cometmq.protocol.header.ControllerEpochFields;
import java.time.Clock;
import java.util.Map;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller-epoch fields over the wire: what a managed broker sends and reads back, and the route the Apache
 * admin client then sees.
 */
class ControllerEpochIT {

    private NameServer nameServer;
    private String nameServerAddr;
    private DefaultMQAdminExt admin;
    private final RegisteringBroker oldMaster = new RegisteringBroker("C", "g", 0, "127.0.0.1:20911", "T");
    private final RegisteringBroker newMaster = new RegisteringBroker("C", "g", 0, "127.0.0.1:21911", "T");

    @BeforeEach
    void start() throws Exception {
        nameServer = new NameServer(NameServerConfig.from(Settings.fromMap(Map.of("listenHost", "127.0.0.1",
                "listenPort", "0"), "test")), Clock.systemUTC());
        nameServerAddr = "127.0.0.1:" + nameServer.start().getPort();
        admin = new DefaultMQAdminExt(3000);
        admin.setNamesrvAddr(nameServerAddr);
        admin.start();
    }

    @AfterEach
    void stop() {
        admin.shutdown();
        oldMaster.close();
        newMaster.close();
        nameServer.close();
    }

    @Test
    void lowerEpochIsRefusedTheMasterSlotOnRegistrationAndHeartbeat() throws Exception {
        RemotingCommand first = oldMaster.register(nameServerAddr, 1);
        assertThat(first.field(ControllerEpochFields.MASTER_EPOCH)).isEqualTo("1");
        assertThat(first.field(ControllerEpochFields.MASTER_REFUSED)).isNull();

        RemotingCommand second = newMaster.register(nameServerAddr, 2);
        assertThat(second.field(ControllerEpochFields.MASTER_EPOCH)).isEqualTo("2");

        RemotingCommand refused = oldMaster.register(nameServerAddr, 1);
        assertThat(refused.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(refused.field(ControllerEpochFields.MASTER_REFUSED)).isEqualTo("true");
        assertThat(refused.field(ControllerEpochFields.MASTER_EPOCH)).isEqualTo("2");
        assertThat(refused.field("masterAddr")).isEqualTo(newMaster.addr);

        RemotingCommand heartbeat = oldMaster.leaseHeartbeat(nameServerAddr, 1);
        assertThat(heartbeat.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(heartbeat.field(ControllerEpochFields.MASTER_REFUSED)).isEqualTo("true");
        RemotingCommand accepted = newMaster.leaseHeartbeat(nameServerAddr, 2);
        assertThat(accepted.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(accepted.field(ControllerEpochFields.MASTER_REFUSED)).isNull();

        TopicRouteData route = admin.examineTopicRouteInfo("T");
        assertThat(route.getBrokerDatas().get(0).getBrokerAddrs()).isEqualTo(Map.of(0L, newMaster.addr));
    }

    @Test
    void unmanagedRegistrationsGetNoEpochFields() throws Exception {
        RemotingCommand response = oldMaster.register(nameServerAddr);
        assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.field(ControllerEpochFields.MASTER_EPOCH)).isNull();
        assertThat(response.field(ControllerEpochFields.MASTER_REFUSED)).isNull();
    }

    @Test
    void heartbeatOfAnUnregisteredManagedBrokerAsksForARegistration() throws Exception {
        newMaster.register(nameServerAddr, 2);
        RemotingCommand response = oldMaster.leaseHeartbeat(nameServerAddr, 3);
        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.remark()).contains("not registered");
        assertThat(response.field(ControllerEpochFields.MASTER_EPOCH)).isEqualTo("2");
    }
}
