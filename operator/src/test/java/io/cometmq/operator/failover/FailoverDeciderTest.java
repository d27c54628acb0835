package io.cometmq.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.failover.FailoverAction.Demote;
import io.cometmq.operator.failover.FailoverAction.NoCandidate;
import io.cometmq.operator.failover.FailoverAction.None;
import io.cometmq.operator.failover.FailoverAction.Promote;
import io.cometmq.operator.failover.FailoverAction.Wait;
import io.cometmq.operator.failover.FailoverDecider.Decision;
import io.cometmq.protocol.config.RoleAssignment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailoverDeciderTest {
    static final String M = "c-broker-0-master-0";
    static final String S0 = "c-broker-0-slave-0";
    static final String S1 = "c-broker-0-slave-1";
    static final Duration FOR = Duration.ofSeconds(30);
    static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");
    static final FailoverPolicy SYNC = new FailoverPolicy(true, FOR, true);
    static final FailoverPolicy ASYNC = new FailoverPolicy(true, FOR, false);
    static final RoleAssignment E3 = new RoleAssignment(M, 3, "SYNC_MASTER");

    static String addr(String member) {
        return member + ".svc:10911";
    }

    static MemberObservation master(long logEnd, long acked) {
        return MemberObservation.master(M, addr(M), "SYNC_MASTER", 3, logEnd, acked);
    }

    static MemberObservation slave(String name, long logEnd, boolean connected) {
        return MemberObservation.slave(name, addr(name), 3, logEnd, connected, -1);
    }

    static MemberObservation down(String name) {
        return MemberObservation.notAnswering(name, addr(name), false);
    }

    static RegistrationView registered(String... members) {
        return new RegistrationView(2, Stream.of(members).map(FailoverDeciderTest::addr).collect(
                java.util.stream.Collectors.toSet()));
    }

    static GroupObservation group(RegistrationView registration, MemberObservation... members) {
        return new GroupObservation(List.of(members), registration);
    }

    /** Memory after rounds that saw M replicate to both slaves with confirmed offset 1000. */
    static GroupMemory synced(Set<String> inSync) {
        return new GroupMemory(3, null, 1000L, 1200L, inSync, null, null);
    }

    static Decision decide(FailoverPolicy policy, GroupObservation group, GroupMemory memory, Instant now) {
        return FailoverDecider.decide(policy, E3, group, memory, null, now);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The whole truth table of the master's availability: readiness x answering x registration x time x policy.

    enum Registration { UNKNOWN, REGISTERED, NOT_REGISTERED, OTHER_REGISTERED }

    static Stream<Arguments> masterStates() {
        List<Arguments> all = new ArrayList<>();
        for (boolean ready : new boolean[] {true, false}) {
            for (boolean answering : new boolean[] {true, false}) {
                for (Registration registration : Registration.values()) {
                    for (boolean after : new boolean[] {false, true}) {
                        for (boolean enabled : new boolean[] {true, false}) {
                            for (boolean sync : new boolean[] {true, false}) {
                                all.add(Arguments.of(ready, answering, registration, after, enabled, sync));
                            }
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "ready={0} answering={1} registration={2} afterUnavailableFor={3} enabled={4} sync={5}")
    @MethodSource("masterStates")
    void masterAvailabilityDecidesBetweenNothingWaitingAndPromotion(boolean ready, boolean answering,
            Registration registration, boolean after, boolean enabled, boolean sync) {
        MemberObservation m = answering ? master(1200, 1000).withPodReady(ready)
                : MemberObservation.notAnswering(M, addr(M), ready);
        RegistrationView view = switch (registration) {
            case UNKNOWN -> RegistrationView.UNKNOWN;
            case REGISTERED -> registered(M);
            case NOT_REGISTERED -> new RegistrationView(2, Set.of());
            case OTHER_REGISTERED -> registered(S1);
        };
        GroupObservation g = group(view, m, slave(S0, 1200, false), slave(S1, 1100, false));
        GroupMemory memory = new GroupMemory(3, T0, 1000L, 1200L, Set.of(S0, S1), null, null);
        Instant now = after ? T0.plus(FOR) : T0.plus(FOR).minusMillis(1);

        Decision d = FailoverDecider.decide(new FailoverPolicy(enabled, FOR, sync), E3, g, memory, null, now);

        boolean registeredAsMaster = registration == Registration.UNKNOWN || registration == Registration.REGISTERED;
        boolean unavailable = !ready || !answering || !registeredAsMaster;
        if (!unavailable) {
            assertThat(d.action()).isInstanceOf(None.class);
            assertThat(d.memory().unavailableSince()).isNull();
            assertThat(d.unavailableReason()).isNull();
            return;
        }
        assertThat(d.memory().unavailableSince()).isEqualTo(T0);
        assertThat(d.unavailableReason()).isNotNull();
        if (answering && registeredAsMaster || !after) {
            // never promote while it answers and is registered; never before unavailableFor
            assertThat(d.action()).isInstanceOf(Wait.class);
            assertThat(((Wait) d.action()).since()).isEqualTo(T0);
        } else if (!enabled) {
            assertThat(d.action()).isInstanceOf(NoCandidate.class);
            assertThat(((NoCandidate) d.action()).reason()).contains("spec.broker.failover.enabled=false");
        } else {
            Promote p = (Promote) d.action();
            assertThat(p.candidate()).isEqualTo(S0);
            assertThat(p.from()).isEqualTo(M);
            assertThat(p.epoch()).isEqualTo(4);
            assertThat(p.write()).isEqualTo(new RoleAssignment(S0, 4, "SYNC_MASTER"));
            assertThat(p.minOffset()).isEqualTo(sync ? 1000 : -1);
            assertThat(p.possibleLossBytes()).isEqualTo(0);
        }
    }

    @Test
    void eachUnavailabilityIsNamed() {
        assertThat(FailoverDecider.unavailableReason(E3, java.util.Optional.of(down(M)), registered(M)))
                .isEqualTo("pod is not ready");
        assertThat(FailoverDecider.unavailableReason(E3,
                java.util.Optional.of(MemberObservation.notAnswering(M, addr(M), true)), registered(M)))
                .isEqualTo("does not answer runtime info");
        assertThat(FailoverDecider.unavailableReason(E3, java.util.Optional.of(master(0, 0)), registered(S0)))
                .contains("not registered as master (brokerId 0) on any of the 2 NameServers");
        assertThat(FailoverDecider.unavailableReason(E3, java.util.Optional.empty(), registered(M)))
                .contains("not a broker of this group");
    }

    @Nested
    class UnavailableFor {
        @Test
        void theClockStartsAtTheFirstRoundThatSeesTheMasterUnavailable() {
            GroupObservation gone = group(registered(), down(M), slave(S0, 1000, false));
            Decision first = decide(SYNC, gone, synced(Set.of(S0)), T0);
            assertThat(first.action()).isEqualTo(new Wait(T0, "master " + M + " pod is not ready"));

            Decision later = decide(SYNC, gone, first.memory(), T0.plusSeconds(29));
            assertThat(((Wait) later.action()).since()).isEqualTo(T0);

            Decision due = decide(SYNC, gone, later.memory(), T0.plusSeconds(30));
            assertThat(due.action()).isInstanceOf(Promote.class);
            assertThat(((Promote) due.action()).reason()).isEqualTo("master " + M + " pod is not ready for 30s");
        }

        @Test
        void aMasterThatComesBackRestartsTheClock() {
            GroupObservation gone = group(registered(), down(M), slave(S0, 1000, false));
            GroupObservation back = group(registered(M), master(1200, 1000), slave(S0, 1200, true));
            Decision first = decide(SYNC, gone, synced(Set.of(S0)), T0);
            Decision again = decide(SYNC, back, first.memory(), T0.plusSeconds(20));
            assertThat(again.memory().unavailableSince()).isNull();
            Decision goneAgain = decide(SYNC, gone, again.memory(), T0.plusSeconds(40));
            assertThat(goneAgain.action()).isEqualTo(new Wait(T0.plusSeconds(40), "master " + M + " pod is not ready"));
        }

        @Test
        void withoutMemoryAfterAnOperatorRestartTheMasterGetsTheFullDelay() {
            GroupObservation gone = group(registered(), down(M), slave(S0, 1000, false));
            Decision first = decide(ASYNC, gone, GroupMemory.EMPTY, T0.plusSeconds(3600));
            assertThat(first.action()).isInstanceOf(Wait.class);
            assertThat(first.memory().unavailableSince()).isEqualTo(T0.plusSeconds(3600));
        }

        @Test
        void aPodThatIsNotReadyButStillAnswersAndIsRegisteredIsNeverReplaced() {
            GroupObservation g = group(registered(M), master(1200, 1000).withPodReady(false), slave(S0, 1200, true));
            GroupMemory memory = new GroupMemory(3, T0, 1000L, 1200L, Set.of(S0), null, null);
            Decision d = decide(SYNC, g, memory, T0.plus(Duration.ofHours(5)));
            assertThat(d.action()).isInstanceOf(Wait.class);
            assertThat(((Wait) d.action()).reason()).contains("still answers and is registered");
        }

        @Test
        void unknownRegistrationNeverCountsAgainstTheMaster() {
            GroupObservation g = group(RegistrationView.UNKNOWN, master(1200, 1000), slave(S0, 1200, true));
            assertThat(decide(SYNC, g, synced(Set.of(S0)), T0).action()).isInstanceOf(None.class);
        }
    }

    @Nested
    class Sync {
        final GroupMemory memory = new GroupMemory(3, T0, 1000L, 1500L, Set.of(S0, S1), null, null);
        final Instant due = T0.plus(FOR);

        @Test
        void promotesTheInSyncSlaveWithTheLongestLogAndLosesNothing() {
            GroupObservation g = group(registered(), down(M), slave(S0, 1000, false), slave(S1, 1100, false));
            Promote p = (Promote) decide(SYNC, g, memory, due).action();
            assertThat(p.candidate()).isEqualTo(S1);
            assertThat(p.minOffset()).isEqualTo(1000);
            assertThat(p.possibleLossBytes()).isZero();
        }

        @Test
        void aSlaveOutsideTheInSyncSetIsNotPromotedEvenWithTheLongestLog() {
            GroupMemory onlyS0 = new GroupMemory(3, T0, 1000L, 1500L, Set.of(S0), null, null);
            GroupObservation g = group(registered(), down(M), slave(S0, 1000, false), slave(S1, 1400, false));
            assertThat(((Promote) decide(SYNC, g, onlyS0, due).action()).candidate()).isEqualTo(S0);
        }

        @Test
        void anInSyncSlaveShortOfTheConfirmedOffsetIsNotPromoted() {
            GroupObservation g = group(registered(), down(M), slave(S0, 999, false), slave(S1, 1000, false));
            assertThat(((Promote) decide(SYNC, g, memory, due).action()).candidate()).isEqualTo(S1);
            GroupObservation none = group(registered(), down(M), slave(S0, 999, false), down(S1));
            NoCandidate n = (NoCandidate) decide(SYNC, none, memory, due).action();
            assertThat(n.reason()).contains("no in-sync slave holds the confirmed offset 1000")
                    .contains(S0 + " holds 999 < confirmed 1000").contains(S1 + " does not answer as a ready slave");
        }

        @Test
        void withoutAConfirmedOffsetNoSlaveIsPromoted() {
            GroupMemory unknown = new GroupMemory(3, T0, null, null, Set.of(), null, null);
            GroupObservation g = group(registered(), down(M), slave(S0, 5000, false));
            assertThat(((NoCandidate) decide(SYNC, g, unknown, due).action()).reason())
                    .contains("no confirmed offset was observed");
        }

        @Test
        void aRefusalReadsTheSameEveryRoundSoItIsAnnouncedOnce() {
            GroupObservation none = group(registered(), down(M), slave(S0, 999, false));
            assertThat(decide(SYNC, none, memory, due).action())
                    .isEqualTo(decide(SYNC, none, memory, due.plusSeconds(60)).action());
        }

        @Test
        void aGroupWithoutSlavesHasNoCandidate() {
            assertThat(((NoCandidate) decide(SYNC, group(registered(), down(M)), memory, due).action()).reason())
                    .contains("the group has no slave");
        }
    }

    @Nested
    class Async {
        final Instant due = T0.plus(FOR);

        @Test
        void promotesTheMostCaughtUpAnsweringSlaveAndReportsWhatTheMasterHeldBeyondIt() {
            GroupMemory memory = new GroupMemory(3, T0, null, 1500L, Set.of(), null, null);
            GroupObservation g = group(registered(), down(M), slave(S0, 1200, false), slave(S1, 1300, false));
            Promote p = (Promote) decide(ASYNC, g, memory, due).action();
            assertThat(p.candidate()).isEqualTo(S1);
            assertThat(p.minOffset()).isEqualTo(-1);
            assertThat(p.possibleLossBytes()).isEqualTo(200);
        }

        @Test
        void aSlaveThatHeardOfMoreThanTheOperatorSawRaisesThePossibleLoss() {
            GroupMemory memory = new GroupMemory(3, T0, null, 1500L, Set.of(), null, null);
            MemberObservation heard = MemberObservation.slave(S0, addr(S0), 3, 1300, false, 1800);
            Promote p = (Promote) decide(ASYNC, group(registered(), down(M), heard), memory, due).action();
            assertThat(p.possibleLossBytes()).isEqualTo(500);
        }

        @Test
        void aSlaveAheadOfTheLastObservationLosesNothing() {
            GroupMemory memory = new GroupMemory(3, T0, null, 1500L, Set.of(), null, null);
            Promote p = (Promote) decide(ASYNC, group(registered(), down(M), slave(S0, 1600, false)), memory, due)
                    .action();
            assertThat(p.possibleLossBytes()).isZero();
        }

        @Test
        void aSlaveWhosePodIsNotReadyIsPassedOverEvenWithTheLongestLog() {
            GroupMemory memory = new GroupMemory(3, T0, null, 1500L, Set.of(), null, null);
            GroupObservation g = group(registered(), down(M), slave(S0, 1200, false),
                    slave(S1, 1500, false).withPodReady(false));
            assertThat(((Promote) decide(ASYNC, g, memory, due).action()).candidate()).isEqualTo(S0);
            GroupMemory synced = new GroupMemory(3, T0, 1000L, 1500L, Set.of(S0, S1), null, null);
            assertThat(((Promote) decide(SYNC, g, synced, due).action()).candidate()).isEqualTo(S0);
        }

        @Test
        void noAnsweringSlaveMeansNoCandidate() {
            GroupMemory memory = new GroupMemory(3, T0, null, 1500L, Set.of(), null, null);
            GroupObservation g = group(registered(), down(M), down(S0),
                    MemberObservation.notAnswering(S1, addr(S1), true));
            assertThat(((NoCandidate) decide(ASYNC, g, memory, due).action()).reason())
                    .contains("no slave answers as a ready slave");
        }
    }

    @Nested
    class InSyncSet {
        @Test
        void theMasterRoundRecordsConfirmedOffsetAndSlavesHoldingThePreviousOne() {
            GroupMemory before = new GroupMemory(3, null, 900L, 1000L, Set.of(S0, S1), null, null);
            GroupObservation g = group(registered(M), master(1200, 1000), slave(S0, 950, true),
                    slave(S1, 1200, false));
            GroupMemory after = decide(SYNC, g, before, T0).memory();
            assertThat(after.confirmedOffset()).isEqualTo(1000);
            assertThat(after.masterLogEnd()).isEqualTo(1200);
            // S1 holds more but does not replicate any more; S0 holds the previous confirmed offset
            assertThat(after.inSync()).containsExactly(S0);
        }

        @Test
        void aSlaveShortOfThePreviousConfirmedOffsetIsNotInSync() {
            GroupMemory before = new GroupMemory(3, null, 900L, 1000L, Set.of(S0), null, null);
            GroupObservation g = group(registered(M), master(1200, 1000), slave(S0, 899, true));
            assertThat(decide(SYNC, g, before, T0).memory().inSync()).isEmpty();
        }

        @Test
        void theConfirmedOffsetNeverGoesBackWithinAnEpoch() {
            GroupMemory before = new GroupMemory(3, null, 900L, 1000L, Set.of(S0), null, null);
            GroupObservation restarted = group(registered(M), master(1200, -1), slave(S0, 1200, true));
            assertThat(decide(SYNC, restarted, before, T0).memory().confirmedOffset()).isEqualTo(900);
        }

        @Test
        void aNewEpochForgetsTheOffsetsOfTheOldOne() {
            GroupMemory old = new GroupMemory(2, T0, 5000L, 6000L, Set.of(S0), null, null);
            GroupObservation gone = group(registered(), down(M), slave(S0, 5000, false));
            Decision d = decide(SYNC, gone, old, T0.plusSeconds(100));
            assertThat(d.memory().epoch()).isEqualTo(3);
            assertThat(d.memory().unavailableSince()).isEqualTo(T0.plusSeconds(100));
            assertThat(decide(SYNC, gone, d.memory(), T0.plusSeconds(200)).action()).isInstanceOf(NoCandidate.class);
        }
    }

    @Nested
    class StaleMasters {
        @Test
        void aMemberClaimingMasterUnderAnOlderEpochIsDemotedWithTheAssignmentsEpoch() {
            MemberObservation old = MemberObservation.master(S0, addr(S0), "SYNC_MASTER", 2, 900, -1);
            GroupObservation g = group(registered(M), master(1200, 1000), old);
            Demote d = (Demote) decide(SYNC, g, synced(Set.of()), T0).action();
            assertThat(d.member()).isEqualTo(S0);
            assertThat(d.epoch()).isEqualTo(3);
            assertThat(d.write()).isNull();
        }

        @Test
        void demotingTheStaleMasterComesBeforeRetryingAPromotion() {
            RoleAssignment e4 = new RoleAssignment(S0, 4, "SYNC_MASTER");
            MemberObservation old = MemberObservation.master(M, addr(M), "SYNC_MASTER", 3, 1200, 1000);
            GroupObservation g = group(registered(M), old, MemberObservation.slave(S0, addr(S0), 4, 1000, true, 1200));
            FailoverAction a = FailoverDecider.decide(SYNC, e4, g, GroupMemory.EMPTY, null, T0).action();
            assertThat(a).isInstanceOf(Demote.class);
            assertThat(((Demote) a).member()).isEqualTo(M);
            assertThat(((Demote) a).epoch()).isEqualTo(4);
        }

        @Test
        void aMasterWithAnEpochNotOlderThanTheAssignmentIsAConflictNotADemotion() {
            MemberObservation other = MemberObservation.master(S0, addr(S0), "SYNC_MASTER", 3, 900, -1);
            GroupObservation g = group(registered(M), master(1200, 1000), other);
            assertThat(((NoCandidate) decide(SYNC, g, synced(Set.of()), T0).action()).reason())
                    .contains("promoted outside the operator");
        }
    }

    @Nested
    class PendingPromotions {
        final RoleAssignment e4 = new RoleAssignment(S0, 4, "SYNC_MASTER");

        @Test
        void anAssignedMasterThatIsStillASlaveIsPromotedAgainWithoutANewEpoch() {
            PendingPromotion pending = new PendingPromotion(S0, M, 4, 1000, "master gone", 0, T0, false);
            GroupMemory memory = new GroupMemory(3, T0, 1000L, 1200L, Set.of(S0), pending, null);
            GroupObservation g = group(registered(), down(M), MemberObservation.slave(S0, addr(S0), 3, 1000, false, 1200));
            Promote p = (Promote) FailoverDecider.decide(SYNC, e4, g, memory, null, T0.plusSeconds(40)).action();
            assertThat(p).isEqualTo(new Promote(S0, M, 4, 1000, 0, "master gone", null, false));
        }

        @Test
        void withoutMemoryTheRetryUsesNoMinimumAndNamesNoPreviousMaster() {
            GroupObservation g = group(registered(), down(M), MemberObservation.slave(S0, addr(S0), 3, 1000, false, 1200));
            Promote p = (Promote) FailoverDecider.decide(ASYNC, e4, g, GroupMemory.EMPTY, null, T0).action();
            assertThat(p.write()).isNull();
            assertThat(p.from()).isNull();
            assertThat(p.minOffset()).isEqualTo(-1);
        }

        @Test
        void aSwitchoverWaitsForTheTargetToHoldTheDemotedMastersLogThenGivesUpSayingSo() {
            PendingPromotion pending = new PendingPromotion(S0, M, 4, 1300, "switchover", 0, T0, true);
            GroupMemory memory = new GroupMemory(4, null, null, null, Set.of(), pending, null);
            MemberObservation behind = MemberObservation.slave(S0, addr(S0), 4, 1200, true, 1300);
            GroupObservation g = group(registered(), MemberObservation.slave(M, addr(M), 4, 1300, false, -1), behind);
            assertThat(FailoverDecider.decide(SYNC, e4, g, memory, null, T0.plusSeconds(5)).action())
                    .isInstanceOf(Wait.class);
            assertThat(((NoCandidate) FailoverDecider.decide(SYNC, e4, g, memory, null, T0.plus(FOR)).action())
                    .reason()).contains("holds the log up to 1200, short of 1300");
            MemberObservation caughtUp = MemberObservation.slave(S0, addr(S0), 4, 1300, true, 1300);
            GroupObservation ready = group(registered(), MemberObservation.slave(M, addr(M), 4, 1300, false, -1),
                    caughtUp);
            Promote p = (Promote) FailoverDecider.decide(SYNC, e4, ready, memory, null, T0.plusSeconds(6)).action();
            assertThat(p.minOffset()).isEqualTo(1300);
            assertThat(p.switchover()).isTrue();
        }
    }

    @Nested
    class Switchover {
        final GroupObservation healthy = group(registered(M), master(1200, 1000), slave(S0, 1200, true),
                slave(S1, 800, true));
        final GroupMemory memory = new GroupMemory(3, null, 1000L, 1200L, Set.of(S0), null, null);

        @Test
        void anInSyncTargetIsAssignedFirstThenTheMasterIsDemotedUnderTheNewEpoch() {
            Demote d = (Demote) FailoverDecider.decide(SYNC, E3, healthy, memory, S0, T0).action();
            assertThat(d.member()).isEqualTo(M);
            assertThat(d.epoch()).isEqualTo(4);
            assertThat(d.write()).isEqualTo(new RoleAssignment(S0, 4, "SYNC_MASTER"));
        }

        @Test
        void aTargetOutOfSyncIsRefusedSayingWhy() {
            NoCandidate n = (NoCandidate) FailoverDecider.decide(SYNC, E3, healthy, memory, S1, T0).action();
            assertThat(n.reason()).contains("switchover to " + S1).contains("not in sync").contains("log end 800");
        }

        @Test
        void aTargetThatIsNotOfTheGroupOrNotAnsweringIsRefused() {
            assertThat(((NoCandidate) FailoverDecider.decide(SYNC, E3, healthy, memory, "c-broker-0-slave-7", T0)
                    .action()).reason()).contains("not a broker of this group");
            GroupObservation s0Down = group(registered(M), master(1200, 1000), down(S0));
            assertThat(((NoCandidate) FailoverDecider.decide(SYNC, E3, s0Down, memory, S0, T0).action()).reason())
                    .contains("not a ready, answering slave");
        }

        @Test
        void aTargetThatIsAlreadyMasterNeedsNothing() {
            assertThat(FailoverDecider.decide(SYNC, E3, healthy, memory, M, T0).action()).isInstanceOf(None.class);
        }
    }
}
