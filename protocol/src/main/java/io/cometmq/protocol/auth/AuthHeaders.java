package io.cometmq.protocol.auth;

/** Header field names of the ACL 2.0 administration requests 3001-3010 (Apache's request header classes). */
public final class AuthHeaders {

    /** AUTH_CREATE_USER, AUTH_UPDATE_USER, AUTH_DELETE_USER, AUTH_GET_USER. */
    public static final String USERNAME = "username";
    /** AUTH_LIST_USER: substring of the user names to list. */
    public static final String FILTER = "filter";
    /** AUTH_CREATE_ACL, AUTH_UPDATE_ACL, AUTH_DELETE_ACL, AUTH_GET_ACL: {@code User:<name>}. */
    public static final String SUBJECT = "subject";
    /** AUTH_DELETE_ACL: which policy type (default Custom). */
    public static final String POLICY_TYPE = "policyType";
    /** AUTH_DELETE_ACL: which resource's entries to delete (absent: the subject's whole ACL). */
    public static final String RESOURCE = "resource";
    /** AUTH_LIST_ACL: substring filters. */
    public static final String SUBJECT_FILTER = "subjectFilter";
    public static final String RESOURCE_FILTER = "resourceFilter";

    private AuthHeaders() {
    }
}
