package io.cometmq.broker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CounterHistoryTest {

    @Test
    void morningTotalsRollAtMidnightInTheGivenZone() {
        ZoneId zone = ZoneOffset.ofHours(2);
        CounterHistory puts = new CounterHistory(10, zone);
        puts.record(millis(2024, 3, 1, 9, zone), 5);
        puts.record(millis(2024, 3, 1, 23, zone), 40);
        assertThat(puts.todayMorning()).isZero();
        assertThat(puts.yesterdayMorning()).isZero();

        puts.record(millis(2024, 3, 2, 0, zone), 42);
        puts.record(millis(2024, 3, 2, 12, zone), 70);
        assertThat(puts.todayMorning()).isEqualTo(42);
        assertThat(puts.yesterdayMorning()).isZero();
        assertThat(puts.now()).isEqualTo(70);

        puts.record(millis(2024, 3, 3, 0, zone), 90);
        assertThat(puts.todayMorning()).isEqualTo(90);
        assertThat(puts.yesterdayMorning()).isEqualTo(42);
    }

    @Test
    void aSkippedDayMakesYesterdayStartAtTodaysTotal() {
        ZoneId zone = ZoneOffset.UTC;
        CounterHistory gets = new CounterHistory(10, zone);
        gets.record(millis(2024, 3, 1, 12, zone), 10);
        gets.record(millis(2024, 3, 4, 1, zone), 25);
        assertThat(gets.todayMorning()).isEqualTo(25);
        assertThat(gets.yesterdayMorning()).isEqualTo(25);
    }

    @Test
    void tpsTripleIsThreeLocaleIndependentDecimals() {
        CounterHistory puts = new CounterHistory(10, ZoneOffset.UTC);
        puts.record(0, 0);
        puts.record(4_000, 10);
        assertThat(BrokerRuntimeStats.tpsTriple(puts)).isEqualTo("2.50 2.50 2.50");
    }

    private static long millis(int year, int month, int day, int hour, ZoneId zone) {
        return LocalDateTime.of(year, month, day, hour, 0).atZone(zone).toInstant().toEpochMilli();
    }
}
