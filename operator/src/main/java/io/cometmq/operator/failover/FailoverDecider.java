package io.cometmq.operator.failover;

import io.cometmq.operator.failover.FailoverAction.Demote;
import io.cometmq.operator.failover.FailoverAction.NoCandidate;
import io.cometmq.operator.failover.FailoverAction.None;
import io.cometmq.operator.failover.FailoverAction.Promote;
import io.cometmq.operator.failover.FailoverAction.Wait;
import io.cometmq.protocol.config.RoleAssignment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides, from one round's observation of a group, what the failover controller does next. Pure: no I/O, no clock
 * of its own; every rule of the failover design is here, in this order:
 * <ol>
 *   <li>A member other than the assigned master that reports a master role with a lower controller epoch is a
 *       stale master: DEMOTE it with the assignment's epoch (one with an equal or higher epoch is a conflict the
 *       operator does not resolve on its own: reported).</li>
 *   <li>The assigned master answers as SLAVE: the promotion is stored but not carried out: PROMOTE it again (a
 *       switchover first waits, at most unavailableFor, until it holds the demoted master's log end).</li>
 *   <li>The master is unavailable when its pod is not ready, or it does not answer runtime info, or (at least one
 *       NameServer answered and) no NameServer lists its address as brokerId 0. While it is available, the round
 *       records its confirmed offset (haAckedOffset) and the in-sync set (slaves replicating from it whose log holds
 *       the previously confirmed offset), and a requested switchover starts (store, then DEMOTE).</li>
 *   <li>Unavailable: WAIT until it has been unavailable without a break for unavailableFor, and for ever while it
 *       still answers and is registered (only its pod readiness failed). Then, when failover is enabled: SYNC
 *       promotes the in-sync slave with the longest log among those holding the last confirmed offset (loss 0);
 *       ASYNC the answering slave with the longest log, reporting as possible loss what the master was last seen to
 *       hold beyond it. No such slave: NO_CANDIDATE, saying why.</li>
 * </ol>
 */
public final class FailoverDecider {

    /** The action, the memory to keep for the next round, and why the master counts as unavailable (or null). */
    public record Decision(FailoverAction action, GroupMemory memory, String unavailableReason) {}

    private FailoverDecider() {}

    /**
     * @param switchoverTarget the member cometmq.io/promote names for this group, or null
     */
    public static Decision decide(FailoverPolicy policy, RoleAssignment assignment, GroupObservation observed,
            GroupMemory memory, String switchoverTarget, Instant now) {
        GroupMemory mem = forEpoch(memory, assignment.epoch());

        Optional<Decision> stale = staleMaster(assignment, observed, mem);
        if (stale.isPresent()) {
            return stale.get();
        }
        Optional<MemberObservation> master = observed.member(assignment.master());
        if (master.isPresent() && master.get().podReady() && master.get().isSlave()) {
            return pendingPromotion(policy, assignment, master.get(), mem, now);
        }
        String unavailable = unavailableReason(assignment, master, observed.registration());
        if (unavailable == null) {
            GroupMemory seen = observeReplication(master.get(), observed, mem);
            return new Decision(switchover(assignment, observed, seen, switchoverTarget), seen, null);
        }
        Instant since = mem.unavailableSince() != null ? mem.unavailableSince() : now;
        GroupMemory waiting = new GroupMemory(mem.epoch(), since, mem.confirmedOffset(), mem.masterLogEnd(),
                mem.inSync(), mem.pending(), mem.lastFailover());
        String reason = "master " + assignment.master() + " " + unavailable;
        if (master.isPresent() && master.get().answering()
                && observed.registration().registersAsMaster(master.get().address())) {
            return new Decision(new Wait(since, reason + "; it still answers and is registered, so no slave is"
                    + " promoted"), waiting, unavailable);
        }
        Duration down = Duration.between(since, now);
        if (down.compareTo(policy.unavailableFor()) < 0) {
            return new Decision(new Wait(since, reason), waiting, unavailable);
        }
        if (!policy.enabled()) {
            return new Decision(new NoCandidate(reason
                    + "; automatic failover is off (spec.broker.failover.enabled=false)"), waiting, unavailable);
        }
        // the record names how long it was down; a refusal does not, so that it reads the same every round
        String timed = reason + " for " + seconds(down);
        FailoverAction action = policy.sync() ? syncCandidate(assignment, observed, waiting, timed, reason)
                : asyncCandidate(assignment, observed, waiting, timed, reason);
        return new Decision(action, waiting, unavailable);
    }

    /** Offsets and the in-sync set of a deposed master's epoch say nothing about the next: start over. */
    private static GroupMemory forEpoch(GroupMemory memory, int epoch) {
        if (memory.epoch() == epoch) {
            return memory;
        }
        PendingPromotion pending = memory.pending() != null && memory.pending().epoch() == epoch
                ? memory.pending() : null;
        return new GroupMemory(epoch, null, null, null, Set.of(), pending, memory.lastFailover());
    }

    private static Optional<Decision> staleMaster(RoleAssignment assignment, GroupObservation observed,
            GroupMemory mem) {
        for (MemberObservation m : observed.members()) {
            if (m.member().equals(assignment.master()) || !m.claimsMaster()) {
                continue;
            }
            if (m.epoch() < assignment.epoch()) {
                return Optional.of(new Decision(new Demote(m.member(), assignment.epoch(), m.member()
                        + " reports " + m.role() + " under controller epoch " + m.epoch() + " but "
                        + assignment.master() + " is master under epoch " + assignment.epoch(), null), mem, null));
            }
            return Optional.of(new Decision(new NoCandidate(m.member() + " reports " + m.role()
                    + " under controller epoch " + m.epoch() + ", not older than the assignment (" + assignment.master()
                    + ", epoch " + assignment.epoch() + "): it was promoted outside the operator; the operator does"
                    + " not pick between them"), mem, null));
        }
        return Optional.empty();
    }

    private static Decision pendingPromotion(FailoverPolicy policy, RoleAssignment assignment,
            MemberObservation candidate, GroupMemory mem, Instant now) {
        PendingPromotion pending = mem.pending() != null && mem.pending().member().equals(candidate.member())
                && mem.pending().epoch() == assignment.epoch() ? mem.pending() : null;
        long minOffset = pending != null ? pending.minOffset()
                : policy.sync() && mem.confirmedOffset() != null ? mem.confirmedOffset() : -1;
        Instant since = mem.unavailableSince() != null ? mem.unavailableSince() : now;
        GroupMemory next = new GroupMemory(mem.epoch(), since, mem.confirmedOffset(), mem.masterLogEnd(),
                mem.inSync(), mem.pending(), mem.lastFailover());
        String unavailable = "is assigned but still a slave (promotion pending)";
        if (candidate.logEnd() < minOffset) {
            String behind = candidate.member() + " holds the log up to " + candidate.logEnd() + ", short of "
                    + minOffset;
            if (pending != null && pending.switchover()
                    && Duration.between(pending.since(), now).compareTo(policy.unavailableFor()) < 0) {
                return new Decision(new Wait(since, "switchover: waiting for " + behind), next, unavailable);
            }
            return new Decision(new NoCandidate("promotion of " + candidate.member() + " under epoch "
                    + assignment.epoch() + " cannot finish: " + behind + " and is not catching up"), next, unavailable);
        }
        String reason = pending != null ? pending.reason()
                : "promotion of " + candidate.member() + " under epoch " + assignment.epoch() + " not carried out yet";
        return new Decision(new Promote(candidate.member(), pending == null ? null : pending.from(),
                assignment.epoch(), minOffset, pending == null ? 0 : pending.possibleLossBytes(), reason, null,
                pending != null && pending.switchover()), next, unavailable);
    }

    /** Why the assigned master counts as unavailable, or null when it is available. */
    static String unavailableReason(RoleAssignment assignment, Optional<MemberObservation> master,
            RegistrationView registration) {
        if (master.isEmpty()) {
            return "is not a broker of this group (no such pod expected)";
        }
        MemberObservation m = master.get();
        if (!m.podReady()) {
            return "pod is not ready";
        }
        if (!m.answering()) {
            return "does not answer runtime info";
        }
        if (!registration.registersAsMaster(m.address())) {
            return "is not registered as master (brokerId 0) on any of the " + registration.nameServersAnswered()
                    + " NameServers that answered";
        }
        return null;
    }

    /**
     * The master answers: remember its confirmed offset (the highest seen under this epoch), its log end, and the
     * slaves in sync with it: replicating now, and holding at least the offset confirmed at the previous round
     * (this round's when there was none: offsets of master and slaves are read a moment apart).
     */
    static GroupMemory observeReplication(MemberObservation master, GroupObservation observed, GroupMemory mem) {
        Long confirmedNow = null;
        if (master.haAckedOffset() >= 0) {
            confirmedNow = master.haAckedOffset();
        }
        Long confirmed = mem.confirmedOffset();
        if (confirmed == null || confirmedNow != null && confirmedNow > confirmed) {
            confirmed = confirmedNow;
        }
        Long threshold = mem.confirmedOffset() != null ? mem.confirmedOffset() : confirmedNow;
        Set<String> inSync = new TreeSet<>();
        for (MemberObservation s : observed.members()) {
            if (!s.member().equals(master.member()) && s.podReady() && s.isSlave() && s.haMasterConnected()
                    && threshold != null && s.logEnd() >= threshold) {
                inSync.add(s.member());
            }
        }
        return new GroupMemory(mem.epoch(), null, confirmed, master.logEnd(), inSync, mem.pending(),
                mem.lastFailover());
    }

    private static FailoverAction switchover(RoleAssignment assignment, GroupObservation observed, GroupMemory mem,
            String target) {
        if (target == null || target.equals(assignment.master())) {
            return new None();
        }
        Optional<MemberObservation> t = observed.member(target);
        String refused = "switchover to " + target + " (cometmq.io/promote) refused: ";
        if (t.isEmpty()) {
            return new NoCandidate(refused + "it is not a broker of this group");
        }
        if (!t.get().podReady() || !t.get().isSlave()) {
            return new NoCandidate(refused + "it is not a ready, answering slave");
        }
        if (!mem.inSync().contains(target)) {
            return new NoCandidate(refused + "it is not in sync with master " + assignment.master() + " (log end "
                    + t.get().logEnd() + ", confirmed offset " + mem.confirmedOffset()
                    + (t.get().haMasterConnected() ? "" : ", not replicating") + ")");
        }
        RoleAssignment next = assignment.handOver(target);
        return new Demote(assignment.master(), next.epoch(), "switchover to " + target + " requested", next);
    }

    private static FailoverAction syncCandidate(RoleAssignment assignment, GroupObservation observed,
            GroupMemory mem, String reason, String blocked) {
        if (mem.confirmedOffset() == null) {
            return new NoCandidate(blocked + "; no confirmed offset was observed under epoch " + assignment.epoch()
                    + " (the operator has not seen the master replicate since it started), so no slave is known to"
                    + " hold every acknowledged message");
        }
        long confirmed = mem.confirmedOffset();
        List<String> why = new ArrayList<>();
        MemberObservation best = null;
        for (MemberObservation s : slaves(assignment, observed)) {
            if (!s.podReady() || !s.isSlave()) {
                why.add(s.member() + " does not answer as a ready slave");
            } else if (!mem.inSync().contains(s.member())) {
                why.add(s.member() + " was not in sync");
            } else if (s.logEnd() < confirmed) {
                why.add(s.member() + " holds " + s.logEnd() + " < confirmed " + confirmed);
            } else if (best == null || s.logEnd() > best.logEnd()) {
                best = s;
            }
        }
        if (best == null) {
            return new NoCandidate(blocked + "; no in-sync slave holds the confirmed offset " + confirmed
                    + (why.isEmpty() ? " (the group has no slave)" : ": " + String.join(", ", why)));
        }
        RoleAssignment next = assignment.handOver(best.member());
        return new Promote(best.member(), assignment.master(), next.epoch(), confirmed, 0, reason, next, false);
    }

    private static FailoverAction asyncCandidate(RoleAssignment assignment, GroupObservation observed,
            GroupMemory mem, String reason, String blocked) {
        List<MemberObservation> answering = slaves(assignment, observed).stream()
                .filter(s -> s.podReady() && s.isSlave()).toList();
        Optional<MemberObservation> best = answering.stream()
                .max(Comparator.comparingLong(MemberObservation::logEnd)
                        .thenComparing(MemberObservation::member, Comparator.reverseOrder()));
        if (best.isEmpty()) {
            return new NoCandidate(blocked + "; no slave answers as a ready slave");
        }
        // what the master was last known to hold: our own observation, or a slave's at its last contact
        long masterEnd = mem.masterLogEnd() == null ? -1 : mem.masterLogEnd();
        for (MemberObservation s : answering) {
            masterEnd = Math.max(masterEnd, s.haMasterMaxOffset());
        }
        long loss = Math.max(0, masterEnd - best.get().logEnd());
        RoleAssignment next = assignment.handOver(best.get().member());
        return new Promote(best.get().member(), assignment.master(), next.epoch(), -1, loss, reason, next, false);
    }

    private static List<MemberObservation> slaves(RoleAssignment assignment, GroupObservation observed) {
        return observed.members().stream().filter(m -> !m.member().equals(assignment.master())).toList();
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }
}
