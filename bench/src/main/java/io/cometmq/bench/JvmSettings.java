package io.cometmq.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** JVM flags shared by both targets so neither gets a bigger heap or a different collector. */
record JvmSettings(Path javaBin, String nameServerHeap, String brokerHeap, String runTag) {

    static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    List<String> nameServer(Path userHome) {
        return common(nameServerHeap, userHome);
    }

    List<String> broker(Path userHome) {
        List<String> args = common(brokerHeap, userHome);
        // Extra flags for the broker JVM of both products, e.g. a profiler agent (-agentpath:...) or JFR.
        String extra = System.getenv("BENCH_BROKER_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
            args.addAll(List.of(extra.trim().split("\\s+")));
        }
        return args;
    }

    private List<String> common(String heap, Path userHome) {
        List<String> args = new ArrayList<>();
        args.add(javaBin.toString());
        args.add("-Xms" + heap);
        args.add("-Xmx" + heap);
        args.add("-XX:+UseG1GC");
        args.add("-XX:-OmitStackTraceInFastThrow");
        // Both products log under ${user.home}/logs; keep that out of the real home directory, and keep
        // temp files (Netty's self-signed certificates, native libraries) where clean-up will find them.
        args.add("-Duser.home=" + userHome);
        args.add("-Djava.io.tmpdir=" + userHome.resolve("tmp"));
        // Marks our children so a leftover one is easy to find (pgrep -af cometmq.bench.run).
        args.add("-Dcometmq.bench.run=" + runTag);
        return args;
    }
}
