package io.cometmq.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerFreezeTest {

    @Test
    void theStopOutputGivesPidAndPodClock() {
        assertThat(BrokerFreeze.parse("57 1765092123456\n")).isEqualTo(new BrokerFreeze.Frozen(57, 1765092123456L));
        assertThatThrownBy(() -> BrokerFreeze.parse("bash: /tmp/cometmq-broker.pid: No such file or directory"))
                .hasMessageContaining("expected '<pid> <epoch millis>'").hasMessageContaining("No such file");
    }

    /** The commands as the pod's bash runs them, against a local process whose pid is in a file. */
    @Test
    void theCommandsStopAndContinueTheProcessNamedByThePidFile(@TempDir Path dir) throws Exception {
        Process target = new ProcessBuilder("sleep", "60").start();
        try {
            Path pidFile = dir.resolve("broker.pid");
            Files.writeString(pidFile, target.pid() + "\n");
            long before = System.currentTimeMillis();

            BrokerFreeze.Frozen frozen = BrokerFreeze.parse(run(BrokerFreeze.stopCommand(pidFile.toString())));

            assertThat(frozen.pid()).isEqualTo(target.pid());
            assertThat(frozen.atMillis()).isBetween(before, System.currentTimeMillis());
            await().atMost(Duration.ofSeconds(10)).until(() -> state(target.pid()) == 'T');
            run(BrokerFreeze.continueCommand(frozen.pid()));
            await().atMost(Duration.ofSeconds(10)).until(() -> state(target.pid()) != 'T');
        } finally {
            target.destroyForcibly();
        }
        assertThat(BrokerFreeze.stopCommand()).last().asString().contains("$(</tmp/cometmq-broker.pid)");
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
        return output;
    }

    private static char state(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
