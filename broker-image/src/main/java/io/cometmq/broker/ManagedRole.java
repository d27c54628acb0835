package io.cometmq.broker;

import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.RoleAssignment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The role a broker starts in. Unmanaged: {@code brokerRole}/{@code brokerId} as configured. Managed (a
 * {@code roleFile} is set): the operator's {@link RoleAssignment} decides; the member it names is master (id 0,
 * the assignment's master role and epoch), every other member a slave with its {@code brokerId} key, knowing the
 * epoch. A managed master's lease starts unconfirmed: it writes only after a NameServer accepted it.
 */
final class ManagedRole {

    private static final Logger log = LoggerFactory.getLogger(ManagedRole.class);

    private ManagedRole() {
    }

    /** Reads the role file of a managed broker; a missing or unparsable file is a {@link ConfigException}. */
    static RoleState initialState(BrokerConfig config, Clock clock) {
        BrokerConfig.Managed managed = config.managed();
        if (managed == null) {
            return new RoleState(config.brokerRole(), config.brokerId());
        }
        RoleAssignment assignment = readRoleFile(managed.roleFile());
        log.info("managed mode: role file {} says master={} epoch={} masterRole={}; this broker is '{}' (brokerRole"
                + " '{}' in the configuration is ignored)", managed.roleFile(), assignment.master(),
                assignment.epoch(), assignment.masterRole(), managed.memberName(), config.brokerRole());
        return initialState(assignment, managed, config.brokerId(), clock);
    }

    static RoleState initialState(RoleAssignment assignment, BrokerConfig.Managed managed, long slaveBrokerId,
            Clock clock) {
        MasterLease lease = new MasterLease(clock, managed.masterLeaseMillis());
        if (assignment.isMaster(managed.memberName())) {
            return new RoleState(BrokerRole.valueOf(assignment.masterRole()), 0, assignment.epoch(), lease);
        }
        return new RoleState(BrokerRole.SLAVE, slaveBrokerId, assignment.epoch(), lease);
    }

    static RoleAssignment readRoleFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read the role file " + file + " (key 'roleFile'): " + e);
        }
        try {
            return RoleAssignment.parse(text);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + " (file " + file + ", key 'roleFile')");
        }
    }
}
