package io.cometmq.e2e.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Captures {@code kubectl get bc -w} and {@code kubectl describe bc} into {@code docs/examples/}: with the kubectl
 * binary when one is on PATH, else rendered by {@link KubectlView} from the same API objects. The first line of each
 * file is the command, the second says which of the two produced it.
 */
final class KubectlCapture {
    static final String CRD = "brokerclusters.cometmq.io";

    private final KubernetesClient client;
    private final ClusterOps ops;
    private final Path kubeconfig;
    private final Path outputDir;
    private final Optional<Path> kubectl;

    KubectlCapture(ClusterOps ops, Path kubeconfig, Path outputDir) {
        this(ops, kubeconfig, outputDir, findOnPath("kubectl"));
    }

    /** With an explicit kubectl binary, or none to render from the API objects. */
    KubectlCapture(ClusterOps ops, Path kubeconfig, Path outputDir, Optional<Path> kubectl) {
        this.client = ops.client();
        this.ops = ops;
        this.kubeconfig = kubeconfig;
        this.outputDir = outputDir;
        this.kubectl = kubectl;
    }

    String source() {
        return kubectl.map(k -> "captured with " + k).orElse(
                "rendered from the API objects by e2e-tests KubectlView (no kubectl on PATH), in kubectl's layout");
    }

    /** A running {@code kubectl get bc -n <ns> -w}; {@link Watch#save} stops it and writes what it printed. */
    interface Watch extends AutoCloseable {
        /** What it has printed so far. */
        String output() throws IOException;

        /** Stops watching and writes the output to {@code fileName} in the output directory. */
        void save(String fileName) throws Exception;

        /** Stops watching (the kubectl process, or the poller); safe to call again. */
        @Override
        void close() throws Exception;
    }

    Watch watchGet(String namespace) throws IOException {
        String command = "$ kubectl get bc -n " + namespace + " -w";
        if (kubectl.isPresent()) {
            File out = Files.createTempFile("kubectl-get", ".txt").toFile();
            out.deleteOnExit();
            Process process = new ProcessBuilder(kubectl.get().toString(), "--kubeconfig", kubeconfig.toString(),
                    "get", "bc", "-n", namespace, "-w").redirectErrorStream(true).redirectOutput(out).start();
            return new Watch() {
                @Override
                public String output() throws IOException {
                    return Files.readString(out.toPath(), StandardCharsets.UTF_8);
                }

                @Override
                public void save(String fileName) throws Exception {
                    close();
                    KubectlCapture.this.save(fileName, command, output());
                }

                @Override
                public void close() throws Exception {
                    process.destroy();
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                }
            };
        }
        // kubectl -w prints a row whenever the object changes; poll and keep each row that differs (AGE aside)
        List<KubectlView.Column> columns = printerColumns();
        List<String> rows = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kubectl-get-capture");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(() -> {
            try {
                for (Map<String, Object> cluster : ops.clusters(namespace)) {
                    String row = KubectlView.getRow(cluster, columns, Instant.now());
                    String key = row.substring(0, row.lastIndexOf('\t'));
                    synchronized (rows) {
                        if (!keys.contains(key)) {
                            keys.add(key);
                            rows.add(row);
                        }
                    }
                }
            } catch (RuntimeException e) {
                ClusterOps.log("kubectl get capture: %s", e);
            }
        }, 0, 1, TimeUnit.SECONDS);
        return new Watch() {
            @Override
            public String output() {
                synchronized (rows) {
                    return KubectlView.table(KubectlView.getHeader(columns), rows);
                }
            }

            @Override
            public void save(String fileName) throws Exception {
                close();
                KubectlCapture.this.save(fileName, command, output());
            }

            @Override
            public void close() throws InterruptedException {
                poller.shutdownNow();
                poller.awaitTermination(10, TimeUnit.SECONDS);
            }
        };
    }

    void describe(String namespace, String name, String fileName) throws Exception {
        save(fileName, "$ kubectl describe bc " + name + " -n " + namespace, describe(namespace, name));
    }

    /** {@code kubectl describe bc <name>}: kubectl's output, or the same rendered from the API objects. */
    String describe(String namespace, String name) throws Exception {
        Optional<String> output = kubectl("describe", "bc", name, "-n", namespace);
        if (output.isPresent()) {
            return output.get();
        }
        Map<String, Object> cluster = ops.cluster(namespace, name).orElseThrow();
        @SuppressWarnings("unchecked")
        String uid = (String) ((Map<String, Object>) cluster.get("metadata")).get("uid");
        // the namespace's events filtered here rather than by a field selector: same result, fewer server features
        List<KubectlView.Event> events = client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> e.getInvolvedObject() != null && uid.equals(e.getInvolvedObject().getUid()))
                .map(KubectlCapture::event).toList();
        return KubectlView.describe(cluster, events, Instant.now());
    }

    /** The output of {@code kubectl <args>} (stdout and stderr) when kubectl is on the PATH. */
    Optional<String> kubectl(String... args) throws Exception {
        if (kubectl.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(kubectl.get().toString(), "--kubeconfig",
                kubeconfig.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return Optional.of(output);
    }

    private static KubectlView.Event event(Event e) {
        Instant first = e.getFirstTimestamp() != null ? Instant.parse(e.getFirstTimestamp())
                : e.getEventTime() != null ? Instant.parse(e.getEventTime().getTime())
                : Instant.parse(e.getMetadata().getCreationTimestamp());
        Instant last = e.getLastTimestamp() != null ? Instant.parse(e.getLastTimestamp()) : first;
        String from = e.getSource() != null && e.getSource().getComponent() != null ? e.getSource().getComponent()
                : Optional.ofNullable(e.getReportingComponent()).orElse("");
        return new KubectlView.Event(e.getType(), e.getReason(), first, last,
                e.getCount() == null ? 1 : e.getCount(), from, Optional.ofNullable(e.getMessage()).orElse(""));
    }

    @SuppressWarnings("unchecked")
    private List<KubectlView.Column> printerColumns() {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(CRD).get();
        Map<String, Object> map = client.getKubernetesSerialization().convertValue(crd, Map.class);
        List<Map<String, Object>> versions = (List<Map<String, Object>>) ((Map<String, Object>) map.get("spec"))
                .get("versions");
        return KubectlView.Column.fromCrdVersion(versions.stream().filter(v -> Boolean.TRUE.equals(v.get("served")))
                .findFirst().orElse(versions.get(0)));
    }

    private void save(String fileName, String command, String output) throws IOException {
        Files.createDirectories(outputDir);
        Path file = outputDir.resolve(fileName);
        Files.writeString(file, command + "\n# " + source() + "\n" + output, StandardCharsets.UTF_8);
        ClusterOps.log("wrote %s:%n%s", file, output);
    }

    private static Optional<Path> findOnPath(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
