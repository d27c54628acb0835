package io.cometmq.operator.it.rbac;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One request as the API server's authorizer sees it: an RBAC verb on a resource (group, resource, subresource,
 * namespace, name), or a verb on a non-resource URL such as {@code /version}.
 * {@link #of(String, URI)} translates an HTTP method and URL the way kube-apiserver's RequestInfoFactory does.
 *
 * @param namespace null for cluster-scoped requests, and for requests across all namespaces
 * @param name null for requests on a collection
 * @param path set only for non-resource URLs
 */
public record ApiRequest(String verb, String apiGroup, String resource, String subresource, String namespace,
        String name, String path) {

    public static final Comparator<ApiRequest> ORDER = Comparator.comparing(ApiRequest::toString);

    public static ApiRequest of(String method, URI uri) {
        String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
        List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).map(ApiRequest::decode).toList();
        String httpVerb = method.toUpperCase(Locale.ROOT);
        // /api/v1/... is the core group; /apis/<group>/<version>/...; anything shorter is discovery
        int prefix;
        String group;
        if (parts.size() >= 3 && parts.get(0).equals("api")) {
            prefix = 2;
            group = "";
        } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
            prefix = 3;
            group = parts.get(1);
        } else {
            return new ApiRequest(httpVerb.toLowerCase(Locale.ROOT), null, null, null, null, null, "/" + String.join("/", parts));
        }
        List<String> rest = parts.subList(prefix, parts.size());
        String namespace = null;
        // namespaces/<ns>/<resource>...; but namespaces/<ns> alone is the Namespace object itself
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.get(0);
        String name = rest.size() >= 2 ? rest.get(1) : null;
        String subresource = rest.size() >= 3 ? String.join("/", rest.subList(2, rest.size())) : null;
        if (namespace == null && resource.equals("namespaces") && name != null) {
            namespace = name; // kube-apiserver authorizes a Namespace as living in itself
        }
        return new ApiRequest(verb(httpVerb, name != null, watching(uri)), group, resource, subresource, namespace,
                name, null);
    }

    private static String verb(String method, boolean named, boolean watch) {
        return switch (method) {
            case "GET", "HEAD" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }

    private static boolean watching(URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return false;
        }
        return Arrays.stream(query.split("&")).anyMatch(p -> p.equals("watch=true") || p.equals("watch=1"));
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    public boolean nonResource() {
        return path != null;
    }

    /** "resource/subresource" as RBAC rules name it. */
    public String resourceWithSubresource() {
        return subresource == null ? resource : resource + "/" + subresource;
    }

    @Override
    public String toString() {
        if (nonResource()) {
            return verb + " " + path;
        }
        return verb + " " + (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resourceWithSubresource()
                + (namespace == null ? " (cluster)" : " in " + namespace) + (name == null ? "" : " " + name);
    }
}
