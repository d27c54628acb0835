package io.cometmq.operator.it.rbac;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the operator processes of one watch mode sent during this test JVM, written to
 * {@code target/rbac/recorded-requests-<mode>.json} every time an operator of that mode stops. The helm module's
 * {@code RecordedRequestsAllowedTest} checks the rendered chart's RBAC against these files, so they describe how
 * the operator was run: which namespaces it watched and where its Lease lives.
 */
public final class RecordedRequests {
    static final Path DIR = Path.of(System.getProperty("rbac.recordings.dir", "target/rbac"));
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Map<String, RecordedRequests> BY_MODE = new ConcurrentHashMap<>();

    /** The file's content. */
    public record Recording(String mode, List<String> watchNamespaces, String leaseNamespace, boolean leaderElection,
            List<String> tests, List<ApiRequest> requests) {}

    private final String mode;
    private final Set<String> watchNamespaces;
    private final String leaseNamespace;
    private boolean leaderElection;
    private final Set<String> tests = new TreeSet<>();
    private final Set<ApiRequest> requests = new TreeSet<>(ApiRequest.ORDER);

    private RecordedRequests(String mode, Set<String> watchNamespaces, String leaseNamespace) {
        this.mode = mode;
        this.watchNamespaces = new TreeSet<>(watchNamespaces);
        this.leaseNamespace = leaseNamespace;
    }

    /** Adds what one operator instance sent and rewrites the mode's file. */
    public static void add(String mode, Set<String> watchNamespaces, String leaseNamespace, boolean leaderElection,
            String test, Set<ApiRequest> sent) {
        RecordedRequests recorded = BY_MODE.computeIfAbsent(mode, m -> new RecordedRequests(m, watchNamespaces, leaseNamespace));
        if (!recorded.watchNamespaces.equals(new TreeSet<>(watchNamespaces)) || !recorded.leaseNamespace.equals(leaseNamespace)) {
            throw new IllegalStateException("mode " + mode + " was recorded watching " + recorded.watchNamespaces + " with the "
                    + "lease in " + recorded.leaseNamespace + "; give a different set-up its own mode name");
        }
        synchronized (recorded) {
            recorded.leaderElection |= leaderElection;
            recorded.tests.add(test);
            recorded.requests.addAll(sent);
            recorded.write();
        }
    }

    public static Path file(String mode) {
        return DIR.resolve("recorded-requests-" + mode + ".json");
    }

    private void write() {
        Recording recording = new Recording(mode, List.copyOf(watchNamespaces), leaseNamespace, leaderElection,
                List.copyOf(tests), List.copyOf(requests));
        try {
            Files.createDirectories(DIR);
            Path tmp = Files.createTempFile(DIR, "recording", ".tmp");
            JSON.writeValue(tmp.toFile(), recording);
            Files.move(tmp, file(mode), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(mode), e);
        }
    }
}
