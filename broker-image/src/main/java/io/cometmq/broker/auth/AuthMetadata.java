package io.cometmq.broker.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users and ACLs with the rules of Apache's {@code AuthenticationMetadataManagerImpl} and
 * {@code AuthorizationMetadataManagerImpl}: what must be given, defaults, merge and delete semantics, and their
 * messages ({@link AuthException}). Changes are serialized so a check and the write it guards cannot interleave.
 */
public final class AuthMetadata {

    private static final Logger log = LoggerFactory.getLogger(AuthMetadata.class);

    private final UserStore users;
    private final AclStore acls;
    private volatile AuthConfig initial = AuthConfig.disabled();

    public AuthMetadata(UserStore users, AclStore acls) {
        this.users = users;
        this.acls = acls;
    }

    /**
     * Creates {@code initAuthenticationUser} and {@code innerClientAuthenticationCredentials} as super users when
     * no user of that name exists (an existing initial user is left as it is, as Apache does). The inner user is
     * owned by whoever configures the broker (the operator): when its stored copy differs from the configured
     * credentials (a rotated secret) it is reset to them, else nothing internal could sign in any more.
     */
    public void initUsers(AuthConfig config) {
        initial = config;
        config.initUser().ifPresent(c -> createIfMissing(c.accessKey(), c.secretKey(), "initAuthenticationUser"));
        config.inner().ifPresent(c -> {
            createIfMissing(c.accessKey(), c.secretKey(), "innerClientAuthenticationCredentials");
            resetIfChanged(c.accessKey(), c.secretKey());
        });
    }

    private synchronized void createIfMissing(String username, String password, String key) {
        if (users.get(username) == null) {
            users.put(new User(username, password, User.Type.SUPER, User.Status.ENABLE));
            log.info("created super user '{}' from {}", username, key);
        }
    }

    private synchronized void resetIfChanged(String username, String password) {
        User wanted = new User(username, password, User.Type.SUPER, User.Status.ENABLE);
        if (!wanted.equals(users.get(username))) {
            users.put(wanted);
            log.info("reset user '{}' to innerClientAuthenticationCredentials (super, enabled, configured secret)",
                    username);
        }
    }

    /**
     * A slave taking its master's users and ACLs in place of its own. Its own initial user is kept where the
     * master has no user of that name, and its inner user is always its own configured one (during a secret
     * rotation the master may still hold the old one), so the master cannot lock this broker's operator out.
     */
    public synchronized void replaceAll(List<User> masterUsers, List<Acl> masterAcls) {
        java.util.Map<String, User> wanted = new java.util.LinkedHashMap<>();
        masterUsers.forEach(user -> wanted.put(user.username(), user));
        initial.initUser().ifPresent(c -> wanted.putIfAbsent(c.accessKey(),
                new User(c.accessKey(), c.secretKey(), User.Type.SUPER, User.Status.ENABLE)));
        initial.inner().ifPresent(c -> wanted.put(c.accessKey(),
                new User(c.accessKey(), c.secretKey(), User.Type.SUPER, User.Status.ENABLE)));
        users.replaceAll(wanted.values());
        acls.replaceAll(masterAcls);
    }

    public UserStore users() {
        return users;
    }

    public AclStore acls() {
        return acls;
    }

    /** The user, or null; a blank name is refused as Apache refuses it. */
    public User getUser(String username) {
        if (username == null || username.isBlank()) {
            throw new AuthException("username can not be blank");
        }
        return users.get(username);
    }

    /** Users whose name contains {@code filter} (all when it is blank), sorted by name. */
    public List<User> listUsers(String filter) {
        if (filter == null || filter.isBlank()) {
            return users.all();
        }
        return users.all().stream().filter(user -> user.username().contains(filter)).toList();
    }

    /** As Apache's isSuperUser: an unknown user is an error, not "no". */
    public boolean isSuperUser(String username) {
        User user = getUser(username);
        if (user == null) {
            throw new AuthException("User:" + username + " is not found");
        }
        return user.isSuper();
    }

