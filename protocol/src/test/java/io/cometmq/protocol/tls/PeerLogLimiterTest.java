package io.cometmq.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PeerLogLimiterTest {

    private Instant now = Instant.parse("2026-12-07T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void oncePerPeerPerPeriod() {
        PeerLogLimiter limiter = new PeerLogLimiter(Duration.ofMinutes(1), clock);
        assertThat(limiter.shouldLog("10.0.0.1")).isTrue();
        assertThat(limiter.shouldLog("10.0.0.1")).isFalse();
        assertThat(limiter.shouldLog("10.0.0.2")).isTrue();
        now = now.plusSeconds(59);
        assertThat(limiter.shouldLog("10.0.0.1")).isFalse();
        now = now.plusSeconds(1);
        assertThat(limiter.shouldLog("10.0.0.1")).isTrue();
        assertThat(limiter.shouldLog("10.0.0.1")).isFalse();
    }
}
