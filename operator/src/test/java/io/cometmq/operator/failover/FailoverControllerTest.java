package io.cometmq.operator.failover;

import io.cometmq.operator.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.config.RoleAssignment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The controller's order of actions and memory, with in-memory fakes of its three ports. */
class FailoverControllerTest {
    static final String M = "c-broker-0-master-0";
    static final String S0 = "c-broker-0-slave-0";
    static final Duration FOR = Duration.ofSeconds(30);
    static final FailoverPolicy SYNC = new FailoverPolicy(true, FOR, true);
    static final FailoverGroup GROUP = new FailoverGroup(0, "c", "c-broker-0",
            List.of(new FailoverGroup.Member(M, addr(M)), new FailoverGroup.Member(S0, addr(S0))),
            List.of("ns-0:9876", "ns-1:9876"));

    final List<String> journal = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final TestClock clock = TestClock.fixed(Instant.parse("2026-12-07T09:00:00Z"));
    final FakeStore store = new FakeStore();
    final FakeCommands commands = new FakeCommands();
    final Map<String, MemberObservation> members = new LinkedHashMap<>();
    RegistrationView registration = new RegistrationView(2, Set.of(addr(M)));
    final FailoverEvents eventLog = new FailoverEvents() {
        @Override
        public void normal(String reason, String message) {
            events.add(reason);
        }

        @Override
        public void warning(String reason, String message) {
            events.add(reason + ": " + message);
        }

        @Override
        public void promotion(String brokerName, boolean success) {
            promotions.add(brokerName + (success ? " success" : " failure"));
        }
    };
    /** What the failover counter (cometmq_operator_failovers_total) was told. */
    final List<String> promotions = new ArrayList<>();
    FailoverController controller = newController();

    static String addr(String member) {
        return member + ".svc:10911";
    }

    FailoverController newController() {
        return new FailoverController(store, group -> new GroupObservation(List.copyOf(members.values()), registration),
                commands, clock);
    }

    void healthy(long masterEnd, long acked, long slaveEnd) {
        members.put(M, MemberObservation.master(M, addr(M), "SYNC_MASTER", 1, masterEnd, acked));
        members.put(S0, MemberObservation.slave(S0, addr(S0), 1, slaveEnd, true, masterEnd));
        registration = new RegistrationView(2, Set.of(addr(M)));
    }

    void masterGone(long slaveEnd) {
        members.put(M, MemberObservation.notAnswering(M, addr(M), false));
        members.put(S0, MemberObservation.slave(S0, addr(S0), 1, slaveEnd, false, slaveEnd));
        registration = new RegistrationView(2, Set.of(addr(M)));
    }

    FailoverController.Round round(String switchoverTarget) {
        return controller.round(GROUP, SYNC, switchoverTarget, eventLog);
    }

    FailoverController.Round round() {
        return round(null);
    }

    /** Two healthy rounds (in-sync set known), then the master goes and unavailableFor passes. */
    void masterDiesAfterReplicating() {
        healthy(1200, 1000, 1200);
        round();
        round();
        masterGone(1200);
        assertThat(round().busy()).isTrue();
        clock.advance(FOR);
    }

    @Test
    void theAssignmentIsStoredBeforeAnyBrokerCommandAndThePromotionIsRecorded() {
        masterDiesAfterReplicating();
        FailoverController.Round r = round();

        assertThat(journal).containsExactly("save c-broker-0 " + S0 + "@2", "unregister " + addr(M),
                "promote " + addr(S0) + " SYNC_MASTER epoch 2 min 1000");
        assertThat(events).containsExactly(FailoverEvents.FAILOVER_STARTED, FailoverEvents.MASTER_PROMOTED);
        assertThat(r.control().master()).isEqualTo(S0);
        assertThat(r.control().epoch()).isEqualTo(2);
        assertThat(r.control().problem()).isNull();
        FailoverRecord record = r.control().lastFailover();
        assertThat(record.from()).isEqualTo(M);
        assertThat(record.to()).isEqualTo(S0);
        assertThat(record.epoch()).isEqualTo(2);
        assertThat(record.reason()).isEqualTo("master " + M + " pod is not ready for 30s");
        assertThat(record.possibleLossBytes()).isZero();
        round();
        assertThat(promotions).containsExactly("c-broker-0 success");
    }

