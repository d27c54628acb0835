package io.cometmq.broker;

import io.cometmq.broker.delay.DelayRouter;
import io.cometmq.broker.delay.ScheduleService;
import io.cometmq.broker.delay.TimerService;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.pop.ReviveService;
import io.cometmq.broker.transaction.TransactionCheckService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * What only a master runs: delivering delayed and timed messages, checking open transactions and bringing back
 * unacked POP messages. Slaves hold the
 * same messages (replicated) and start these when promoted; a demoted master stops them, and a managed master whose
 * lease is unconfirmed skips their rounds (they append to the log like a send).
 */
final class MasterDuties {

    private final TopicConfigManager topics;
    private final ScheduleService schedule;
    private final TimerService timers;
    private final TransactionCheckService transactionChecks;
    private final ReviveService popRevive;
    private final ScheduledExecutorService scheduler;
    private final BooleanSupplier mayWrite;

    /** @param mayWrite whether the broker may append as master now (managed: its lease is confirmed) */
    MasterDuties(TopicConfigManager topics, ScheduleService schedule, TimerService timers,
            TransactionCheckService transactionChecks, ReviveService popRevive, ScheduledExecutorService scheduler,
            BooleanSupplier mayWrite) {
        this.topics = topics;
        this.schedule = schedule;
        this.timers = timers;
        this.transactionChecks = transactionChecks;
        this.popRevive = popRevive;
        this.scheduler = scheduler;
        this.mayWrite = mayWrite;
    }

    /** Starts the duties; calling it again (a second promotion request) changes nothing. */
    void start() {
        topics.getOrCreateSystemTopic(DelayRouter.TIMER_TOPIC, 1);
        schedule.start(scheduler, mayWrite);
        timers.start(scheduler, mayWrite);
        transactionChecks.start(scheduler, mayWrite);
        popRevive.start();
    }

    /** Stops them and saves delivery progress; also on a slave, whose copied delay offsets are saved the same way. */
    void close() {
        schedule.close();
        timers.close();
        transactionChecks.close();
        popRevive.close();
    }
}
