package io.cometmq.operator.reconcile;

import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.model.DesiredHash;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Create-or-update that behaves the same on a real API server and on the fabric8 mock server: plain
 * create, and update (PUT) with the live resourceVersion as an optimistic lock. No server-side apply.
 *
 * <p>An object is updated only when its {@link Annotations#DESIRED_HASH} differs from the hash of what we
 * want now. Writes are fed back into the informer cache so the next reconcile sees them at once and our
 * own writes do not trigger another reconcile.
 */
public final class ResourceApplier {
    private static final int CONFLICT = 409;

    private final KubernetesClient client;
    private final Function<Class<? extends HasMetadata>, Optional<InformerEventSource<?, ?>>> caches;

    /** The client, for the few reads and patches outside create-or-update (volume claims). */
    public KubernetesClient client() {
        return client;
    }

    /** @param caches the informer for a kind, or empty to read from the server */
    public ResourceApplier(KubernetesClient client,
            Function<Class<? extends HasMetadata>, Optional<InformerEventSource<?, ?>>> caches) {
        this.client = client;
        this.caches = caches;
    }

    public <R extends HasMetadata> ApplyResult<R> apply(R desired) {
        R existing = find(desired).orElse(null);
        if (existing == null) {
            return create(desired);
        }
        keepImmutableFields(desired, existing);
        String hash = DesiredHash.of(desired);
        annotate(desired, hash);
        if (hash.equals(annotation(existing))) {
            return new ApplyResult<>(existing, ApplyResult.Change.UNCHANGED, null);
        }
        desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        keepAllocatedFields(desired, existing);
        R updated = client.resource(desired).update();
        cache(desired).ifPresent(c -> recentUpdate(c, updated, existing));
        return new ApplyResult<>(updated, ApplyResult.Change.UPDATED, existing);
    }

    /**
     * Creates {@code desired} unless it exists, and never changes an existing object: for objects whose content
     * someone else owns after creation (the role ConfigMap). No desired-hash: there is nothing to compare.
     */
    public <R extends HasMetadata> ApplyResult<R> createIfAbsent(R desired) {
        Optional<R> existing = find(desired);
        if (existing.isPresent()) {
            return new ApplyResult<>(existing.get(), ApplyResult.Change.UNCHANGED, null);
        }
        try {
            R created = client.resource(desired).create();
            cache(desired).ifPresent(c -> recentCreate(c, created));
            return new ApplyResult<>(created, ApplyResult.Change.CREATED, null);
        } catch (KubernetesClientException e) {
            R live = e.getCode() == CONFLICT ? client.resource(desired).get() : null;
            if (live == null) {
                throw e;
            }
            return new ApplyResult<>(live, ApplyResult.Change.UNCHANGED, null);
        }
    }

    /**
     * Replaces {@code previous} with {@code changed} (PUT with previous's resourceVersion): a 409 means someone
     * wrote it in between, and is thrown for the caller to decide.
     */
    public <R extends HasMetadata> R replace(R changed, R previous) {
        changed.getMetadata().setResourceVersion(previous.getMetadata().getResourceVersion());
        R updated = client.resource(changed).update();
        cache(changed).ifPresent(c -> recentUpdate(c, updated, previous));
        return updated;
    }

    public <R extends HasMetadata> void delete(Class<R> kind, String namespace, String name) {
        client.resources(kind).inNamespace(namespace).withName(name).delete();
    }

    private <R extends HasMetadata> ApplyResult<R> create(R desired) {
        annotate(desired, DesiredHash.of(desired));
        try {
            R created = client.resource(desired).create();
            cache(desired).ifPresent(c -> recentCreate(c, created));
            return new ApplyResult<>(created, ApplyResult.Change.CREATED, null);
        } catch (KubernetesClientException e) {
            if (e.getCode() != CONFLICT) {
                throw e;
            }
            // The cache had not caught up with an earlier create: update what the server has.
            R live = client.resource(desired).get();
            if (live == null) {
                throw e;
            }
            desired.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
            return new ApplyResult<>(client.resource(desired).update(), ApplyResult.Change.UPDATED, live);
        }
    }

    /**
     * StatefulSet selector, serviceName, podManagementPolicy and volumeClaimTemplates cannot change; keep
     * the live ones (SpecChecker refuses the storage changes a user could ask for).
     */
    static void keepImmutableFields(HasMetadata desired, HasMetadata existing) {
        if (desired instanceof StatefulSet want && existing instanceof StatefulSet live && live.getSpec() != null) {
            StatefulSetSpec spec = want.getSpec();
            spec.setSelector(live.getSpec().getSelector());
            spec.setServiceName(live.getSpec().getServiceName());
            spec.setPodManagementPolicy(live.getSpec().getPodManagementPolicy());
            spec.setVolumeClaimTemplates(live.getSpec().getVolumeClaimTemplates());
        }
    }

    /**
     * What the API server or another controller set on a live Service that our PUT must not take away: its cluster
     * IPs (immutable once allocated), the node port of each port that keeps one (a new one would move the port
     * clients outside the cluster dial) and finalizers (a cloud controller's load-balancer clean-up). Applied after the
     * desired hash is taken, so these never count as drift.
     */
    static void keepAllocatedFields(HasMetadata desired, HasMetadata existing) {
        if (!(desired instanceof Service want) || !(existing instanceof Service live) || live.getSpec() == null) {
            return;
        }
        if (want.getSpec().getClusterIP() == null) {
            want.getSpec().setClusterIP(live.getSpec().getClusterIP());
            want.getSpec().setClusterIPs(live.getSpec().getClusterIPs());
        }
        if (want.getSpec().getType() != null && !"ClusterIP".equals(want.getSpec().getType())) {
            for (ServicePort port : want.getSpec().getPorts()) {
                if (port.getNodePort() == null) {
                    live.getSpec().getPorts().stream()
                            .filter(p -> Objects.equals(p.getName(), port.getName()) && p.getNodePort() != null)
                            .findFirst().ifPresent(p -> port.setNodePort(p.getNodePort()));
                }
            }
        }
        if (want.getMetadata().getFinalizers() == null || want.getMetadata().getFinalizers().isEmpty()) {
            want.getMetadata().setFinalizers(live.getMetadata().getFinalizers());
        }
    }

    @SuppressWarnings("unchecked")
    private <R extends HasMetadata> Optional<R> find(R desired) {
        Optional<InformerEventSource<?, ?>> cache = cache(desired);
        if (cache.isPresent()) {
            Optional<R> cached = (Optional<R>) cache.get().get(ResourceID.fromResource(desired));
            if (cached.isPresent()) {
                return cached;
            }
        }
        return Optional.ofNullable(client.resource(desired).get());
    }

    private Optional<InformerEventSource<?, ?>> cache(HasMetadata desired) {
        return caches.apply(desired.getClass());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void recentCreate(InformerEventSource cache, HasMetadata created) {
        cache.handleRecentResourceCreate(ResourceID.fromResource(created), created);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void recentUpdate(InformerEventSource cache, HasMetadata updated, HasMetadata previous) {
        cache.handleRecentResourceUpdate(ResourceID.fromResource(updated), updated, previous);
    }

    private static void annotate(HasMetadata object, String hash) {
        if (object.getMetadata().getAnnotations() == null) {
            object.getMetadata().setAnnotations(new HashMap<>());
        }
        object.getMetadata().getAnnotations().put(Annotations.DESIRED_HASH, hash);
    }

    private static String annotation(HasMetadata object) {
        return object.getMetadata().getAnnotations() == null
                ? null : object.getMetadata().getAnnotations().get(Annotations.DESIRED_HASH);
    }
}
