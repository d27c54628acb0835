package io.cometmq.broker.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cometmq.broker.meta.JsonFile;
import io.cometmq.protocol.auth.AclInfo;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ACLs by subject ({@code User:<name>}), in memory (immutable values, so a request reads one without locking),
 * saved to {@code acls.json} (mode 0600) after each change.
 */
public final class AclStore {

    private final JsonFile<List<AclInfo>> file;
    private final Map<String, Acl> acls = new ConcurrentHashMap<>();

    public AclStore(Path configDir) {
        this.file = new JsonFile<>(configDir.resolve("acls.json"), new TypeReference<>() { }, true);
        List<AclInfo> stored = file.read();
        if (stored != null) {
            for (AclInfo info : stored) {
                try {
                    Acl acl = AuthCodec.acl(info, info.subject());
                    acls.put(acl.subject(), acl);
                } catch (AuthException e) {
                    throw new IllegalStateException("cannot read the ACL of " + info.subject() + " in "
                            + configDir.resolve("acls.json") + " (delete or repair it): " + e.getMessage(), e);
                }
            }
        }
    }

    /** The subject's ACL, or null. */
    public Acl get(String subject) {
        return acls.get(subject);
    }

    /** Every ACL, sorted by subject. */
    public List<Acl> all() {
        return acls.values().stream().sorted(Comparator.comparing(Acl::subject)).toList();
    }

    public synchronized void put(Acl acl) {
        acls.put(acl.subject(), acl);
        save();
    }

    public synchronized void delete(String subject) {
        if (acls.remove(subject) != null) {
            save();
        }
    }

    /** Makes the store hold exactly {@code replacement} (a slave copying its master's ACLs). */
    public synchronized void replaceAll(Collection<Acl> replacement) {
        Map<String, Acl> wanted = new HashMap<>();
        replacement.forEach(acl -> wanted.put(acl.subject(), acl));
        if (wanted.equals(acls)) {
            return;
        }
        acls.keySet().retainAll(wanted.keySet());
        acls.putAll(wanted);
        save();
    }

    private void save() {
        file.write(all().stream().map(AuthCodec::info).toList());
    }
}
