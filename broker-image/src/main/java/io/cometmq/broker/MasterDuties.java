package io.cometmq.broker;

import io.cometmq.broker.delay.DelayRouter;
import io.cometmq.broker.delay.ScheduleService;
import io.cometmq.broker.delay.TimerService;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.transaction.TransactionCheckService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What only a master runs: delivering delayed and timed messages and checking open transactions. Slaves hold the
 * same messages (replicated) and start these when promoted.
 */
final class MasterDuties {

    private final TopicConfigManager topics;
    private final ScheduleService schedule;
    private final TimerService timers;
    private final TransactionCheckService transactionChecks;
    private final ScheduledExecutorService scheduler;

    MasterDuties(TopicConfigManager topics, ScheduleService schedule, TimerService timers,
            TransactionCheckService transactionChecks, ScheduledExecutorService scheduler) {
        this.topics = topics;
        this.schedule = schedule;
        this.timers = timers;
        this.transactionChecks = transactionChecks;
        this.scheduler = scheduler;
    }

    /** Starts the duties; calling it again (a second promotion request) changes nothing. */
    void start() {
        topics.getOrCreateSystemTopic(DelayRouter.TIMER_TOPIC, 1);
        schedule.start(scheduler);
        timers.start(scheduler);
        transactionChecks.start(scheduler);
    }

    /** Stops them and saves delivery progress; also on a slave, whose copied delay offsets are saved the same way. */
    void close() {
        schedule.close();
        timers.close();
        transactionChecks.close();
    }
}
