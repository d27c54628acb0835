package io.cometmq.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The client image ({@code e2e-tests/Dockerfile}) as the cluster test's Jobs run it: built by
 * {@code scripts/build-images.sh e2e-client}, started with only its arguments (entrypoint, non-root user, JAVA_OPTS
 * from the image), producing to and consuming from a NameServer and broker that run as processes from their fat
 * jars on loopback (the container shares the host's network). Skipped, with the reason, without a Docker engine or
 * when the local base image cannot be built, like the container-tests module.
 */
class ClientImageIT {
    static final Path REPO = Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    static final Path WORK = Path.of("target", "client-image-it");
    static final String IMAGE = "cometmq/e2e-client:dev";

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theImageProducesAndConsumesLikeTheJar() throws Exception {
        assumeTrue(dockerAvailable(), "Skipped: no Docker engine answers (scripts/ci-docker.sh starts one)");
        Process build = new ProcessBuilder("bash", REPO.resolve("scripts/build-images.sh").toString(), "e2e-client")
                .directory(REPO.toFile()).redirectErrorStream(true).start();
        String buildOutput = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(15, TimeUnit.MINUTES)).as("build-images.sh finished").isTrue();
        assumeTrue(build.exitValue() != 3, () -> "Skipped: the images cannot be built here: " + buildOutput.strip());
        assertThat(build.exitValue()).as("build-images.sh e2e-client:\n%s", buildOutput).isZero();
        var config = DockerClientFactory.instance().client().inspectImageCmd(IMAGE).exec().getConfig();
        assertThat(config.getUser()).as("USER of %s", IMAGE).isEqualTo("10001:10001");

        Files.createDirectories(WORK);
        int nameServerPort = freePort();
        String namesrv = "127.0.0.1:" + nameServerPort;
        Path brokerConfig = WORK.resolve("broker.yaml");
        Files.writeString(brokerConfig, String.join("\n", "brokerClusterName: \"ImageIT\"", "brokerName: \"image-it\"",
                "namesrvAddr: \"" + namesrv + "\"", "brokerIP1: \"127.0.0.1\"", "listenHost: \"127.0.0.1\"",
                "listenPort: \"" + freePort() + "\"", "haListenPort: \"" + freePort() + "\"",
                "storePathRootDir: \"" + WORK.resolve("store").toAbsolutePath() + "\"",
                "mappedFileSizeCommitLog: \"16777216\"", "autoCreateTopicEnable: \"true\"", ""));
        try (JarProcess nameServer = JarProcess.start(REPO.resolve("nameserver-image/target/cometmq-nameserver.jar"),
                WORK.resolve("nameserver.log"), List.of("--listen-host", "127.0.0.1", "--listen-port",
                        Integer.toString(nameServerPort))).awaitLog("listening on", Duration.ofSeconds(60));
                JarProcess broker = JarProcess.start(REPO.resolve("broker-image/target/cometmq-broker.jar"),
                        WORK.resolve("broker.log"), List.of("--config", brokerConfig.toString()))
                        .awaitLog("listening on", Duration.ofSeconds(60))) {
            String produced = runToCompletion("produce", "--namesrv", namesrv, "--topic", "ImageIT", "--count", "20",
                    "--run-id", "img");
            assertThat(ClientReport.parse("img", produced).acked()).as("produce output:\n%s", produced)
                    .isEqualTo(SequenceRanges.firstN(20));
            String consumed = runToCompletion("consume", "--namesrv", namesrv, "--topic", "ImageIT", "--group",
                    "image-it", "--run-id", "img", "--expect", "20", "--timeout", "90");
            assertThat(ClientReport.parse("img", consumed).received()).as("consume output:\n%s", consumed)
                    .isEqualTo(SequenceRanges.firstN(20));
        }
    }

    /** Runs the image with {@code args} until it exits; a non-zero exit fails the start. */
    private static String runToCompletion(String... args) {
        ToStringConsumer output = new ToStringConsumer();
        try (GenericContainer<?> client = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withNetworkMode("host")
                .withCommand(args)
                .withLogConsumer(output)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(3)))) {
            client.start();
        } catch (RuntimeException e) {
            throw new AssertionError("the client container failed: " + e.getMessage() + "\n" + output.toUtf8String(),
                    e);
        }
        return output.toUtf8String();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
