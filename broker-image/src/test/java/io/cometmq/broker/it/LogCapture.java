package io.cometmq.broker.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Everything CometMQ logs (root logger) while open, with stack traces, for assertions on log content. */
final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.start();
        root().addAppender(appender);
    }

    /** Every captured line: level, message and the stack trace if any. */
    List<String> lines() {
        // AppenderBase.doAppend holds the appender's monitor while it adds to the list; the list's own is unused
        synchronized (appender) {
            return appender.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : "\n"
                            + ThrowableProxyUtil.asString(event.getThrowableProxy()))).toList();
        }
    }

    List<String> lines(Level level, String containing) {
        return lines().stream().filter(line -> line.startsWith(level.toString() + " "))
                .filter(line -> line.contains(containing)).toList();
    }

    @Override
    public void close() {
        root().detachAppender(appender);
        appender.stop();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