    @Test
    void aFailedStoreWriteSendsNoCommandAndIsReportedOnce() {
        masterDiesAfterReplicating();
        store.failWrites = true;
        FailoverController.Round r = round();
        round();

        assertThat(journal).isEmpty();
        assertThat(store.assignment).isEqualTo(new RoleAssignment(M, 1, "SYNC_MASTER"));
        assertThat(r.control().master()).isEqualTo(M);
        assertThat(r.control().problem()).contains("not started: the role assignment could not be stored: conflict");
        assertThat(events).hasSize(1).allMatch(e -> e.startsWith(FailoverEvents.FAILOVER_BLOCKED));

        assertThat(promotions).as("counted once, not per round").containsExactly("c-broker-0 failure");

        store.failWrites = false;
        assertThat(round().control().master()).isEqualTo(S0);
        assertThat(journal).first().isEqualTo("save c-broker-0 " + S0 + "@2");
        assertThat(promotions).containsExactly("c-broker-0 failure", "c-broker-0 success");
    }

    @Test
    void aRefusedPromotionStaysPendingAndIsRetriedWithoutANewEpoch() {
        masterDiesAfterReplicating();
        commands.refusePromotions = 1;
        FailoverController.Round refused = round();
        assertThat(refused.control().master()).isEqualTo(S0);
        assertThat(refused.control().problem()).as("a fresh refusal is retried quietly").isNull();
        assertThat(refused.busy()).isTrue();

        journal.clear();
        FailoverController.Round retried = round();
        assertThat(journal).containsExactly("unregister " + addr(M), "promote " + addr(S0) + " SYNC_MASTER epoch 2 min 1000");
        assertThat(retried.control().problem()).isNull();
        assertThat(retried.control().lastFailover().from()).isEqualTo(M);
        assertThat(events).containsExactly(FailoverEvents.FAILOVER_STARTED, FailoverEvents.MASTER_PROMOTED);

        members.put(S0, MemberObservation.master(S0, addr(S0), "SYNC_MASTER", 2, 1200, -1));
        registration = new RegistrationView(2, Set.of(addr(S0)));
        journal.clear();
        assertThat(round().busy()).isFalse();
        assertThat(journal).isEmpty();
    }

    @Test
    void refusalsThatOutlastTheGraceAreReportedOnce() {
        masterDiesAfterReplicating();
        commands.refusePromotions = 100;
        round();
        clock.advance(FailoverController.REFUSAL_GRACE);
        FailoverController.Round r = round();
        round();
        assertThat(r.control().problem()).isEqualTo("promotion of " + S0 + " under epoch 2 pending, retried every"
                + " probe: refused: master registered");
        assertThat(events).containsExactly(FailoverEvents.FAILOVER_STARTED, FailoverEvents.FAILOVER_BLOCKED
                + ": " + r.control().problem());
        assertThat(store.saves).isEqualTo(1);
        assertThat(promotions).as("a refusal within the grace is not a failure; past it, once").containsExactly(
                "c-broker-0 failure");
    }

    @Test
    void aStaleMasterThatComesBackIsDemotedUnderTheNewEpoch() {
        masterDiesAfterReplicating();
        round();
        members.put(S0, MemberObservation.master(S0, addr(S0), "SYNC_MASTER", 2, 1200, -1));
        members.put(M, MemberObservation.master(M, addr(M), "SYNC_MASTER", 1, 1500, -1));
        registration = new RegistrationView(2, Set.of(addr(S0)));
        journal.clear();
        events.clear();

        round();
        assertThat(journal).containsExactly("demote " + addr(M) + " epoch 2");
        assertThat(events).containsExactly(FailoverEvents.MASTER_DEMOTED);
        assertThat(store.saves).isEqualTo(1);
    }

