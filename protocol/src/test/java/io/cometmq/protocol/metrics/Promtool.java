package io.cometmq.protocol.metrics;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs promtool for tests: {@code check metrics} on a scrape, and any command on files (rules, rule unit tests). Without promtool the test is skipped (a JUnit
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

    /**
     * Runs promtool with {@code args} in {@code dir} and returns its output, failing the test when it does not
     * succeed. The output goes to a file: a failing "test rules" can print more than a pipe holds.
     */
    public static String run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(require().toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "promtool", ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = process.waitFor(2, TimeUnit.MINUTES);
        if (!done) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!done || process.exitValue() != 0) {
            fail("promtool " + String.join(" ", args) + " in " + dir + (done ? " failed" : " did not finish in 2 minutes")
                    + ":\n" + output);
        }
        return output;
    }
}
