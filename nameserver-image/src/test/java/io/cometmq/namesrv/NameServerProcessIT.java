package io.cometmq.namesrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as users run it: a separate JVM that prints where it listens and stops on SIGTERM. */
class NameServerProcessIT {

    @TempDir
    Path dir;

    @Test
    void fatJarServesTheAdminClientAndStopsCleanlyOnSigterm() throws Exception {
        Path jar = Path.of("target", "cometmq-nameserver.jar");
        assertThat(jar).exists();
        int port = freePort();
        Path config = Files.writeString(dir.resolve("nameserver.yaml"), "listenHost: 127.0.0.1\n");
        Process process = new ProcessBuilder(javaBin(), "-Xmx256m", "-jar", jar.toString(),
                "--config", config.toString(), "--listen-port", Integer.toString(port))
                .redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (Exception ignored) {
                // process ended
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> output.stream()
                    .anyMatch(line -> line.equals("CometMQ NameServer listening on 127.0.0.1:" + port)));

            DefaultMQAdminExt admin = new DefaultMQAdminExt(3000);
            admin.setNamesrvAddr("127.0.0.1:" + port);
            admin.setInstanceName("process-it-" + System.nanoTime());
            admin.start();
            try {
                assertThat(admin.examineBrokerClusterInfo().getBrokerAddrTable()).isEmpty();
            } finally {
                admin.shutdown();
            }

            // Process.destroy() did not run the child's shutdown hooks on this JDK; kill(1) sends a plain SIGTERM.
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            assertThat(process.exitValue()).isIn(0, 143);
            assertThat(output).contains("CometMQ NameServer stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
