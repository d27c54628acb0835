package io.cometmq.operator.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cometmq.operator.crd.AclEntrySpec;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerUser;
import io.cometmq.operator.crd.BrokerUserSpec;
import io.cometmq.operator.crd.BrokerUserStatus;
import io.cometmq.operator.status.Conditions;
import io.cometmq.protocol.auth.AclInfo;
import io.cometmq.operator.remoting.ClusterAccess;
import io.cometmq.operator.remoting.ClusterCredentials;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a BrokerUser to every master of its BrokerCluster: finds the cluster (it must have authentication on), the
 * password (its Secret, generated when the spec names none) and the cluster's inner credentials, then on each master
 * creates or updates the user and makes its ACL equal to the spec ({@link UserApplier}). Status says Ready=True
 * (Applied) with {@code brokers: n/n}, or Ready=False with the reason and the broker's answer. An applied user is
 * checked again every {@link BrokerUserSettings#recheck()} (which is how a changed password Secret or a change made
 * behind the operator's back is put right); one that is not applied is retried with a doubling backoff. The
 * finalizer deletes the ACL and the user from every master; when the cluster is gone there is nothing to delete.
 */
@ControllerConfiguration(name = BrokerUserReconciler.NAME)
public class BrokerUserReconciler implements Reconciler<BrokerUser>, Cleaner<BrokerUser> {
    public static final String NAME = "brokeruser";
    public static final String READY = Conditions.READY;
    public static final String APPLIED = "Applied";
    public static final String CLUSTER_NOT_FOUND = "ClusterNotFound";
    public static final String AUTHENTICATION_DISABLED = "AuthenticationDisabled";
    public static final String INNER_CREDENTIALS_UNAVAILABLE = "InnerCredentialsUnavailable";
    public static final String NAME_SERVERS_UNREACHABLE = "NameServersUnreachable";
    public static final String MASTERS_MISSING = "MastersMissing";
    public static final String APPLY_FAILED = "ApplyFailed";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String RECONCILE_FAILED = "ReconcileFailed";
    private static final Logger LOG = LoggerFactory.getLogger(BrokerUserReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER_INDEX = "clusterRef";
    private static final String USERNAME_INDEX = "username";
    public static final String USERNAME_TAKEN = "UsernameTaken";

    private final BrokerUserSettings settings;
    private final UserApplier applier;
    /** Consecutive failed attempts per BrokerUser uid, for the backoff; cleared once applied. */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private volatile ClusterCredentials credentials;

    public BrokerUserReconciler(BrokerUserSettings settings) {
        this.settings = settings;
        this.applier = new UserApplier(settings.admin());
    }

    /**
     * BrokerClusters, so that a cluster created, changed or becoming Ready re-applies its users at once instead of at
     * their next retry. Only spec changes and Ready transitions count: the cluster's other status fields change often.
     */
    @Override
    public List<EventSource<?, BrokerUser>> prepareEventSources(EventSourceContext<BrokerUser> context) {
        context.getPrimaryCache().addIndexer(USERNAME_INDEX, user -> List.of(UsernameClaims.key(user)));
        context.getPrimaryCache().addIndexer(CLUSTER_INDEX, user -> List.of(clusterKey(user.getMetadata().getNamespace(),
                user.getSpec() == null ? null : user.getSpec().getClusterRef())));
        InformerEventSourceConfiguration<BrokerCluster> clusters = InformerEventSourceConfiguration
                .from(BrokerCluster.class, BrokerUser.class)
                .withSecondaryToPrimaryMapper(cluster -> context.getPrimaryCache()
                        .byIndex(CLUSTER_INDEX, clusterKey(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName()))
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withOnUpdateFilter((now, before) -> !Objects.equals(now.getMetadata().getGeneration(),
                        before.getMetadata().getGeneration()) || !Objects.equals(readiness(now), readiness(before)))
                .build();
        return List.of(new InformerEventSource<>(clusters, context));
    }

    private static String clusterKey(String namespace, String cluster) {
        return namespace + "/" + cluster;
    }

    private static String readiness(BrokerCluster cluster) {
        return cluster.getStatus() == null ? null
                : Conditions.find(cluster.getStatus().getConditions(), READY).map(Condition::getStatus).orElse(null);
    }

    @Override
    public UpdateControl<BrokerUser> reconcile(BrokerUser user, Context<BrokerUser> context) {
        KubernetesClient client = context.getClient();
        Condition ready;
        String brokers = null;
        try {
            checkClaim(user, context);
            Applied applied = apply(user, client);
            brokers = applied.brokers();
            ready = Conditions.of(READY, true, APPLIED, "User " + user.getSpec().getUsername() + " and its "
                    + entries(user).size() + " ACL entries are on every master (" + brokers + ").");
        } catch (PartlyApplied e) {
            brokers = e.brokers;
            ready = Conditions.of(READY, false, e.reason(), e.getMessage());
        } catch (NotReady e) {
            ready = Conditions.of(READY, false, e.reason(), e.getMessage());
        }
        BrokerUserStatus status = status(user, ready, brokers);
        announce(user, ready, client);

        String key = user.getMetadata().getUid();
        UpdateControl<BrokerUser> control = sameStatus(user.getStatus(), status)
                ? UpdateControl.noUpdate() : UpdateControl.patchStatus(statusOnly(user, status));
        if ("True".equals(ready.getStatus())) {
            failures.remove(key);
            return control.rescheduleAfter(settings.recheck());
        }
        int failed = failures.merge(key, 1, Integer::sum);
        return control.rescheduleAfter(settings.retryAfter(failed));
    }

    /**
     * An API request of the reconcile failed (e.g. the Secret could not be created: RBAC, quota). JOSDK retries with its
     * backoff; status says why meanwhile. The message is the API server's, which never echoes a Secret's data.
     */
    @Override
    public ErrorStatusUpdateControl<BrokerUser> updateErrorStatus(BrokerUser user, Context<BrokerUser> context,
            Exception e) {
        LOG.warn("{}/{} reconcile failed: {}", user.getMetadata().getNamespace(), user.getMetadata().getName(),
                e.getMessage());
        Condition ready = Conditions.of(READY, false, RECONCILE_FAILED, "Reconcile failed and will be retried: "
                + e.getMessage());
        String brokers = user.getStatus() == null ? null : user.getStatus().getBrokers();
        return ErrorStatusUpdateControl.patchStatus(statusOnly(user, status(user, ready, brokers)));
    }

    private record Applied(String brokers) {}

    /** Some masters took the user, others did not (or are missing): Ready=False, but brokers says how many. */
    private static final class PartlyApplied extends Exception {
        private final String brokers;
        private final String reason;

        PartlyApplied(String reason, String brokers, String message) {
            super(message, null, false, false);
            this.reason = reason;
            this.brokers = brokers;
        }

        String reason() {
            return reason;
        }
    }

    private Applied apply(BrokerUser user, KubernetesClient client) throws NotReady, PartlyApplied {
        checkSpec(user);
        // the password first: an application can be given its Secret before the cluster exists
        String password = PasswordSecrets.password(user, client);
        BrokerCluster cluster = cluster(user, client);
        ClusterAccess access = access(cluster, client);
        Map<String, String> masters = masters(cluster, access);
        DesiredUser desired = new DesiredUser(user.getSpec().getUsername(), password,
                user.getSpec().getUserType() == null ? BrokerUserSpec.UserType.Normal : user.getSpec().getUserType());
        AclInfo acl = AclPlan.desired(desired.subject(), entries(user));

        int expected = Math.max(cluster.getSpec().getBroker().getGroups(), masters.size());
        int applied = 0;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> master : masters.entrySet()) {
            try {
                List<String> changes = applier.apply(master.getValue(), access, desired, acl);
                if (!changes.isEmpty()) {
                    LOG.info("{}/{}: {} on {} ({})", user.getMetadata().getNamespace(), user.getMetadata().getName(),
                            String.join(", ", changes), master.getKey(), master.getValue());
                }
                applied++;
            } catch (UserAdminException e) {
                problems.add(master.getKey() + ": " + e.getMessage());
            }
        }
        String brokers = applied + "/" + expected;
        if (!problems.isEmpty()) {
            throw new PartlyApplied(APPLY_FAILED, brokers, "Applied on " + brokers + " masters; " + String.join("; ", problems));
        }
        if (applied < expected) {
            throw new PartlyApplied(MASTERS_MISSING, brokers, "Applied on " + brokers + " masters: the NameServers of "
                    + cluster.getMetadata().getName() + " list " + masters.size() + " of " + expected + " masters "
                    + masters.keySet() + "; the others get the user once they register.");
        }
        return new Applied(brokers);
    }

    private static void checkClaim(BrokerUser user, Context<BrokerUser> context) throws NotReady {
        BrokerUser owner = UsernameClaims.owner(context.getPrimaryCache().byIndex(USERNAME_INDEX,
                UsernameClaims.key(user))).orElse(user);
        if (!UsernameClaims.same(owner, user)) {
            throw new NotReady(USERNAME_TAKEN, "BrokerUser " + owner.getMetadata().getName() + " already manages user "
                    + user.getSpec().getUsername() + " on " + user.getSpec().getClusterRef() + "; this one changes nothing.");
        }
    }

    /** The schema refuses this at admission; an API server without CEL (or the test mock) does not. */
    private static void checkSpec(BrokerUser user) throws NotReady {
        Set<String> seen = new HashSet<>();
        for (AclEntrySpec entry : entries(user)) {
            if (!seen.add(entry.getResource())) {
                throw new NotReady(INVALID_SPEC, "spec.acl lists resource " + entry.getResource() + " more than once");
            }
            if (entry.getActions() == null || entry.getActions().isEmpty()) {
                throw new NotReady(INVALID_SPEC, "spec.acl entry " + entry.getResource() + " has no actions");
            }
        }
    }

    private static List<AclEntrySpec> entries(BrokerUser user) {
        return user.getSpec().getAcl() == null ? List.of() : user.getSpec().getAcl();
    }

    private static BrokerCluster cluster(BrokerUser user, KubernetesClient client) throws NotReady {
        String namespace = user.getMetadata().getNamespace();
        String name = user.getSpec().getClusterRef();
        BrokerCluster cluster = client.resources(BrokerCluster.class).inNamespace(namespace).withName(name).get();
        if (cluster == null) {
            throw new NotReady(CLUSTER_NOT_FOUND, "BrokerCluster " + name + " (spec.clusterRef) does not exist in namespace "
                    + namespace + ".");
        }
        if (cluster.getSpec().getSecurity() == null || !cluster.getSpec().getSecurity().authenticationEnabled()) {
            throw new NotReady(AUTHENTICATION_DISABLED, "BrokerCluster " + name
                    + " does not have spec.security.authentication: true; its brokers have no users.");
        }
        return cluster;
    }

    /** Inner credentials (required: only a super user may manage users) and, when TLS is enforced, the CA. */
    private ClusterAccess access(BrokerCluster cluster, KubernetesClient client) throws NotReady {
        ClusterAccess access = credentials(client).access(cluster);
        if (access.signer().isEmpty()) {
            throw new NotReady(INNER_CREDENTIALS_UNAVAILABLE, "Secret " + ClusterCredentials.secretName(cluster)
                    + " with keys accessKey and secretKey (the cluster's inner credentials) is missing or incomplete.");
        }
        return access;
    }

    /** One reader for the operator's lifetime (it caches parsed Secrets per resourceVersion). */
    private ClusterCredentials credentials(KubernetesClient client) {
        ClusterCredentials current = credentials;
        if (current == null) {
            current = ClusterCredentials.fromApi(client);
            credentials = current;
        }
        return current;
    }

    private Map<String, String> masters(BrokerCluster cluster, ClusterAccess access) throws NotReady {
        try {
            return settings.masters().masters(cluster, access);
        } catch (Exception e) {
            throw new NotReady(NAME_SERVERS_UNREACHABLE, "Cannot find the masters of " + cluster.getMetadata().getName()
                    + ": " + e.getMessage());
        }
    }

    @Override
    public DeleteControl cleanup(BrokerUser user, Context<BrokerUser> context) {
        KubernetesClient client = context.getClient();
        String id = user.getMetadata().getNamespace() + "/" + user.getMetadata().getName();
        boolean claimedByAnother = UsernameClaims.owner(context.getPrimaryCache().byIndex(USERNAME_INDEX,
                UsernameClaims.key(user))).filter(owner -> !UsernameClaims.same(owner, user)).isPresent();
        if (claimedByAnother) {
            LOG.info("{}: deleted; user {} stays, another BrokerUser manages it", id, user.getSpec().getUsername());
            failures.remove(user.getMetadata().getUid());
            return DeleteControl.defaultDelete();
        }
        BrokerCluster cluster;
        try {
            cluster = cluster(user, client);
        } catch (NotReady e) {
            LOG.info("{}: deleted; nothing to remove from brokers ({})", id, e.getMessage());
            failures.remove(user.getMetadata().getUid());
            return DeleteControl.defaultDelete();
        }
        List<String> problems = new ArrayList<>();
        try {
            ClusterAccess access = access(cluster, client);
            Map<String, String> masters = masters(cluster, access);
            for (Map.Entry<String, String> master : masters.entrySet()) {
                try {
                    applier.remove(master.getValue(), access, user.getSpec().getUsername());
                } catch (UserAdminException e) {
                    problems.add(master.getKey() + ": " + e.getMessage());
                }
            }
            // a master that is down keeps its users on disk: wait until it is back rather than leave the user there
            int groups = cluster.getSpec().getBroker().getGroups();
            if (masters.size() < groups) {
                problems.add("the NameServers list " + masters.size() + " of " + groups + " masters " + masters.keySet());
            }
        } catch (NotReady e) {
            problems.add(e.getMessage());
        }
        if (problems.isEmpty()) {
            LOG.info("{}: user {} and its ACL deleted from every master", id, user.getSpec().getUsername());
            failures.remove(user.getMetadata().getUid());
            return DeleteControl.defaultDelete();
        }
        int failed = failures.merge(user.getMetadata().getUid(), 1, Integer::sum);
        String message = "Cannot delete user " + user.getSpec().getUsername() + " from every master yet (finalizer kept, "
                + "retrying): " + String.join("; ", problems);
        LOG.warn("{}: {}", id, message);
        UserEvents.record(client, settings.clock(), user, false, "DeleteFailed", message);
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.retryAfter(failed));
    }

    private BrokerUserStatus status(BrokerUser user, Condition ready, String brokers) {
        BrokerUserStatus status = new BrokerUserStatus();
        List<Condition> previous = user.getStatus() == null ? List.of() : user.getStatus().getConditions();
        status.setConditions(Conditions.merge(previous, List.of(ready), Instant.now(settings.clock()),
                user.getMetadata().getGeneration()));
        status.setObservedGeneration(user.getMetadata().getGeneration());
        status.setBrokers(brokers);
        return status;
    }

    /** An event when Ready changes status or reason (not on every retry). */
    private void announce(BrokerUser user, Condition ready, KubernetesClient client) {
        List<Condition> previous = user.getStatus() == null ? List.of() : user.getStatus().getConditions();
        if (Conditions.transitioned(previous, ready)) {
            UserEvents.record(client, settings.clock(), user, "True".equals(ready.getStatus()), ready.getReason(),
                    ready.getMessage());
        }
    }

    static boolean sameStatus(BrokerUserStatus before, BrokerUserStatus after) {
        return before != null && JSON.valueToTree(before).equals(JSON.valueToTree(after));
    }

    /** A fresh object with only identity and status, so a status patch can never touch spec or metadata. */
    static BrokerUser statusOnly(BrokerUser user, BrokerUserStatus status) {
        BrokerUser fresh = new BrokerUser();
        fresh.setMetadata(new ObjectMetaBuilder().withName(user.getMetadata().getName())
                .withNamespace(user.getMetadata().getNamespace()).build());
        fresh.setSpec(null);
        fresh.setStatus(status);
        return fresh;
    }
}
