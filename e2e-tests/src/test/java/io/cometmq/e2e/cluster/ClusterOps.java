package io.cometmq.e2e.cluster;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/** The Kubernetes API calls the end-to-end test makes, through fabric8, as a user with kubectl would. */
final class ClusterOps {
    static final ResourceDefinitionContext BROKER_CLUSTERS = new ResourceDefinitionContext.Builder()
            .withGroup("cometmq.io").withVersion("v1alpha1").withKind("BrokerCluster").withPlural("brokerclusters")
            .withNamespaced(true).build();
    static final ResourceDefinitionContext BROKER_USERS = new ResourceDefinitionContext.Builder()
            .withGroup("cometmq.io").withVersion("v1alpha1").withKind("BrokerUser").withPlural("brokerusers")
            .withNamespaced(true).build();
    static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    static final Duration POLL = Duration.ofSeconds(2);

    private final KubernetesClient client;

    ClusterOps(KubernetesClient client) {
        this.client = client;
    }

    KubernetesClient client() {
        return client;
    }

    static void log(String format, Object... args) {
        System.out.printf("%s e2e: %s%n", Instant.now(), String.format(format, args));
        System.out.flush();
    }

    // ---- namespaces ----

    void createNamespace(String name, Map<String, String> labels) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("app.kubernetes.io/part-of", "cometmq-e2e")).addToLabels(labels).endMetadata()
                .build()).create();
        log("namespace %s created %s", name, labels);
    }

    /** Deletes the namespace (everything in it goes with it) and waits until it is gone; never throws. */
    void deleteNamespace(String name, Duration atMost) {
        try {
            client.namespaces().withName(name).delete();
            await("namespace " + name + " deleted").atMost(atMost).pollInterval(POLL)
                    .until(() -> client.namespaces().withName(name).get() == null);
            log("namespace %s deleted", name);
        } catch (RuntimeException e) {
            log("clean-up: namespace %s not (yet) deleted: %s", name, e);
        }
    }

    // ---- BrokerClusters (as plain maps) ----

    void createCluster(String namespace, Map<String, Object> manifest) {
        create(BROKER_CLUSTERS, namespace, manifest);
    }

    Optional<Map<String, Object>> cluster(String namespace, String name) {
        return get(BROKER_CLUSTERS, namespace, name);
    }

    /** Creates a custom resource given as a plain map, in {@code namespace}. */
    private void create(ResourceDefinitionContext kind, String namespace, Map<String, Object> manifest) {
        GenericKubernetesResource resource = client.getKubernetesSerialization().convertValue(manifest,
                GenericKubernetesResource.class);
        resource.getMetadata().setNamespace(namespace);
        client.genericKubernetesResources(kind).inNamespace(namespace).resource(resource).create();
        log("%s %s/%s created", kind.getKind(), namespace, resource.getMetadata().getName());
    }

    /** A custom resource as a plain map, if it exists. */
    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> get(ResourceDefinitionContext kind, String namespace, String name) {
        GenericKubernetesResource resource = client.genericKubernetesResources(kind).inNamespace(namespace)
                .withName(name).get();
        return Optional.ofNullable(resource)
                .map(r -> (Map<String, Object>) client.getKubernetesSerialization().convertValue(r, Map.class));
    }

    List<Map<String, Object>> clusters(String namespace) {
        return client.genericKubernetesResources(BROKER_CLUSTERS).inNamespace(namespace).list().getItems().stream()
                .map(r -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = client.getKubernetesSerialization().convertValue(r, Map.class);
                    return map;
                }).toList();
    }

    /** {@code kubectl patch bc <name> --type merge -p <json>}. */
    void mergePatch(String namespace, String name, String json) {
        client.genericKubernetesResources(BROKER_CLUSTERS).inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), json);
        log("patched BrokerCluster %s/%s with %s", namespace, name, json);
    }

    /** {@code kubectl patch bc <name> --type json -p <json>}, e.g. to remove one key of a map. */
    void jsonPatch(String namespace, String name, String json) {
        client.genericKubernetesResources(BROKER_CLUSTERS).inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON), json);
        log("patched BrokerCluster %s/%s with %s", namespace, name, json);
    }

    void deleteCluster(String namespace, String name) {
        client.genericKubernetesResources(BROKER_CLUSTERS).inNamespace(namespace).withName(name).delete();
        log("BrokerCluster %s/%s deleted", namespace, name);
    }

    /** Waits until the cluster satisfies {@code condition}, logging each new status summary; returns it then. */
    Map<String, Object> awaitCluster(String namespace, String name, String what, Duration atMost,
            Predicate<Map<String, Object>> condition) {
        return awaitResource(BROKER_CLUSTERS, namespace, name, what, atMost, Specs::summary, condition);
    }

    /**
     * Waits until a custom resource satisfies {@code condition}, logging each new {@code summary} of it; returns it
     * then.
     */
    private Map<String, Object> awaitResource(ResourceDefinitionContext kind, String namespace, String name,
            String what, Duration atMost, Function<Map<String, Object>, String> summary,
            Predicate<Map<String, Object>> condition) {
        String[] last = {""};
        Map<String, Object>[] seen = new Map[1];
        long start = System.nanoTime();
        await(kind.getKind() + " " + name + ": " + what).atMost(atMost).pollInterval(POLL).until(() -> {
            Optional<Map<String, Object>> resource = get(kind, namespace, name);
            String now = resource.map(summary).orElse("absent");
            if (!now.equals(last[0])) {
                log("%s %s/%s: %s", kind.getKind(), namespace, name, now);
                last[0] = now;
            }
            seen[0] = resource.orElse(null);
            return resource.isPresent() && condition.test(resource.get());
        });
        log("%s %s/%s: %s after %d s", kind.getKind(), namespace, name, what,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        return seen[0];
    }

    Map<String, Object> awaitReady(String namespace, String name, Duration atMost) {
        return awaitCluster(namespace, name, "Ready=True", atMost, c -> Specs.hasCondition(c, "Ready", "True"));
    }

    // ---- BrokerUsers and Secrets ----

    void createUser(String namespace, Map<String, Object> manifest) {
        create(BROKER_USERS, namespace, manifest);
    }

    Optional<Map<String, Object>> user(String namespace, String name) {
        return get(BROKER_USERS, namespace, name);
    }

    /** Waits until the BrokerUser satisfies {@code condition}, logging each new status; returns it then. */
    Map<String, Object> awaitUser(String namespace, String name, String what, Duration atMost,
            Predicate<Map<String, Object>> condition) {
        return awaitResource(BROKER_USERS, namespace, name, what, atMost, u -> String.valueOf(u.get("status")),
                condition);
    }

    /** {@code kubectl get <resource> -o yaml} from the API (what kubectl prints, in the client's serialization). */
    String yaml(ResourceDefinitionContext kind, String namespace, String name) {
        return client.getKubernetesSerialization().asYaml(client.genericKubernetesResources(kind)
                .inNamespace(namespace).withName(name).get());
    }

    /** Every event of the namespace as YAML: type, reason, message and the object each is about. */
    String eventsYaml(String namespace) {
        return client.getKubernetesSerialization().asYaml(client.v1().events().inNamespace(namespace).list());
    }

    /**
     * The decoded values of the given keys of a Secret, each at least 8 characters long (shorter values, such as
     * the user name {@code admin}, are not secret and would match by chance); of a PEM key, each base64 line.
     */
    Map<String, String> secretValues(String namespace, String secret, String... keys) {
        var found = client.secrets().inNamespace(namespace).withName(secret).get();
        if (found == null || found.getData() == null) {
            throw new AssertionError("Secret " + namespace + "/" + secret + " not found or empty");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : keys) {
            String encoded = found.getData().get(key);
            if (encoded == null) {
                throw new AssertionError("Secret " + namespace + "/" + secret + " has no key " + key);
            }
            String value = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).strip();
            if (value.contains("-----BEGIN")) { // a PEM key: its base64 lines, any of which would give it away
                List<String> lines = value.lines().filter(l -> !l.startsWith("-----") && l.length() >= 32).toList();
                for (int i = 0; i < lines.size(); i++) {
                    values.put(secret + "/" + key + " line " + (i + 1), lines.get(i));
                }
            } else if (value.length() >= 8) {
                values.put(secret + "/" + key, value);
            }
        }
        return values;
    }

    // ---- pods ----

    List<Pod> clusterPods(String namespace, String cluster) {
        return client.pods().inNamespace(namespace).withLabel(INSTANCE_LABEL, cluster).list().getItems();
    }

    Optional<Pod> pod(String namespace, String name) {
        return Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get());
    }

    /** {@code kubectl delete pod --grace-period=0 --force}: the container gets SIGKILL, nothing shuts down cleanly. */
    void forceDeletePod(String namespace, String name) {
        client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
        log("pod %s/%s force-deleted (grace period 0)", namespace, name);
    }

    // ---- client Jobs ----

    void startJob(Job job) {
        client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).create();
        log("job %s/%s started: %s", job.getMetadata().getNamespace(), job.getMetadata().getName(),
                String.join(" ", job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()));
    }

    /** The Job's one pod, once it exists. */
    Pod awaitJobPod(String namespace, String job, Duration atMost) {
        Pod[] pod = new Pod[1];
        await("pod of job " + job).atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> {
            List<Pod> pods = client.pods().inNamespace(namespace).withLabel(ClientJobs.LABEL, job).list().getItems();
            pod[0] = pods.isEmpty() ? null : pods.get(0);
            return pod[0] != null;
        });
        return pod[0];
    }

    /** The log of the Job's pod so far ("" before its container started). */
    String jobLog(String namespace, String job) {
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel(ClientJobs.LABEL, job).list().getItems();
        if (pods.isEmpty()) {
            return "";
        }
        try {
            String log = client.pods().inNamespace(namespace).withName(pods.get(0).getMetadata().getName())
                    .inContainer(ClientJobs.CONTAINER).getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            return ""; // container still creating
        }
    }

    /** Waits for the Job to succeed or fail and returns its pod's log; {@code succeeded} tells which. */
    record JobResult(boolean succeeded, String log) {
    }

    JobResult awaitJob(String namespace, String job, Duration atMost) {
        boolean[] succeeded = new boolean[1];
        await("job " + job + " finished").atMost(atMost).pollInterval(POLL).until(() -> {
            Job current = client.batch().v1().jobs().inNamespace(namespace).withName(job).get();
            JobStatus status = current == null ? null : current.getStatus();
            if (status == null) {
                return false;
            }
            succeeded[0] = status.getSucceeded() != null && status.getSucceeded() > 0;
            return succeeded[0] || (status.getFailed() != null && status.getFailed() > 0);
        });
        String log = jobLog(namespace, job);
        log("job %s/%s %s; last lines:%n%s", namespace, job, succeeded[0] ? "succeeded" : "FAILED", tail(log, 8));
        return new JobResult(succeeded[0], log);
    }

    /** Runs {@code command} in the Job's container ({@code kubectl exec}) and waits for its exit code 0. */
    void exec(String namespace, String pod, String... command) throws Exception {
        execIn(namespace, pod, ClientJobs.CONTAINER, List.of(command), false);
    }

    /**
     * {@code kubectl exec <pod> -c <container> -- <command>}: waits for exit code 0 and returns its stdout. With
     * {@code printsOutput}, also waits (briefly) for that output: the client may report the exit code before it has
     * written the last stdout frame.
     */
    String execIn(String namespace, String pod, String container, List<String> command, boolean printsOutput)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace(namespace).withName(pod).inContainer(container)
                .writingOutput(out).writingError(err).exec(command.toArray(String[]::new))) {
            Integer exit = watch.exitCode().get(60, TimeUnit.SECONDS);
            if (exit == null || exit != 0) {
                throw new IllegalStateException("exec " + String.join(" ", command) + " in " + pod + "/" + container
                        + " exited " + exit + ": " + out + err);
            }
            if (printsOutput) {
                await("output of " + String.join(" ", command)).atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(100)).until(() -> out.toString(StandardCharsets.UTF_8)
                                .endsWith("\n"));
            }
        }
        String output = out.toString(StandardCharsets.UTF_8);
        log("exec in %s/%s: %s -> %s", pod, container, String.join(" ", command), output.strip());
        return output;
    }

    /**
     * GET /metrics of {@code pod}'s port {@code port}, through a port-forward from this JVM (no NodePort, no curl in
     * the images): what Prometheus scrapes.
     */
    String scrapeMetrics(String namespace, String pod, int port) throws Exception {
        try (LocalPortForward forward = client.pods().inNamespace(namespace).withName(pod).portForward(port)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /metrics of " + pod + ":" + port + " answered " + response.statusCode());
            }
            log("scraped %s/%s:%d: %d lines", namespace, pod, port, response.body().lines().count());
            return response.body();
        }
    }

    // ---- the gRPC Service ----

    Optional<Service> service(String namespace, String name) {
        return Optional.ofNullable(client.services().inNamespace(namespace).withName(name).get());
    }

    /** Pods a Service sends traffic to: the ready endpoints of its EndpointSlices (discovery.k8s.io/v1, 1.21+). */
    Set<String> readyEndpointPods(String namespace, String service) {
        Set<String> pods = new TreeSet<>();
        client.discovery().v1().endpointSlices().inNamespace(namespace)
                .withLabel("kubernetes.io/service-name", service).list().getItems()
                .forEach(slice -> slice.getEndpoints().stream()
                        .filter(e -> e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady()))
                        .filter(e -> e.getTargetRef() != null && "Pod".equals(e.getTargetRef().getKind()))
                        .forEach(e -> pods.add(e.getTargetRef().getName())));
        return pods;
    }

    /**
     * Opens HTTP/2 through a port-forward to the Service (fabric8 picks one of its pods, as kubectl does) and returns
     * the header of the first frame the server sends: a gRPC server answers with its SETTINGS.
     */
    Http2Handshake.FrameHeader http2Handshake(String namespace, String service, int port) throws Exception {
        try (LocalPortForward forward = client.services().inNamespace(namespace).withName(service).portForward(port);
                Socket socket = new Socket("127.0.0.1", forward.getLocalPort())) {
            socket.setSoTimeout(10_000);
            Http2Handshake.FrameHeader first = Http2Handshake.open(socket.getOutputStream(), socket.getInputStream());
            log("HTTP/2 through %s/%s:%d: first frame %s", namespace, service, port, first);
            return first;
        }
    }

    /** How often the container has restarted (0 when the pod or its status is not there). */
    int restartCount(String namespace, String pod, String container) {
        return pod(namespace, pod).map(Pod::getStatus).map(s -> s.getContainerStatuses()).orElse(List.of()).stream()
                .filter(c -> container.equals(c.getName())).mapToInt(c -> c.getRestartCount() == null ? 0
                        : c.getRestartCount()).sum();
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
