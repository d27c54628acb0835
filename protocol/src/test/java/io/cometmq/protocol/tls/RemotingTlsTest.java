package io.cometmq.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.netty.RemotingClient;
import io.cometmq.protocol.netty.RemotingException;
import io.cometmq.protocol.netty.RemotingServer;
import io.cometmq.protocol.netty.RequestProcessor;
import io.netty.channel.Channel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** TLS modes, trust, client certificates and certificate rotation on the Netty remoting server and client. */
class RemotingTlsTest {

    private static final int ECHO = 1000;

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private TestCertificates.Authority ca;
    private TestCertificates.Issued first;
    private TestCertificates.SecretVolume volume;

    @BeforeEach
    void certificates() throws Exception {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        ca = TestCertificates.newAuthority(dir, "ca");
        first = ca.issue(dir, "server1");
        volume = new TestCertificates.SecretVolume(dir.resolve("mounted"));
        volume.publish(first);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        executor.shutdownNow();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        String keyBody = TestCertificates.pemBody(first.keyPath());
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(line -> line.contains(keyBody.substring(0, 40)));
    }

    @Test
    void enforcingServesTlsAndClosesPlainConnectionsLoggingOncePerPeer() throws Exception {
        String address = start(TlsMode.ENFORCING, config(TlsMode.ENFORCING, "none", ""));
        assertThat(echo(client(ClientTls.trusting(ca.certPath())), address)).isEqualTo("hi");
        for (int i = 0; i < 3; i++) {
            RemotingClient plain = client(null);
            assertThatThrownBy(() -> echo(plain, address)).isInstanceOf(RemotingException.class);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(warnings("TLS handshake with"))
                .hasSize(1).first().asString().contains("plain (non-TLS)").contains("enforcing"));
    }

    @Test
    void permissiveServesTlsAndPlainOnTheSamePort() throws Exception {
        String address = start(TlsMode.PERMISSIVE, config(TlsMode.PERMISSIVE, "none", ""));
        assertThat(echo(client(ClientTls.trusting(ca.certPath())), address)).isEqualTo("hi");
        assertThat(echo(client(null), address)).isEqualTo("hi");
        assertThat(echo(client(ClientTls.trustAll()), address)).isEqualTo("hi");
    }

    @Test
    void plainServerRefusesTlsClients() throws Exception {
        RemotingServer server = server(ServerTls.DISABLED);
        String address = "127.0.0.1:" + server.localAddress().getPort();
        assertThatThrownBy(() -> echo(client(ClientTls.trustAll()), address)).isInstanceOf(RemotingException.class);
        assertThat(echo(client(null), address)).isEqualTo("hi");
    }

