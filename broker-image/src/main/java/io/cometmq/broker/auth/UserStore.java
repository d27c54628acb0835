package io.cometmq.broker.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cometmq.broker.meta.JsonFile;
import io.cometmq.protocol.auth.UserInfo;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users by name, in memory for O(1) lookups on every request, saved to {@code users.json} (mode 0600: it holds the
 * passwords) after each change. Changes are serialized; reads never lock.
 */
public final class UserStore {

    private final JsonFile<List<UserInfo>> file;
    private final Map<String, User> users = new ConcurrentHashMap<>();

    public UserStore(Path configDir) {
        this.file = new JsonFile<>(configDir.resolve("users.json"), new TypeReference<>() { }, true);
        List<UserInfo> stored = file.read();
        if (stored != null) {
            stored.forEach(info -> users.put(info.username(), AuthCodec.user(info)));
        }
    }

    /** The user, or null. */
    public User get(String username) {
        return users.get(username);
    }

    /** Every user, sorted by name. */
    public List<User> all() {
        return users.values().stream().sorted(java.util.Comparator.comparing(User::username)).toList();
    }

    public synchronized void put(User user) {
        users.put(user.username(), user);
        save();
    }

    public synchronized void delete(String username) {
        if (users.remove(username) != null) {
            save();
        }
    }

    /** Makes the store hold exactly {@code replacement} (a slave copying its master's users). */
    public synchronized void replaceAll(Collection<User> replacement) {
        Map<String, User> wanted = new java.util.HashMap<>();
        replacement.forEach(user -> wanted.put(user.username(), user));
        if (wanted.equals(users)) {
            return;
        }
        users.keySet().retainAll(wanted.keySet());
        users.putAll(wanted);
        save();
    }

    private void save() {
        file.write(all().stream().map(AuthCodec::info).toList());
    }
}
