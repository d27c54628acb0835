package io.cometmq.broker.store;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.BitSet;

/** The hours of day when expired files may be deleted ({@code deleteWhen}: "04", "04;16", or "*" for any hour). */
final class RetentionSchedule {
    private final BitSet hours;
    private final Clock clock;

    RetentionSchedule(String deleteWhen, Clock clock) {
        this.hours = parseHours(deleteWhen);
        this.clock = clock;
    }

    static BitSet parseHours(String deleteWhen) {
        BitSet hours = new BitSet(24);
        if (deleteWhen.trim().equals("*")) {
            hours.set(0, 24);
            return hours;
        }
        for (String part : deleteWhen.split(";")) {
            try {
                int hour = Integer.parseInt(part.trim());
                if (hour < 0 || hour > 23) {
                    throw new NumberFormatException();
                }
                hours.set(hour);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("deleteWhen must list hours 0-23 separated by ';' or be '*': "
                        + deleteWhen);
            }
        }
        return hours;
    }

    boolean isDeleteHour() {
        return hours.get(ZonedDateTime.now(clock).getHour());
    }
}