    @Test
    void clientTrustingAnotherCaRefusesTheServer() throws Exception {
        TestCertificates.Authority other = TestCertificates.newAuthority(dir, "other-ca");
        String address = start(TlsMode.ENFORCING, config(TlsMode.ENFORCING, "none", ""));
        assertThatThrownBy(() -> echo(client(ClientTls.trusting(other.certPath())), address))
                .isInstanceOf(RemotingException.class).hasMessageContaining("TLS handshake failed")
                .hasMessageContaining("certification path");
        assertThat(echo(client(ClientTls.trusting(ca.certPath())), address)).isEqualTo("hi");
        assertThat(echo(client(ClientTls.trustingPem(Files.readString(ca.certPath()))), address)).isEqualTo("hi");
        assertThatThrownBy(() -> echo(client(ClientTls.trustingPem(Files.readString(other.certPath()))), address))
                .isInstanceOf(RemotingException.class).hasMessageContaining("TLS handshake failed");
        assertThatThrownBy(() -> new ClientSslContext(ClientTls.trustingPem("not a certificate")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trusted CA PEM");
    }

    @Test
    void requiredClientCertificateMustComeFromTheTrustedCa() throws Exception {
        String address = start(TlsMode.ENFORCING, config(TlsMode.ENFORCING, "require", ca.certPath().toString()));
        TestCertificates.Issued clientCert = ca.issue(dir, "client");
        TestCertificates.Issued stranger = TestCertificates.newAuthority(dir, "stranger-ca").issue(dir, "stranger");
        ClientTls trusting = ClientTls.trusting(ca.certPath());
        assertThatThrownBy(() -> echo(client(trusting), address)).isInstanceOf(RemotingException.class);
        assertThatThrownBy(() -> echo(client(trusting.withClientCertificate(stranger.certPath(), stranger.keyPath(),
                "")), address)).isInstanceOf(RemotingException.class);
        assertThat(echo(client(trusting.withClientCertificate(clientCert.certPath(), clientCert.keyPath(), "")),
                address)).isEqualTo("hi");
    }

    @ParameterizedTest
    @EnumSource(value = TlsMode.class, names = {"PERMISSIVE", "ENFORCING"})
    void rotatedCertificateReachesNewConnectionsWhileOpenOnesKeepWorking(TlsMode mode) throws Exception {
        String address = start(mode, config(mode, "none", ""));
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
        RemotingClient open = client(ClientTls.trusting(ca.certPath()));
        assertThat(echo(open, address)).isEqualTo("hi");
        Channel before = open.channel(address).get();
        assertThat(TestCertificates.serverCertificateSerial("127.0.0.1", port)).isEqualTo(first.serial());

        TestCertificates.Issued second = ca.issue(dir, "server2");
        volume.publish(second);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(
                () -> TestCertificates.serverCertificateSerial("127.0.0.1", port).equals(second.serial()));
        assertThat(echo(open, address)).isEqualTo("hi");
        assertThat(open.channel(address).get()).isSameAs(before);
        assertThat(echo(client(ClientTls.trusting(ca.certPath())), address)).isEqualTo("hi");
        assertThat(infos("TLS server certificate reloaded")).anyMatch(line -> line.contains(
                second.serial().toString(16)));
    }

    @Test
    void unusableNewFilesKeepThePreviousCertificateAndNameTheFile() throws Exception {
        ServerSslContext context = ServerSslContext.load(config(TlsMode.ENFORCING, "none", ""));
        Path broken = dir.resolve("broken.key");
        Files.writeString(broken, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        volume.publish(first.certPath(), broken);

        assertThat(context.reloadIfChanged()).isFalse();
        assertThat(context.reloadIfChanged()).isFalse();
        assertThat(errors("keeping the previous TLS certificate")).as("reported once while it stays bad")
                .singleElement().asString().contains(volume.keyPath().toString()).doesNotContain("bm90IGEga2V5");

        Path notACert = dir.resolve("garbage.crt");
        Files.writeString(notACert, "not a certificate");
        volume.publish(notACert, first.keyPath());
        assertThat(context.reloadIfChanged()).isFalse();
        assertThat(errors("keeping the previous TLS certificate")).hasSize(2).last().asString()
                .contains(volume.certPath().toString());

        RemotingServer server = server(new ServerTls(TlsMode.ENFORCING, context));
        assertThat(TestCertificates.serverCertificateSerial("127.0.0.1", server.localAddress().getPort()))
                .isEqualTo(first.serial());
    }

    @Test
    void unusableFilesAtStartFailNamingTheFile() throws Exception {
        Path missing = dir.resolve("missing.key");
        TlsConfig config = new TlsConfig(TlsMode.ENFORCING, first.certPath().toString(), missing.toString(), "", "",
                "none", false, "", false, "", "", "", Duration.ofSeconds(10));
        assertThatThrownBy(() -> ServerSslContext.load(config)).isInstanceOf(TlsFileException.class)
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> new ClientSslContext(ClientTls.trusting(missing)))
                .isInstanceOf(TlsFileException.class).hasMessageContaining(missing.toString());
    }

    private TlsConfig config(TlsMode mode, String needClientAuth, String trustCertPath) {
        return new TlsConfig(mode, volume.certPath().toString(), volume.keyPath().toString(), "", trustCertPath,
                needClientAuth, false, "", false, "", "", "", Duration.ofMillis(100));
    }

    private String start(TlsMode mode, TlsConfig config) throws Exception {
        ServerSslContext context = ServerSslContext.open(config);
        resources.add(context);
        RemotingServer server = server(new ServerTls(mode, context));
        return "127.0.0.1:" + server.localAddress().getPort();
    }

    private RemotingServer server(ServerTls tls) throws Exception {
        RemotingServer server = new RemotingServer(RemotingServer.Config.onPort("127.0.0.1", 0).withTls(tls));
        server.registerProcessor(ECHO, RequestProcessor.sync((ctx, request) ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).putField("echo", request.field("v"))),
                executor);
        server.start();
        resources.add(() -> server.shutdown(Duration.ofSeconds(2)));
        return server;
    }

    private RemotingClient client(ClientTls tls) {
        RemotingClient client = new RemotingClient(RemotingClient.Config.defaults().withTls(tls));
        resources.add(client);
        return client;
    }

    private static String echo(RemotingClient client, String address) throws Exception {
        RemotingCommand response = client.invokeSync(address, RemotingCommand.request(ECHO, Map.of("v", "hi")), 3000);
        return response.field("echo");
    }

    private List<String> warnings(String prefix) {
        return messages(ch.qos.logback.classic.Level.WARN, prefix);
    }

    private List<String> errors(String text) {
        return messages(ch.qos.logback.classic.Level.ERROR, text);
    }

    private List<String> infos(String text) {
        return messages(ch.qos.logback.classic.Level.INFO, text);
    }

    private List<String> messages(ch.qos.logback.classic.Level level, String text) {
        synchronized (logs) { // the monitor AppenderBase.doAppend holds while it appends
            return logs.list.stream().filter(event -> event.getLevel() == level)
                    .map(ILoggingEvent::getFormattedMessage).filter(line -> line.contains(text)).toList();
        }
    }
}
