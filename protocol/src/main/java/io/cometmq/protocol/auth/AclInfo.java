package io.cometmq.protocol.auth;

import java.util.List;

/**
 * Body of AUTH_CREATE_ACL / AUTH_UPDATE_ACL and answer of AUTH_GET_ACL / AUTH_LIST_ACL (a JSON array of these), as
 * Apache's {@code AclInfo}. {@code subject} is {@code User:<name>}; a resource is {@code Cluster:<name>},
 * {@code Namespace:<name>}, {@code Topic:<name>} or {@code Group:<name>} where the name may be {@code *} or end in
 * {@code *} (prefix), and {@code *} alone means every resource; actions are {@code All, Pub, Sub, Create, Update,
 * Delete, Get, List}; {@code decision} is {@code Allow} or {@code Deny}; {@code policyType} is {@code Custom} (the
 * default) or {@code Default}. Spellings are Apache's; parse them ignoring case.
 */
public record AclInfo(String subject, List<PolicyInfo> policies) {

    public record PolicyInfo(String policyType, List<PolicyEntryInfo> entries) {
    }

    public record PolicyEntryInfo(String resource, List<String> actions, List<String> sourceIps, String decision) {
    }
}
