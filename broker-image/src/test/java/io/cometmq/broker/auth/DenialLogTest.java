package io.cometmq.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DenialLogTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DenialLog denials = new DenialLog(now::get);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(DenialLog.class);

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    @Test
    void aKeyIsLoggedOncePerTenSeconds() {
        denials.denied("authz|app|Topic:T|Pub", "denied app");
        denials.denied("authz|app|Topic:T|Pub", "denied app");
        now.addAndGet(9_999);
        denials.denied("authz|app|Topic:T|Pub", "denied app");
        assertThat(appender.list).hasSize(1);
        now.addAndGet(1);
        denials.denied("authz|app|Topic:T|Pub", "denied app");
        assertThat(appender.list).hasSize(2);
    }

    @Test
    void aFloodOfDistinctKeysStaysBoundedAndSaysSoOnce() {
        for (int i = 0; i < 25_000; i++) {
            denials.denied("authn|random-user-" + i + "|User not found", "refused " + i);
        }
        assertThat(denials.trackedKeys()).isLessThanOrEqualTo(10_000);
        assertThat(appender.list).hasSize(10_001);
        assertThat(appender.list.get(10_000).getFormattedMessage()).contains("further ones are not logged");

        now.addAndGet(10_000);
        denials.denied("authn|late|User not found", "refused late");
        assertThat(appender.list).last().extracting(ILoggingEvent::getFormattedMessage).isEqualTo("refused late");
        assertThat(denials.trackedKeys()).isEqualTo(1);
    }
}
