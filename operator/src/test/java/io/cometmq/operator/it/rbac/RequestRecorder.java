package io.cometmq.operator.it.rbac;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Predicate;

/**
 * A fabric8 HTTP interceptor that records every request one client sends (JOSDK's informers, status patches,
 * events, leader election: everything, because it sits below them) as the {@link ApiRequest} RBAC sees.
 *
 * <p>It can also cut the client off: requests that match {@link #cut(Predicate)} go to a closed port instead of
 * the API server, like a network partition between this replica and the API server.
 */
public final class RequestRecorder implements Interceptor {
    /** Port 1 (tcpmux) is closed on any test machine: connecting fails at once. */
    private static final String NOWHERE = "http://127.0.0.1:1";

    private final Set<ApiRequest> requests = new ConcurrentSkipListSet<>(ApiRequest.ORDER);
    private volatile Predicate<ApiRequest> cut = r -> false;

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        ApiRequest seen = ApiRequest.of(request.method(), request.uri());
        if (cut.test(seen)) {
            URI uri = request.uri();
            builder.uri(URI.create(NOWHERE + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
            return; // never reaches the API server, so the authorizer never sees it
        }
        requests.add(seen);
    }

    /** From now on, fail the requests that match. */
    public void cut(Predicate<ApiRequest> which) {
        cut = which;
    }

    public Set<ApiRequest> requests() {
        Set<ApiRequest> copy = new TreeSet<>(ApiRequest.ORDER);
        copy.addAll(requests);
        return copy;
    }
}
