package io.cometmq.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/** A clock tests move forward: a fixed start, or real time, plus whatever {@link #advance} added. */
public final class TestClock extends Clock {
    private final Supplier<Instant> base;
    private volatile Duration offset = Duration.ZERO;

    private TestClock(Supplier<Instant> base) {
        this.base = base;
    }

    /** Stands still at {@code start} until advanced. */
    public static TestClock fixed(Instant start) {
        return new TestClock(() -> start);
    }

    /** Runs with real time, ahead by what was advanced (for code that also waits in real time). */
    public static TestClock real() {
        return new TestClock(Instant::now);
    }

    public synchronized void advance(Duration by) {
        offset = offset.plus(by);
    }

    @Override
    public Instant instant() {
        return base.get().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
