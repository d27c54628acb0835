package io.cometmq.operator.security;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.SecuritySpec;
import io.cometmq.operator.crd.SecurityStatus;
import io.cometmq.operator.crd.TlsSpec;
import io.cometmq.operator.model.ClusterNetworkPolicy;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.model.SecurityMaterial;
import io.cometmq.operator.model.SpecProblem;
import io.cometmq.operator.reconcile.ResourceApplier;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * spec.security before the workloads: credential Secrets, certificate Secrets and the NetworkPolicy. Its result
 * feeds the pod templates (hashes, TLS Secret) and status; a problem (a named Secret missing or incomplete) stops
 * the reconcile before anything rolls, as a spec problem does.
 */
public final class SecurityStep {
    private final ResourceApplier applier;
    private final Clock clock;
    private final CredentialSecrets credentials;
    private final TlsSecrets tls;

    public SecurityStep(ResourceApplier applier, Clock clock) {
        this(applier, clock, GeneratedSecrets::randomSecret);
    }

    SecurityStep(ResourceApplier applier, Clock clock, Supplier<String> random) {
        this.applier = applier;
        this.clock = clock;
        this.credentials = new CredentialSecrets(applier, random);
        this.tls = new TlsSecrets(applier);
    }

    /**
     * @param material for the pod templates; problems stop the reconcile; warnings go to Degraded only
     * @param caPem the CA the operator trusts when it talks TLS to the cluster (null without TLS)
     */
    public record Result(SecurityMaterial material, List<SpecProblem> problems, List<SpecProblem> warnings,
            SecurityStatus status, String caPem) {}

    public Result apply(BrokerCluster cluster, Names names, boolean networkPolicyExists) {
        SecuritySpec security = cluster.getSpec().getSecurity();
        Instant now = Instant.now(clock);
        List<SpecProblem> problems = new ArrayList<>();
        CredentialSecrets.Result secrets = credentials.ensure(cluster, names);
        problems.addAll(secrets.problems());
        TlsSecrets.Result certificates = tls.ensure(cluster, names, now);
        problems.addAll(certificates.problems());

        if (security != null && security.networkPolicyEnabled()) {
            applier.apply(ClusterNetworkPolicy.build(cluster, names));
        } else if (networkPolicyExists) {
            applier.delete(NetworkPolicy.class, names.namespace(), names.networkPolicy());
        }
        SecurityMaterial material = new SecurityMaterial(secrets.credentialsHash().orElse(null), certificates.caHash(),
                certificates.secret());
        return new Result(material, problems, certificates.warnings(), status(security, certificates),
                certificates.caPem());
    }

    private static SecurityStatus status(SecuritySpec security, TlsSecrets.Result certificates) {
        if (security == null) {
            return null;
        }
        SecurityStatus status = new SecurityStatus();
        status.setAuthentication(security.authenticationEnabled());
        status.setAuthorization(security.authorizationEnabled());
        TlsSpec tls = security.getTls();
        status.setTls(tls == null ? "disabled" : (tls.getMode() == null ? TlsSpec.TlsModeSpec.enforcing
                : tls.getMode()).name());
        status.setCertificateNotAfter(certificates.notAfter() == null ? null : certificates.notAfter().toString());
        status.setNetworkPolicy(security.networkPolicyEnabled());
        return status;
    }
}
