package io.cometmq.bench.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Memory per idle connection: the server's heap after a full GC and its RSS, before and while a separate client
 * JVM ({@link IdleConnections}) holds {@code count} connections open; the difference divided by the count.
 */
final class ConnectionCost {

    record Result(String server, int connections, long heapBeforeKib, long heapWithKib, long rssBeforeKib,
            long rssWithKib, Duration openTime) {

        long heapBytesPerConnection() {
            return (heapWithKib - heapBeforeKib) * 1024 / connections;
        }

        long rssBytesPerConnection() {
            return (rssWithKib - rssBeforeKib) * 1024 / connections;
        }
    }

    private ConnectionCost() {
    }

    static Result measure(String label, ChildJvm server, int port, int count, Path dir) throws Exception {
        long heapBefore = server.heapUsedAfterGcKib();
        long rssBefore = server.rssKib();
        int filesBefore = server.openFiles();
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process client = new ProcessBuilder(javaBin.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                IdleConnections.class.getName(), "127.0.0.1", Integer.toString(port), Integer.toString(count))
                .redirectError(dir.resolve("idle-connections-" + label + ".err").toFile()).start();
        try {
            long start = System.nanoTime();
            BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("OPEN ")) {
                throw new IllegalStateException("the idle-connection client for " + label + " said: " + line);
            }
            // the client's connect() returns once the kernel accepted; wait until the server has them too
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            while (server.openFiles() < filesBefore + count * 99L / 100) {
                server.ensureAlive();
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(label + " accepted only " + (server.openFiles() - filesBefore)
                            + " of " + count + " connections in 120 s");
                }
                Thread.sleep(200);
            }
            Duration openTime = Duration.ofNanos(System.nanoTime() - start);
            long heapWith = server.heapUsedAfterGcKib();
            long rssWith = server.rssKib();
            return new Result(label, count, heapBefore, heapWith, rssBefore, rssWith, openTime);
        } finally {
            client.getOutputStream().close(); // the client closes its connections and exits
            if (!client.waitFor(30, TimeUnit.SECONDS)) {
                client.destroyForcibly();
            }
        }
    }

    static List<String> rows(String product, List<Result> results) {
        return results.stream().map(r -> String.format("| %s | %s | %,d | %,d → %,d | %,d | %,d → %,d | %,d | %.1f |",
                product, r.server(), r.connections(), r.heapBeforeKib() / 1024, r.heapWithKib() / 1024,
                r.heapBytesPerConnection(), r.rssBeforeKib() / 1024, r.rssWithKib() / 1024, r.rssBytesPerConnection(),
                r.openTime().toMillis() / 1000.0)).toList();
    }
}
