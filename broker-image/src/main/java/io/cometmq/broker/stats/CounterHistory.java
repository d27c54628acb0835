package io.cometmq.broker.stats;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * One monotonic counter (e.g. messages put since start) over time: its rates over recent windows and its value at
 * the start of today and of yesterday, which mqadmin shows as "today morning" / "yesterday morning" totals.
 */
public final class CounterHistory {

    private final RateWindow window;
    private final ZoneId zone;
    private LocalDate day;
    private long latest;
    private long todayMorning;
    private long yesterdayMorning;

    /** @param capacity samples kept for rates: one per sampling period */
    public CounterHistory(int capacity, ZoneId zone) {
        this.window = new RateWindow(capacity);
        this.zone = zone;
    }

    /** Records the counter's value. The first sample of a new day becomes that day's morning total. */
    public synchronized void record(long millis, long total) {
        LocalDate date = Instant.ofEpochMilli(millis).atZone(zone).toLocalDate();
        if (day != null && date.isAfter(day)) {
            // with a sample missing for a whole day, yesterday started at the same total as today
            yesterdayMorning = date.minusDays(1).equals(day) ? todayMorning : total;
            todayMorning = total;
        }
        day = date;
        latest = total;
        window.record(millis, total);
    }

    public double perSecond(long windowMillis) {
        return window.perSecond(windowMillis);
    }

    public synchronized long now() {
        return latest;
    }

    public synchronized long todayMorning() {
        return todayMorning;
    }

    public synchronized long yesterdayMorning() {
        return yesterdayMorning;
    }
}