    public synchronized void createUser(User user) {
        requireName(user);
        if (user.password() == null || user.password().isBlank()) {
            throw new AuthException("password can not be blank");
        }
        if (users.get(user.username()) != null) {
            throw new AuthException("The user is existed");
        }
        users.put(new User(user.username(), user.password(),
                user.type() == null ? User.Type.NORMAL : user.type(),
                user.status() == null ? User.Status.ENABLE : user.status()));
    }

    /** Changes what {@code update} gives (a non-blank password, a type, a status) and keeps the rest. */
    public synchronized void updateUser(User update) {
        requireName(update);
        User old = users.get(update.username());
        if (old == null) {
            throw new AuthException("The user is not exist");
        }
        users.put(new User(old.username(),
                update.password() != null && !update.password().isBlank() ? update.password() : old.password(),
                update.type() != null ? update.type() : old.type(),
                update.status() != null ? update.status() : old.status()));
    }

    /** Deletes the user and its ACL. */
    public synchronized void deleteUser(String username) {
        if (username == null || username.isBlank()) {
            throw new AuthException("username can not be blank");
        }
        users.delete(username);
        acls.delete(User.subjectOf(username));
    }

    /** Apache's createAcl and updateAcl (the same): the user must exist; the policies merge into its ACL. */
    public synchronized void putAcl(Acl acl) {
        requireSubject(acl.subject(), "The subject of " + acl.subject() + " is not exist.");
        Acl old = acls.get(acl.subject());
        acls.put(old == null ? acl : old.mergedWith(acl.policies()));
    }

    /**
     * Deletes the entry for {@code resource} from the subject's policy of {@code type} (null: Custom), or the whole
     * ACL when {@code resource} is null or nothing is left.
     */
    public synchronized void deleteAcl(String subject, Policy.Type type, Resource resource) {
        if (subject == null) {
            throw new AuthException("The subject is null.");
        }
        requireSubject(subject, "The subject is not exist.");
        Acl old = acls.get(subject);
        if (old == null) {
            throw new AuthException("The acl is not exist.");
        }
        Acl left = resource == null ? null : old.without(type == null ? Policy.Type.CUSTOM : type, resource);
        if (left == null || left.policies().isEmpty()) {
            acls.delete(subject);
        } else {
            acls.put(left);
        }
    }

    /** The subject's ACL, or empty; the user must exist. */
    public Optional<Acl> getAcl(String subject) {
        requireSubject(subject, "The subject is not exist.");
        return Optional.ofNullable(acls.get(subject));
    }

    /**
     * As Apache's local provider lists them: subjects containing {@code subjectFilter}; with a
     * {@code resourceFilter} the subject does not contain, only entries whose resource contains it (policies and
     * ACLs left empty are dropped).
     */
    public List<Acl> listAcls(String subjectFilter, String resourceFilter) {
        List<Acl> result = new ArrayList<>();
        for (Acl acl : acls.all()) {
            if (subjectFilter != null && !subjectFilter.isBlank() && !acl.subject().contains(subjectFilter)) {
                continue;
            }
            List<Policy> policies = new ArrayList<>();
            for (Policy policy : acl.policies()) {
                List<PolicyEntry> entries = policy.entries();
                if (resourceFilter != null && !resourceFilter.isBlank() && !acl.subject().contains(resourceFilter)) {
                    entries = entries.stream().filter(e -> e.resource().key().contains(resourceFilter)).toList();
                }
                if (!entries.isEmpty()) {
                    policies.add(new Policy(policy.type(), entries));
                }
            }
            if (!policies.isEmpty()) {
                result.add(new Acl(acl.subject(), policies));
            }
        }
        return result;
    }

    private static void requireName(User user) {
        if (user.username() == null || user.username().isBlank()) {
            throw new AuthException("username can not be blank");
        }
    }

    private void requireSubject(String subject, String message) {
        String username = AuthCodec.username(subject);
        if (username == null || users.get(username) == null) {
            throw new AuthException(message);
        }
    }
}
