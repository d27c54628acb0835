package io.cometmq.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Prometheus' promtool (Debian package {@code prometheus}, /usr/bin/promtool; .ci/run installs it). Missing
 * promtool fails the test when the environment variable CI is "true", and skips it otherwise.
 */
final class Promtool {
    private Promtool() {
    }

    static Path require() {
        Path found = Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(d -> !d.isEmpty())
                                .map(d -> Path.of(d, "promtool")),
                        Stream.of(Path.of("/usr/bin/promtool")))
                .filter(Files::isExecutable).findFirst().orElse(null);
        String missing = "promtool not found on PATH or at /usr/bin/promtool: install the Debian package 'prometheus' "
                + "(apt-get install --no-install-recommends prometheus), as .ci/run does";
        if (found == null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(missing);
        }
        Assumptions.assumeTrue(found != null, missing);
        return found;
    }

    /** Runs promtool with the arguments in dir and asserts that it succeeds; returns its output. */
    static String run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(require().toString());
        command.addAll(List.of(args));
        // output to a file: a failing "test rules" can print more than a pipe holds
        Path log = Files.createTempFile(dir, "promtool", ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = process.waitFor(2, TimeUnit.MINUTES);
        if (!done) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done).as("promtool %s did not finish in 2 minutes: %s", args, output).isTrue();
        assertThat(process.exitValue()).as("promtool %s in %s:\n%s", String.join(" ", args), dir, output).isZero();
        return output;
    }
}
