package io.cometmq.operator.failover;

import io.cometmq.protocol.config.RoleAssignment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The role file itself as the durable record, for broker processes that read it directly (what the ConfigMap
 * volume is in a pod). Written to a temporary file and moved over the old one, so a broker starting at that moment
 * reads the old or the new assignment, never half of one.
 */
final class FileRoleStore implements RoleStore {
    private final Path file;

    FileRoleStore(Path file) {
        this.file = file;
    }

    @Override
    public synchronized Optional<RoleAssignment> load(FailoverGroup group) throws IOException {
        return Files.exists(file) ? Optional.of(RoleAssignment.parse(Files.readString(file, StandardCharsets.UTF_8)))
                : Optional.empty();
    }

    @Override
    public synchronized void save(FailoverGroup group, RoleAssignment expected, RoleAssignment next) throws IOException {
        RoleAssignment stored = load(group).orElse(null);
        if (!expected.equals(stored)) {
            throw new IOException(file + " changed meanwhile: holds " + stored + ", expected " + expected);
        }
        write(next);
    }

    synchronized void write(RoleAssignment assignment) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, assignment.render(), StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    RoleAssignment read() throws IOException {
        return load(null).orElseThrow();
    }
}