    @Test
    void aSwitchoverStoresTheAssignmentDemotesWaitsForCatchUpPromotesAndReportsDone() {
        healthy(1200, 1000, 1200);
        round();
        round();
        FailoverController.Round first = round(S0);
        assertThat(journal).containsExactly("save c-broker-0 " + S0 + "@2", "demote " + addr(M) + " epoch 2");
        assertThat(first.switchoverDone()).isFalse();

        // the old master stopped at 1300; the target holds 1250 so far
        members.put(M, MemberObservation.slave(M, addr(M), 2, 1300, false, -1));
        members.put(S0, MemberObservation.slave(S0, addr(S0), 1, 1250, true, 1300));
        registration = new RegistrationView(2, Set.of());
        journal.clear();
        assertThat(round(S0).control().problem()).isNull();
        assertThat(journal).isEmpty();

        members.put(S0, MemberObservation.slave(S0, addr(S0), 1, 1300, true, 1300));
        round(S0);
        // the demoted master's address is taken off the master slot even though no NameServer lists it now
        assertThat(journal).containsExactly("unregister " + addr(M), "promote " + addr(S0) + " SYNC_MASTER epoch 2 min 1300");

        members.put(S0, MemberObservation.master(S0, addr(S0), "SYNC_MASTER", 2, 1300, -1));
        registration = new RegistrationView(2, Set.of(addr(S0)));
        FailoverController.Round done = round(S0);
        assertThat(done.switchoverDone()).isTrue();
        assertThat(done.control().lastFailover().reason()).isEqualTo("switchover to " + S0 + " requested");
        assertThat(events).containsExactly(FailoverEvents.FAILOVER_STARTED, FailoverEvents.MASTER_DEMOTED,
                FailoverEvents.MASTER_PROMOTED);
    }

    @Test
    void aRestartedOperatorGivesTheMasterTheFullDelayAndDoesNotPromoteWithoutAConfirmedOffset() {
        masterDiesAfterReplicating();
        controller = newController();
        FailoverController.Round first = round();
        assertThat(first.control().masterUnavailableSince()).isEqualTo(clock.instant());
        clock.advance(FOR);
        FailoverController.Round due = round();
        assertThat(journal).isEmpty();
        assertThat(due.control().problem()).contains("no confirmed offset was observed");
    }

    @Test
    void aHealthyGroupIsNotBusyAndShowsItsInSyncSlaves() {
        healthy(1200, 1000, 1200);
        round();
        FailoverController.Round r = round();
        assertThat(r.busy()).isFalse();
        assertThat(r.control()).isEqualTo(new GroupControl(M, 1, 1000L, List.of(S0), null, null, null, null));
    }

    @Test
    void aGroupRemovedByAScaleDownIsForgotten() {
        masterDiesAfterReplicating();
        controller.retainGroups(0);
        FailoverController.Round r = round();
        assertThat(r.control().masterUnavailableSince()).isEqualTo(clock.instant());
        assertThat(r.control().inSync()).isEmpty();
    }

    @Test
    void aGroupWithoutAssignmentIsLeftAlone() {
        store.assignment = null;
        healthy(1200, 1000, 1200);
        assertThat(round()).isEqualTo(new FailoverController.Round(null, false, false));
    }

    final class FakeStore implements RoleStore {
        RoleAssignment assignment = new RoleAssignment(M, 1, "SYNC_MASTER");
        boolean failWrites;
        int saves;

        @Override
        public Optional<RoleAssignment> load(FailoverGroup group) {
            return Optional.ofNullable(assignment);
        }

        @Override
        public void save(FailoverGroup group, RoleAssignment expected, RoleAssignment next) throws Exception {
            if (failWrites || !expected.equals(assignment)) {
                throw new Exception("conflict");
            }
            assignment = next;
            saves++;
            journal.add("save " + group.brokerName() + " " + next.master() + "@" + next.epoch());
        }
    }

    final class FakeCommands implements GroupCommands {
        int refusePromotions;

        @Override
        public void unregisterMaster(FailoverGroup group, String address) {
            journal.add("unregister " + address);
        }

        @Override
        public void promote(String address, String masterRole, int epoch, long minOffset) throws Exception {
            journal.add("promote " + address + " " + masterRole + " epoch " + epoch + " min " + minOffset);
            if (refusePromotions > 0) {
                refusePromotions--;
                throw new Exception("refused: master registered");
            }
        }

        @Override
        public long demote(String address, int epoch) {
            journal.add("demote " + address + " epoch " + epoch);
            return 1300;
        }
    }
}
