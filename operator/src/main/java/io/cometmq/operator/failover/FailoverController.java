package io.cometmq.operator.failover;

import io.cometmq.operator.failover.FailoverAction.Demote;
import io.cometmq.operator.failover.FailoverAction.NoCandidate;
import io.cometmq.operator.failover.FailoverAction.Promote;
import io.cometmq.operator.failover.FailoverDecider.Decision;
import io.cometmq.protocol.config.RoleAssignment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover controller of one broker cluster: one {@link #round} per group and probe observes, decides
 * ({@link FailoverDecider}) and acts, keeping {@link GroupMemory} between rounds. Free of Kubernetes types: the same
 * code runs against broker processes in a test.
 *
 * <p>Acting, in this order and never further when a step fails:
 * <ul>
 *   <li>PROMOTE with a new assignment: (1) store it ({@link RoleStore}; nothing is decided until it is durable,
 *       and a failed write sends nothing), (2) UNREGISTER_BROKER of the old master's address (and any other address
 *       that still holds brokerId 0) on every NameServer, (3) PROMOTE_SLAVE_TO_MASTER to the candidate, (4) record a
 *       {@link FailoverRecord}. A refused or failed promotion stays pending and is sent again on the next rounds
 *       (the stored assignment is the desired state); refusals are reported once they last {@link #REFUSAL_GRACE}.</li>
 *   <li>DEMOTE of a stale master: DEMOTE_MASTER_TO_SLAVE with the assignment's epoch.</li>
 *   <li>Switchover: store the new assignment, DEMOTE the master under the new epoch; its answer (log end) is what the
 *       target must hold before the pending promotion is sent.</li>
 * </ul>
 * Thread-safety: rounds of one group must not overlap (the probe runs one cluster at a time); different groups and
 * clusters may run in parallel.
 */
public final class FailoverController {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverController.class);
    /** How long refusals of a fresh promotion are retried quietly before they are reported as the group's problem. */
    static final Duration REFUSAL_GRACE = Duration.ofSeconds(15);

    /**
     * What a round produced.
     *
     * @param control        for status; null when the group has no assignment yet
     * @param busy           the master is suspect or an action is pending: probe again soon
     * @param switchoverDone the requested switchover target is master now (the request can be removed)
     */
    public record Round(GroupControl control, boolean busy, boolean switchoverDone) {}

    private final RoleStore store;
    private final MemberObserver observer;
    private final GroupCommands commands;
    private final Clock clock;
    private final Map<Integer, GroupMemory> memory = new ConcurrentHashMap<>();
    private final Map<Integer, String> announcedProblem = new ConcurrentHashMap<>();
    /** "group/epoch" of promotions already counted as failed: a pending promotion is retried every round. */
    private final Set<String> failedPromotions = ConcurrentHashMap.newKeySet();

    public FailoverController(RoleStore store, MemberObserver observer, GroupCommands commands, Clock clock) {
        this.store = store;
        this.observer = observer;
        this.commands = commands;
        this.clock = clock;
    }

    /** @param switchoverTarget the member cometmq.io/promote names for this group, or null */
    public Round round(FailoverGroup group, FailoverPolicy policy, String switchoverTarget, FailoverEvents events) {
        Optional<RoleAssignment> loaded;
        try {
            loaded = store.load(group);
        } catch (Exception e) {
            String problem = "cannot read the role assignment of " + group.brokerName() + ": " + message(e);
            announce(group, problem, events);
            return new Round(new GroupControl(null, 0, null, List.of(), null, null, lastFailover(group), problem),
                    true, false);
        }
        if (loaded.isEmpty()) {
            return new Round(null, false, false);
        }
        RoleAssignment assignment = loaded.get();
        // Judged as of when the questions were asked: a broker that let a request sent then time out was
        // unavailable from then on (timing it from the answer's deadline would add the timeout to every failover).
        Instant askedAt = clock.instant();
        GroupObservation observed = observer.observe(group);
        Instant now = clock.instant();
        Decision decision = FailoverDecider.decide(policy, assignment, observed,
                memory.getOrDefault(group.index(), GroupMemory.EMPTY), switchoverTarget, askedAt);
        GroupMemory mem = decision.memory();
        memory.put(group.index(), mem);

        Outcome outcome = act(group, assignment, observed, decision.action(), mem, events, now);
        mem = memory.get(group.index());
        announce(group, outcome.problem, events);

        RoleAssignment current = outcome.assignment;
        boolean done = switchoverTarget != null && switchoverTarget.equals(current.master())
                && observed.member(current.master()).map(m -> m.claimsMaster() && m.epoch() == current.epoch())
                        .orElse(false);
        boolean busy = mem.unavailableSince() != null || mem.pending() != null
                || !(decision.action() instanceof FailoverAction.None);
        GroupControl control = new GroupControl(current.master(), current.epoch(), mem.confirmedOffset(),
                List.copyOf(mem.inSync()), mem.unavailableSince(), decision.unavailableReason(), mem.lastFailover(),
                outcome.problem);
        return new Round(control, busy, done);
    }

    /** The assignment after acting, and why the needed action could not finish (or null). */
    private record Outcome(RoleAssignment assignment, String problem) {}

    private Outcome act(FailoverGroup group, RoleAssignment assignment, GroupObservation observed,
            FailoverAction action, GroupMemory mem, FailoverEvents events, Instant now) {
        if (action instanceof Promote promote) {
            return promote(group, assignment, observed, promote, mem, events, now);
        }
        if (action instanceof Demote demote) {
            return demote(group, assignment, demote, mem, events, now);
        }
        return new Outcome(assignment, action instanceof NoCandidate blocked ? blocked.reason() : null);
    }

    private Outcome promote(FailoverGroup group, RoleAssignment assignment, GroupObservation observed, Promote p,
            GroupMemory mem, FailoverEvents events, Instant now) {
        RoleAssignment current = assignment;
        GroupMemory next = mem;
        if (p.write() != null) {
            try {
                store.save(group, assignment, p.write());
            } catch (Exception e) {
                promotionFailed(group, p.epoch(), events);
                return new Outcome(assignment, "failover of " + group.brokerName() + " to " + p.candidate()
                        + " not started: the role assignment could not be stored: " + message(e));
            }
            current = p.write();
            next = mem.withPending(new PendingPromotion(p.candidate(), p.from(), p.epoch(), p.minOffset(), p.reason(),
                    p.possibleLossBytes(), now, p.switchover()));
            memory.put(group.index(), next);
            events.normal(FailoverEvents.FAILOVER_STARTED, "Promoting " + p.candidate() + " to master of "
                    + group.brokerName() + " in place of " + p.from() + " under controller epoch " + p.epoch() + ": "
                    + p.reason() + "; possible loss " + p.possibleLossBytes() + " bytes.");
        }
        Optional<FailoverGroup.Member> candidate = group.member(p.candidate());
        if (candidate.isEmpty()) {
            return new Outcome(current, "promotion of " + p.candidate() + " pending: it has no address");
        }
        for (String stale : staleMasterAddresses(group, observed, p, candidate.get().address())) {
            try {
                commands.unregisterMaster(group, stale);
            } catch (Exception e) {
                // the broker refuses the promotion while a master is registered: the refusal is what gets reported
                LOG.warn("{}: could not unregister {} as master: {}", group.brokerName(), stale, message(e));
            }
        }
        try {
            commands.promote(candidate.get().address(), current.masterRole(), p.epoch(), p.minOffset());
        } catch (Exception e) {
            String refused = "promotion of " + p.candidate() + " under epoch " + p.epoch()
                    + " pending, retried every probe: " + message(e);
            PendingPromotion pending = next.pending();
            // a slave still attached to a frozen master refuses until its replication connection times out: a few
            // seconds that are part of every such failover, not a problem to report
            if (pending != null && Duration.between(pending.since(), now).compareTo(REFUSAL_GRACE) < 0) {
                LOG.info("{}: {}", group.brokerName(), refused);
                return new Outcome(current, null);
            }
            promotionFailed(group, p.epoch(), events);
            return new Outcome(current, refused);
        }
        FailoverRecord recorded = next.lastFailover();
        if (recorded != null && recorded.to().equals(p.candidate()) && recorded.epoch() == p.epoch()) {
            // the same promotion sent again (the broker had not reported itself master yet): already recorded and
            // announced; a new record would change status and announce it once more on every round
            memory.put(group.index(), next.withPending(null));
            return new Outcome(current, null);
        }
        FailoverRecord record = new FailoverRecord(now, p.from(), p.candidate(), p.epoch(), p.reason(),
                p.possibleLossBytes());
        memory.put(group.index(), next.withPending(null).withLastFailover(record));
        failedPromotions.remove(group.index() + "/" + p.epoch());
        events.promotion(group.brokerName(), true);
        events.normal(FailoverEvents.MASTER_PROMOTED, p.candidate() + " is master of " + group.brokerName()
                + " under controller epoch " + p.epoch() + (p.from() == null ? "" : " (was " + p.from() + ")")
                + "; possible loss " + p.possibleLossBytes() + " bytes.");
        return new Outcome(current, null);
    }

    /** The old master's address, and every other address a NameServer still lists as the group's master. */
    private static Set<String> staleMasterAddresses(FailoverGroup group, GroupObservation observed, Promote p,
            String candidateAddress) {
        Set<String> addresses = new LinkedHashSet<>();
        if (p.from() != null) {
            group.member(p.from()).ifPresent(m -> addresses.add(m.address()));
        }
        addresses.addAll(observed.registration().masterAddresses());
        addresses.remove(candidateAddress);
        return addresses;
    }

    private Outcome demote(FailoverGroup group, RoleAssignment assignment, Demote d, GroupMemory mem,
            FailoverEvents events, Instant now) {
        RoleAssignment current = assignment;
        GroupMemory next = mem;
        if (d.write() != null) {
            try {
                store.save(group, assignment, d.write());
            } catch (Exception e) {
                return new Outcome(assignment, d.reason() + " but not started: the role assignment could not be"
                        + " stored: " + message(e));
            }
            current = d.write();
            // the target's minimum log end is known once the master answers the demotion
            next = mem.withPending(new PendingPromotion(d.write().master(), d.member(), d.epoch(), -1, d.reason(), 0,
                    now, true));
            memory.put(group.index(), next);
            events.normal(FailoverEvents.FAILOVER_STARTED, "Switchover of " + group.brokerName() + " from "
                    + d.member() + " to " + d.write().master() + " under controller epoch " + d.epoch() + ".");
        }
        Optional<FailoverGroup.Member> member = group.member(d.member());
        if (member.isEmpty()) {
            return new Outcome(current, "demotion of " + d.member() + " pending: it has no address");
        }
        long logEnd;
        try {
            logEnd = commands.demote(member.get().address(), d.epoch());
        } catch (Exception e) {
            return new Outcome(current, "demotion of " + d.member() + " under epoch " + d.epoch()
                    + " failed, retried every probe: " + message(e));
        }
        PendingPromotion pending = next.pending();
        if (pending != null && pending.switchover() && d.member().equals(pending.from()) && pending.minOffset() < 0) {
            memory.put(group.index(), next.withPending(new PendingPromotion(pending.member(), pending.from(),
                    pending.epoch(), logEnd, pending.reason(), 0, pending.since(), true)));
        }
        events.normal(FailoverEvents.MASTER_DEMOTED, d.member() + " is no longer master of " + group.brokerName()
                + " (controller epoch " + d.epoch() + ", its log ends at " + logEnd + "): " + d.reason() + ".");
        return new Outcome(current, null);
    }

    private void promotionFailed(FailoverGroup group, int epoch, FailoverEvents events) {
        if (failedPromotions.add(group.index() + "/" + epoch)) {
            events.promotion(group.brokerName(), false);
        }
    }

    /** A Warning event when a group's problem appears or changes; said once, not every round. */
    private void announce(FailoverGroup group, String problem, FailoverEvents events) {
        String before = problem == null ? announcedProblem.remove(group.index())
                : announcedProblem.put(group.index(), problem);
        if (problem != null && !problem.equals(before)) {
            events.warning(FailoverEvents.FAILOVER_BLOCKED, problem);
        }
    }

    private FailoverRecord lastFailover(FailoverGroup group) {
        GroupMemory mem = memory.get(group.index());
        return mem == null ? null : mem.lastFailover();
    }

    /** Forgets the groups from index {@code groups} on (removed by a scale-down): a later one starts afresh. */
    public void retainGroups(int groups) {
        memory.keySet().removeIf(g -> g >= groups);
        announcedProblem.keySet().removeIf(g -> g >= groups);
        failedPromotions.removeIf(key -> Integer.parseInt(key.substring(0, key.indexOf('/'))) >= groups);
    }

    private static String message(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
