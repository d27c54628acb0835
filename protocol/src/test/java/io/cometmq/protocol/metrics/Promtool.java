package io.cometmq.protocol.metrics;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code promtool check metrics} on a scrape, for tests. Without promtool the test is skipped (a JUnit
 * assumption), or fails saying so when CI=true (CI installs Debian's {@code prometheus} package).
 */
public final class Promtool {

    /** What promtool printed and its exit code. */
    public record Result(int exitCode, String output) {
    }

    /** What promtool says about Micrometer's own JVM family names (the same in every Micrometer application). */
    public static final java.util.Set<String> MICROMETER_JVM_WARNINGS = java.util.Set.of(
            "process_cpu_time_ns_total metric names should not contain abbreviated units",
            "system_cpu_count non-histogram and non-summary metrics should not have \"_count\" suffix");

    private Promtool() {
    }

    public static Path require() {
        Path promtool = Path.of("/usr/bin/promtool");
        String onPath = System.getenv("PATH") == null ? "" : System.getenv("PATH");
        for (String dir : onPath.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "promtool"))) {
                promtool = Path.of(dir, "promtool");
                break;
            }
        }
        if (!Files.isExecutable(promtool)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("promtool is not installed (apt-get install -y prometheus) and CI=true");
            }
            assumeTrue(false, "promtool is not installed: apt-get install -y prometheus");
        }
        return promtool;
    }

    /** {@code promtool check metrics} with {@code scrape} on stdin. */
    public static Result checkMetrics(String scrape) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(require().toString(), "check", "metrics").redirectErrorStream(true)
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool check metrics did not finish in 60 s");
        }
        return new Result(process.exitValue(), output);
    }
}
