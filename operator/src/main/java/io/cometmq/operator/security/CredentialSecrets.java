package io.cometmq.operator.security;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.SecuritySpec;
import io.cometmq.operator.model.ContentHash;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.model.SpecProblem;
import io.cometmq.operator.reconcile.ResourceApplier;
import io.cometmq.operator.remoting.ClusterCredentials;
import io.cometmq.protocol.auth.SessionCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The credential Secrets of spec.security.authentication: the super user and the inner credentials (the user's
 * Secrets when named, else created once with random values and never rewritten), then {@code <c>-broker-security}
 * rendered from them and updated when they change. A named Secret that is missing or lacks a key is a problem
 * naming the Secret and the key (never a value), and nothing is written.
 */
final class CredentialSecrets {
    static final String INVALID = "SecuritySecretInvalid";

    private final ResourceApplier applier;
    private final Supplier<String> random;

    CredentialSecrets(ResourceApplier applier, Supplier<String> random) {
        this.applier = applier;
        this.random = random;
    }

    /** Hash of the broker-security data for the pod annotation, or the problems that stopped it. */
    record Result(Optional<String> credentialsHash, List<SpecProblem> problems) {}

    Result ensure(BrokerCluster cluster, Names names) {
        SecuritySpec security = cluster.getSpec().getSecurity();
        if (security == null || !security.authenticationEnabled()) {
            return new Result(Optional.empty(), List.of());
        }
        List<SpecProblem> problems = new ArrayList<>();
        Optional<SessionCredentials> superUser = read(security.getSuperUserSecret(), "superUserSecret",
                () -> GeneratedSecrets.superUser(cluster, names, random), GeneratedSecrets.USERNAME,
                GeneratedSecrets.PASSWORD, names, problems);
        Optional<SessionCredentials> inner = read(security.getInnerCredentialsSecret(), "innerCredentialsSecret",
                () -> GeneratedSecrets.innerCredentials(cluster, names, random), ClusterCredentials.ACCESS_KEY,
                ClusterCredentials.SECRET_KEY, names, problems);
        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), problems);
        }
        Secret rendered = GeneratedSecrets.brokerSecurity(cluster, names, superUser.orElseThrow(), inner.orElseThrow());
        String hash = ContentHash.of(new java.util.TreeMap<>(rendered.getData()).toString());
        applier.apply(rendered);
        return new Result(Optional.of(hash), List.of());
    }

    /**
     * The user's Secret when named, else the generated one (created when absent). A missing Secret or key adds a
     * problem and returns empty.
     */
    private Optional<SessionCredentials> read(String named, String field, Supplier<Secret> generated, String idKey,
            String secretKey, Names names, List<SpecProblem> problems) {
        Secret secret;
        String name;
        String origin;
        if (named != null) {
            name = named;
            origin = "named by spec.security." + field;
            secret = applier.client().secrets().inNamespace(names.namespace()).withName(named).get();
            if (secret == null) {
                problems.add(new SpecProblem(INVALID, "Secret " + name + " " + origin + " does not exist."));
                return Optional.empty();
            }
        } else {
            Secret desired = generated.get();
            name = desired.getMetadata().getName();
            origin = "generated for spec.security." + field;
            secret = applier.createIfAbsent(desired).object();
        }
        List<String> missing = new ArrayList<>();
        Optional<String> id = SecretValues.read(secret, idKey).map(String::trim).filter(v -> !v.isEmpty());
        Optional<String> password = SecretValues.read(secret, secretKey);
        if (id.isEmpty()) {
            missing.add(idKey);
        }
        if (password.isEmpty()) {
            missing.add(secretKey);
        }
        if (!missing.isEmpty()) {
            problems.add(new SpecProblem(INVALID, "Secret " + name + " (" + origin + ") has no value for key"
                    + (missing.size() > 1 ? "s " : " ") + String.join(" and ", missing) + "."));
            return Optional.empty();
        }
        return Optional.of(new SessionCredentials(id.get(), password.get()));
    }
}
