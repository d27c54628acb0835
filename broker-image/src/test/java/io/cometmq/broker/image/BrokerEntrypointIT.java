package io.cometmq.broker.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker image's entrypoint ({@code docker/entrypoint.sh} with the shared {@code cometmq-entrypoint-lib.sh}),
 * run by bash without Docker, with a fake {@code java} first on PATH: a bash script that records its pid, its
 * arguments and the signals it gets, and exits with a code the test chooses. The entrypoint must keep the JVM as
 * its child (so that {@code kill -STOP} of the JVM works in a container, where the entrypoint is PID 1), publish
 * its pid, forward TERM and INT, survive a stopped JVM, and exit with the JVM's status.
 */
class BrokerEntrypointIT {
    private static final Path ENTRYPOINT = Path.of("docker", "entrypoint.sh");
    private static final Path LIBRARY = Path.of("..", "scripts", "image", "cometmq-entrypoint-lib.sh");
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    /** Records start and signals; exits FAKE_JAVA_EXIT at once if set, else on TERM (42) or INT (43). */
    private static final String FAKE_JAVA = """
            #!/bin/bash
            sleeper=
            trap 'echo TERM >> "$FAKE_JAVA_LOG"; kill $sleeper 2>/dev/null; exit 42' TERM
            trap 'echo INT >> "$FAKE_JAVA_LOG"; kill $sleeper 2>/dev/null; exit 43' INT
            echo "start $$ brokerId=${COMETMQ_BROKER_ID:-} $*" >> "$FAKE_JAVA_LOG"
            [ -z "${FAKE_JAVA_EXIT:-}" ] || exit "$FAKE_JAVA_EXIT"
            sleep 600 &
            sleeper=$!
            wait $sleeper
            """;

    @TempDir
    Path dir;
    Path pidFile;
    Path javaLog;
    Process entrypoint;

    @BeforeEach
    void install() throws IOException {
        Path image = Files.createDirectories(dir.resolve("opt"));
        Files.copy(ENTRYPOINT, image.resolve("entrypoint.sh"));
        Files.copy(LIBRARY, image.resolve("cometmq-entrypoint-lib.sh"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("java"), FAKE_JAVA);
        Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        pidFile = dir.resolve("broker.pid");
        javaLog = dir.resolve("java.log");
    }

    @AfterEach
    void stop() {
        if (entrypoint != null) {
            entrypoint.descendants().forEach(ProcessHandle::destroyForcibly);
            entrypoint.destroyForcibly();
        }
    }

    @Test
    void termIsForwardedToTheJvmChildAndItsExitStatusBecomesTheEntrypoints() throws Exception {
        long jvm = start(Map.of());

        assertThat(ProcessHandle.of(jvm).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .as("parent of the JVM").contains(entrypoint.pid());
        assertThat(Files.readString(javaLog)).startsWith("start " + jvm + " brokerId=7 ")
                .contains("-XX:MaxRAMPercentage=50", "-jar /opt/cometmq/cometmq-broker.jar --config /etc/x.conf");

        signal("TERM", entrypoint.pid());

        assertThat(exitStatus()).isEqualTo(42);
        assertThat(Files.readAllLines(javaLog)).last().isEqualTo("TERM");
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void intIsForwardedAndTheJvmDoesNotIgnoreIt() throws Exception {
        start(Map.of());

        signal("INT", entrypoint.pid());

        // bash makes a background child ignore INT; a JVM that inherited that would install no INT handler
        assertThat(exitStatus()).isEqualTo(43);
        assertThat(Files.readAllLines(javaLog)).last().isEqualTo("INT");
    }

    @Test
    void aStoppedJvmIsWaitedForUntilItContinues() throws Exception {
        long jvm = start(Map.of());

        signal("STOP", jvm);
        await("JVM stopped").atMost(DEADLINE).until(() -> state(jvm) == 'T');
        await("entrypoint keeps waiting for the stopped JVM").during(Duration.ofSeconds(1)).atMost(DEADLINE)
                .until(entrypoint::isAlive);
        assertThat(Files.readString(pidFile).strip()).isEqualTo(Long.toString(jvm));

        signal("CONT", jvm);
        await("JVM running again").atMost(DEADLINE).until(() -> state(jvm) != 'T');
        signal("TERM", entrypoint.pid());
        assertThat(exitStatus()).isEqualTo(42);
    }

    @Test
    void theJvmsOwnExitEndsTheEntrypointWithItsStatus() throws Exception {
        entrypoint = launch(Map.of("FAKE_JAVA_EXIT", "3"));
        assertThat(exitStatus()).isEqualTo(3);
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void aJvmKilledBySignalGivesStatus128PlusTheSignal() throws Exception {
        long jvm = start(Map.of());
        ProcessHandle sleeper = ProcessHandle.of(jvm).orElseThrow().children().findFirst().orElseThrow();

        signal("KILL", jvm);

        assertThat(exitStatus()).isEqualTo(128 + 9);
        sleeper.destroyForcibly();
    }

    @Test
    void anUnwritablePidFileStopsTheStartWithAClearMessage() throws Exception {
        pidFile = dir.resolve("missing-dir").resolve("broker.pid");
        entrypoint = launch(Map.of());
        assertThat(exitStatus()).isEqualTo(2);
        assertThat(new String(entrypoint.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("cannot write the JVM's pid file " + pidFile);
        assertThat(javaLog).doesNotExist();
    }

    /** Starts the entrypoint and returns the JVM's pid once the pid file names a JVM that has started. */
    private long start(Map<String, String> env) throws IOException {
        entrypoint = launch(env);
        return await("pid file names the started JVM").atMost(DEADLINE).until(() -> {
            if (!Files.exists(pidFile) || !Files.exists(javaLog)) {
                return null;
            }
            String pid = Files.readString(pidFile).strip();
            return !pid.isEmpty() && Files.readString(javaLog).startsWith("start " + pid + " ")
                    ? Long.valueOf(pid) : null;
        }, pid -> pid != null);
    }

    private Process launch(Map<String, String> extraEnv) throws IOException {
        // env --default-signal: this test may itself run with INT ignored (started in the background by a
        // non-interactive shell), which its children would inherit; in a container PID 1 starts with defaults
        ProcessBuilder builder = new ProcessBuilder("env", "--default-signal=INT", "bash",
                dir.resolve("opt/entrypoint.sh").toString(), "--config", "/etc/x.conf")
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("COMETMQ_") || k.equals("JAVA_OPTS"));
        env.put("PATH", dir.resolve("bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("COMETMQ_PID_FILE", pidFile.toString());
        env.put("FAKE_JAVA_LOG", javaLog.toString());
        env.put("POD_NAME", "t-broker-0-slave-1");
        env.put("COMETMQ_BROKER_ID_BASE", "6");
        env.putAll(extraEnv);
        return builder.start();
    }

    private int exitStatus() throws InterruptedException {
        assertThat(entrypoint.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("entrypoint exited").isTrue();
        return entrypoint.exitValue();
    }

    /** The process state letter from /proc (R, S, T for stopped, ...); 'X' once it is gone. */
    private static char state(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return 'X';
        }
        String text = Files.readString(stat);
        return text.charAt(text.lastIndexOf(')') + 2);
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder(List.of("kill", "-" + name, Long.toString(pid))).inheritIO().start();
        assertThat(kill.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %d", name, pid).isZero();
    }
}
