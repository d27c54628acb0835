package io.cometmq.operator.it.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** HTTP method + URL → the request kube-apiserver's authorizer sees. */
class ApiRequestTest {
    private static ApiRequest of(String method, String url) {
        return ApiRequest.of(method, URI.create("https://10.0.0.1:443" + url));
    }

    @Test
    void readsOfCollectionsAreListOrWatchAndOfNamesGet() {
        assertThat(of("GET", "/apis/apps/v1/namespaces/a/statefulsets?labelSelector=x%3Dy"))
                .isEqualTo(new ApiRequest("list", "apps", "statefulsets", null, "a", null, null));
        assertThat(of("GET", "/apis/apps/v1/namespaces/a/statefulsets?allowWatchBookmarks=true&watch=true"))
                .isEqualTo(new ApiRequest("watch", "apps", "statefulsets", null, "a", null, null));
        assertThat(of("GET", "/api/v1/configmaps?watch=1"))
                .isEqualTo(new ApiRequest("watch", "", "configmaps", null, null, null, null));
        assertThat(of("GET", "/apis/coordination.k8s.io/v1/namespaces/s/leases/l"))
                .isEqualTo(new ApiRequest("get", "coordination.k8s.io", "leases", null, "s", "l", null));
    }

    @Test
    void writesMapToTheirVerbsAndSubresourcesAreKept() {
        assertThat(of("POST", "/api/v1/namespaces/a/events").verb()).isEqualTo("create");
        assertThat(of("PUT", "/apis/apps/v1/namespaces/a/statefulsets/s").verb()).isEqualTo("update");
        assertThat(of("PATCH", "/apis/cometmq.io/v1alpha1/namespaces/a/brokerclusters/c/status"))
                .isEqualTo(new ApiRequest("patch", "cometmq.io", "brokerclusters", "status", "a", "c", null));
        assertThat(of("PATCH", "/apis/cometmq.io/v1alpha1/namespaces/a/brokerclusters/c/status").resourceWithSubresource())
                .isEqualTo("brokerclusters/status");
        assertThat(of("DELETE", "/api/v1/namespaces/a/services/s").verb()).isEqualTo("delete");
        assertThat(of("DELETE", "/api/v1/namespaces/a/services").verb()).isEqualTo("deletecollection");
    }

    @Test
    void clusterScopedObjectsNamespacesAndDiscovery() {
        assertThat(of("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"))
                .isEqualTo(new ApiRequest("create", "authorization.k8s.io", "selfsubjectrulesreviews", null, null, null, null));
        assertThat(of("GET", "/apis/storage.k8s.io/v1/storageclasses/fast").namespace()).isNull();
        // a Namespace is authorized as living in itself
        assertThat(of("GET", "/api/v1/namespaces/a"))
                .isEqualTo(new ApiRequest("get", "", "namespaces", null, "a", "a", null));
        assertThat(of("GET", "/version")).isEqualTo(new ApiRequest("get", null, null, null, null, null, "/version"));
        assertThat(of("GET", "/apis/apps/v1")).isEqualTo(new ApiRequest("get", null, null, null, null, null, "/apis/apps/v1"));
        assertThat(of("GET", "/version").nonResource()).isTrue();
    }
}
