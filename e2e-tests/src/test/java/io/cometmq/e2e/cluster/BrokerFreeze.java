package io.cometmq.e2e.cluster;

import java.util.List;

/**
 * Freezing a broker JVM from inside its pod with {@code kubectl exec}: the broker image runs the JVM as a child of
 * its bash entrypoint (PID 1, to which the kernel would not deliver a SIGSTOP sent from inside the container) and
 * keeps the JVM's pid in {@link #PID_FILE}. The commands use bash's {@code kill} builtin and {@code $(<file)}: the
 * image (Debian minbase) has no procps, so neither {@code pgrep} nor {@code /bin/kill}. The stop command prints the
 * pid it stopped and the pod's clock ({@code date +%s%3N}) at that moment.
 */
final class BrokerFreeze {
    static final String CONTAINER = "broker";
    static final String PID_FILE = "/tmp/cometmq-broker.pid";

    /** The JVM that was stopped and when, on the pod's clock (milliseconds since the epoch). */
    record Frozen(long pid, long atMillis) {
    }

    private BrokerFreeze() {
    }

    static List<String> stopCommand() {
        return stopCommand(PID_FILE);
    }

    static List<String> stopCommand(String pidFile) {
        return List.of("bash", "-c", "pid=\"$(<" + pidFile + ")\" && kill -STOP \"$pid\" && echo \"$pid $(date +%s%3N)\"");
    }

    static List<String> continueCommand(long pid) {
        return List.of("bash", "-c", "kill -CONT " + pid);
    }

    /** Parses the stop command's output, e.g. {@code "57 1765092123456\n"}. */
    static Frozen parse(String output) {
        String[] words = output.strip().split("\\s+");
        if (words.length != 2 || !words[0].matches("[0-9]+") || !words[1].matches("[0-9]+")) {
            throw new IllegalArgumentException("expected '<pid> <epoch millis>' from the freeze command, got '"
                    + output.strip() + "'");
        }
        return new Frozen(Long.parseLong(words[0]), Long.parseLong(words[1]));
    }
}
