package io.cometmq.operator.failover;

import static io.cometmq.operator.failover.FailoverProcessesIT.awaitBothSlavesInSync;
import static io.cometmq.operator.failover.FailoverProcessesIT.awaitReplicating;
import static io.cometmq.operator.failover.FailoverProcessesIT.readAll;
import static io.cometmq.operator.failover.FailoverProcessesIT.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.protocol.body.RuntimeInfoKeys;
import io.cometmq.protocol.config.RoleAssignment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak run of docs/reliability.md: consecutive failovers of one SYNC group (a master and two slaves) under a
 * 4-thread Apache producer, alternating SIGKILL (the killed JVM restarts, as the kubelet would restart its container)
 * and SIGSTOP (frozen for unavailableFor + 20 s, then SIGCONT). Every round waits until the old master is a
 * replicating slave of the new one and the controller sees both slaves in sync again, so each round starts from a
 * healthy group. At the end a new consumer group must read every SEND_OK message exactly once.
 *
 * <p>Off by default (about half a minute per round): {@code -Dfailover.soak.rounds=20} (docs/TESTING.md has the command).
 */
class FailoverSoakIT {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverSoakIT.class);
    private static final Duration FREEZE = FailoverProcessesIT.UNAVAILABLE_FOR.plusSeconds(20);

    @TempDir
    Path dir;

    /** One round's outcome: fault to promotion recorded, and fault to the first SEND_OK from the new master. */
    record RoundResult(int round, String fault, String from, String to, long promotedMillis, long firstSendOkMillis) {}

    @Test
    void consecutiveKillAndFreezeRoundsLoseNoAcknowledgedMessage() throws Exception {
        int rounds = Integer.getInteger("failover.soak.rounds", 0);
        Assumptions.assumeTrue(rounds > 0, "soak run: set -Dfailover.soak.rounds=N");
        List<RoundResult> results = new ArrayList<>();
        try (ProcessGroup group = FailoverProcessesIT.syncGroupWithTwoSlaves(dir)) {
            String topic = topic("FoSoak");
            Map<String, String> acked;
            try (FailoverProcessesIT.Load load = new FailoverProcessesIT.Load(group.nameServer, topic)) {
                for (int round = 1; round <= rounds; round++) {
                    boolean kill = round % 2 == 1;
                    results.add(round(group, load, round, kill));
                }
                LOG.info("SOAK not-OK statuses {}, {} sends failed", load.notOk, load.failures.get());
                acked = load.bodiesById();
            }
            Map<String, List<String>> read = readAll(group.nameServer, topic, acked.keySet());
            long duplicates = read.values().stream().mapToLong(v -> v.size() - 1).sum();
            acked.forEach((id, body) -> assertThat(read.get(id)).as("acknowledged %s", id).contains(body));
            long lost = acked.keySet().stream().filter(id -> !read.containsKey(id)).count();
            LOG.info("SOAK {} rounds: {} messages acknowledged, {} lost, {} duplicate deliveries to a new group",
                    rounds, acked.size(), lost, duplicates);
            results.forEach(r -> LOG.info("SOAK {}", r));
            LOG.info("SOAK fault -> first SEND_OK ms: {}", summary(results.stream()
                    .map(RoundResult::firstSendOkMillis).toList()));
            LOG.info("SOAK fault -> promotion ms: {}", summary(results.stream()
                    .map(RoundResult::promotedMillis).toList()));
            assertThat(lost).isZero();
        }
    }

    private static RoundResult round(ProcessGroup group, FailoverProcessesIT.Load load, int round, boolean kill)
            throws Exception {
        RoleAssignment before = group.role();
        String oldMaster = before.master();
        int promotionsBefore = promotions(group);
        long faultAt = System.nanoTime();
        if (kill) {
            group.brokers.get(oldMaster).kill();
        } else {
            group.brokers.get(oldMaster).signal("STOP");
        }
        await("round " + round + ": a new master").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100)).until(() -> !group.role().master().equals(oldMaster));
        long promotedAt = System.nanoTime();
        RoleAssignment after = group.role();
        assertThat(after.epoch()).isEqualTo(before.epoch() + 1);
        String newAddress = group.addresses.get(after.master());
        await("round " + round + ": first SEND_OK on " + after.master()).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50)).until(() -> load.firstFrom(newAddress, faultAt) != null);
        long firstOk = load.firstFrom(newAddress, faultAt).nanos();
        if (kill) {
            group.restart(oldMaster);
        } else {
            long left = FREEZE.toNanos() - (System.nanoTime() - faultAt);
            await().pollDelay(Duration.ofNanos(Math.max(0, left))).atMost(FREEZE.plusSeconds(10)).until(() -> true);
            long thawedAt = System.nanoTime();
            group.brokers.get(oldMaster).signal("CONT");
            String oldAddress = group.addresses.get(oldMaster);
            await("round " + round + ": writes after the thaw").atMost(Duration.ofSeconds(60))
                    .until(() -> load.ackedAfter(thawedAt) >= 200);
            assertThat(load.acks.stream().filter(a -> a.storeHost().equals(oldAddress) && a.nanos() > thawedAt))
                    .as("round %d: SEND_OK from the thawed old master", round).isEmpty();
        }
        await("round " + round + ": " + oldMaster + " a slave under epoch " + after.epoch())
                .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .untilAsserted(() -> assertThat(group.runtimeInfo(oldMaster))
                        .containsEntry(RuntimeInfoKeys.BROKER_ROLE, "SLAVE")
                        .containsEntry(RuntimeInfoKeys.CONTROLLER_EPOCH, Integer.toString(after.epoch())));
        awaitReplicating(group, oldMaster);
        awaitBothSlavesInSync(group);
        assertThat(promotions(group)).isEqualTo(promotionsBefore + 1);
        RoundResult result = new RoundResult(round, kill ? "SIGKILL" : "SIGSTOP " + FREEZE.toSeconds() + "s",
                oldMaster, after.master(), Duration.ofNanos(promotedAt - faultAt).toMillis(),
                Duration.ofNanos(firstOk - faultAt).toMillis());
        LOG.info("SOAK {}", result);
        return result;
    }

    private static int promotions(ProcessGroup group) {
        return (int) group.events.stream().filter(a -> a.reason().equals(FailoverEvents.MASTER_PROMOTED)).count();
    }

    static String summary(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return "none";
        }
        return "min " + sorted.get(0) + ", median " + sorted.get(sorted.size() / 2) + ", max "
                + sorted.get(sorted.size() - 1) + " (" + sorted.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + ")";
    }
}
