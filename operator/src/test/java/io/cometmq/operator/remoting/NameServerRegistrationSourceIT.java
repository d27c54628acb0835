package io.cometmq.operator.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.namesrv.RegisteringBroker;
import io.cometmq.operator.status.RegistrationPoller;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registration source against a real NameServer started in this JVM, with brokers registered over TCP. */
class NameServerRegistrationSourceIT {
    private static InProcessNameServer nameServer;
    private static RemotingAdmin admin;

    @BeforeAll
    static void start() throws Exception {
        nameServer = new InProcessNameServer();
        admin = new RemotingAdmin(Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        admin.close();
        nameServer.close();
    }

    @Test
    void listsEveryRegisteredBrokerByNameAndId() throws Exception {
        NameServerRegistrationSource source = new NameServerRegistrationSource(admin);
        assertThat(source.registeredBrokers(nameServer.address)).noneMatch(k -> k.startsWith("reg-broker-"));

        try (RegisteringBroker master = new RegisteringBroker("reg", "reg-broker-0", 0, "127.0.0.1:30911", "TopicA");
                RegisteringBroker slave = new RegisteringBroker("reg", "reg-broker-0", 1, "127.0.0.2:30911", "TopicA");
                RegisteringBroker other = new RegisteringBroker("reg", "reg-broker-1", 0, "127.0.0.3:30911", "TopicA")) {
            master.register(nameServer.address);
            slave.register(nameServer.address);
            other.register(nameServer.address);

            assertThat(source.registeredBrokers(nameServer.address))
                    .contains("reg-broker-0/0", "reg-broker-0/1", "reg-broker-1/0");
        }
    }

    @Test
    void anUnreachableNameServerFailsFastAndThePollerMovesOn() throws Exception {
        String closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = "127.0.0.1:" + socket.getLocalPort();
        }
        NameServerRegistrationSource source = new NameServerRegistrationSource(admin);
        long start = System.nanoTime();
        assertThatThrownBy(() -> source.registeredBrokers(closedPort)).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> source.registeredBrokers("no-such-host.invalid:9876")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> source.registeredBrokers("not-an-address")).isInstanceOf(Exception.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

        try (RegisteringBroker broker = new RegisteringBroker("poll", "poll-broker-0", 0, "127.0.0.1:31911", "TopicB")) {
            broker.register(nameServer.address);
            Set<String> seen = new RegistrationPoller(source).poll(List.of(closedPort, nameServer.address)).orElseThrow();
            assertThat(seen).contains("poll-broker-0/0");
        }
        assertThat(new RegistrationPoller(source).poll(List.of(closedPort))).isEmpty();
    }
}
