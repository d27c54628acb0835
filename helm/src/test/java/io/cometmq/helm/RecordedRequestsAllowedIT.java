package io.cometmq.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cometmq.helm.ChartRbac.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AssertionFailureBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart's RBAC allows every request the operator process actually sent. The operator's mock-server ITs record
 * each HTTP request of the operator's own fabric8 client (informers, status patches, events, leader election: see
 * {@code OperatorHarness} and {@code RequestRecorder} in the operator module) and write them, per watch mode, to
 * {@code operator/target/rbac/recorded-requests-<mode>.json}. Here the chart is rendered the way the operator was
 * run (same watched namespaces, release namespace = the Lease's namespace, leader election on) and each request is
 * put to an RBAC evaluator of the rendered Roles, ClusterRoles and bindings.
 *
 * <p>This is an IT so that it runs in {@code verify}, after the operator module's ITs in the reactor (the helm module
 * comes after the operator module). Without the recordings it fails and says how to make them.
 */
class RecordedRequestsAllowedIT {
    static final Path RECORDINGS = Path.of(System.getProperty("operator.rbac.dir",
            RenderedChart.REPO.resolve("operator/target/rbac").toString())).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record Recording(String mode, List<String> watchNamespaces, String leaseNamespace, boolean leaderElection,
            List<String> tests, List<Request> requests) {}

    /**
     * The checked-in minimum each recording must contain: proof that the recorder saw the operator work (informer,
     * status), whatever else is added to the operator later.
     */
    static final List<Request> ALWAYS_SENT = List.of(
            new Request("list", "cometmq.io", "brokerclusters", null, null, null, null),
            new Request("watch", "cometmq.io", "brokerclusters", null, null, null, null),
            new Request("patch", "cometmq.io", "brokerclusters", "status", null, null, null),
            new Request("list", "cometmq.io", "brokerusers", null, null, null, null),
            new Request("watch", "cometmq.io", "brokerusers", null, null, null, null));

    /**
     * With leader election on, fabric8 7.x's LeaseLock reads, creates and merge-patches (renewal and takeover) the
     * Lease. JOSDK 5.2.3 also refuses to start unless a SelfSubjectRulesReview of the lease namespace lists get, create
     * and update on leases (LeaderElectionManager.checkLeaseAccess) — update is never sent, but must be granted.
     */
    static final List<String> LEASE_VERBS_SENT = List.of("get", "create", "patch");
    static final List<String> LEASE_VERBS_CHECKED_BY_JOSDK = List.of("get", "create", "update");

    @ParameterizedTest
    @ValueSource(strings = {"all-namespaces", "namespaces"})
    void chartAllowsEveryRecordedRequest(String mode) throws IOException {
        Recording recording = read(mode);
        ChartRbac rbac = new ChartRbac(render(recording), recording.leaseNamespace());

        assertThat(rbac.allRules()).as("rules of the chart rendered for %s", mode).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*").noneMatch(r -> r.endsWith("/*"));
            assertThat(rule.getVerbs()).doesNotContain("*");
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
        });

        assertThat(recording.requests()).as("requests recorded by %s", recording.tests()).isNotEmpty();
        for (Request expected : ALWAYS_SENT) {
            assertThat(recording.requests()).as("recorded in mode %s by %s", mode, recording.tests())
                    .anySatisfy(r -> assertThat(sameKind(r, expected)).as(r.toString()).isTrue());
        }
        List<Request> denied = recording.requests().stream().filter(r -> !rbac.allows(r)).toList();
        assertThat(denied).as("requests the operator sent (mode %s, recorded by %s) that the chart's RBAC does not allow; "
                + "grant them in helm/cometmq-operator/templates/_helpers.tpl or rbac.yaml", mode, recording.tests()).isEmpty();

        if (recording.leaderElection()) {
            for (String verb : LEASE_VERBS_SENT) {
                assertThat(recording.requests()).as("lease %s recorded with leader election on (mode %s)", verb, mode)
                        .anyMatch(r -> r.verb().equals(verb) && "leases".equals(r.resource())
                                && recording.leaseNamespace().equals(r.namespace()));
            }
            for (String verb : LEASE_VERBS_CHECKED_BY_JOSDK) {
                Request check = new Request(verb, "coordination.k8s.io", "leases", null, recording.leaseNamespace(),
                        "cometmq-operator-lease", null);
                assertThat(rbac.allows(check)).as("JOSDK's start-up check needs %s", check).isTrue();
            }
        }
    }

    private static boolean sameKind(Request r, Request expected) {
        return r.verb().equals(expected.verb()) && expected.apiGroup().equals(r.apiGroup())
                && expected.resource().equals(r.resource()) && java.util.Objects.equals(expected.subresource(), r.subresource());
    }

    /** The chart as the recorded operator ran: its watched namespaces, released into the Lease's namespace. */
    private static RenderedChart render(Recording recording) {
        Map<String, Object> values = new HashMap<>();
        if (!recording.watchNamespaces().isEmpty()) {
            values.put("watchNamespaces", recording.watchNamespaces());
        }
        // leader election on in every mode: its Role must not widen anything else, and ITs of either mode may use it
        values.put("leaderElection.enabled", "true");
        return RenderedChart.render(values, t -> t.withNamespace(recording.leaseNamespace()));
    }

    private static Recording read(String mode) throws IOException {
        Path file = RECORDINGS.resolve("recorded-requests-" + mode + ".json");
        if (!Files.isRegularFile(file)) {
            throw AssertionFailureBuilder.assertionFailure().message(file + " is missing. It is written by the operator "
                    + "module's mock-server ITs (OperatorHarness) for watch mode '" + mode + "'. Run them first, e.g. "
                    + "`mvn -pl operator,helm -am verify` (the reactor runs the operator ITs before this one), then this test.")
                    .build();
        }
        return JSON.readValue(file.toFile(), Recording.class);
    }
}
