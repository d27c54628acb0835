package io.cometmq.e2e.client;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Sends messages one after another (synchronous sends, so every acknowledgement is known) and prints one line per
 * outcome (see {@link ClientLine}). It stops after {@code --count} messages, after {@code --duration}, or as soon as
 * {@code --until-file} exists, whichever comes first; at least one of the three must be given.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send test messages; print ACK / SEND_NOT_OK / SEND_ERROR per message and a PRODUCED summary.")
final class ProduceCommand implements Callable<Integer> {

    @Option(names = "--namesrv", required = true, description = "NameServer address list, host:port;host:port")
    String namesrv;

    @Option(names = "--topic", required = true)
    String topic;

    @Option(names = "--count", defaultValue = "0", description = "messages to send; 0 = no limit (default)")
    int count;

    @Option(names = "--rate", defaultValue = "0", description = "messages per second at most; 0 = as fast as acks come")
    double rate;

    @Option(names = "--duration", defaultValue = "0", description = "stop after this many seconds; 0 = no limit")
    long durationSeconds;

    @Option(names = "--until-file", description = "stop as soon as this file exists")
    Path untilFile;

    @Option(names = "--run-id", description = "prefix of the message keys (default: random)")
    String runId = UUID.randomUUID().toString().substring(0, 8);

    @Option(names = "--group", defaultValue = "cometmq-e2e-producer")
    String group;

    @Option(names = "--send-timeout-ms", defaultValue = "5000")
    int sendTimeoutMillis;

    @Option(names = "--allow-errors", description = "exit 0 even when some sends failed (the caller judges)")
    boolean allowErrors;

    @Mixin
    SecurityOptions securityOptions;

    @Spec
    CommandSpec spec;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (count < 0 || rate < 0 || durationSeconds < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--count, --rate and --duration must not be negative");
        }
        if (count == 0 && durationSeconds == 0 && untilFile == null) {
            throw new ParameterException(spec.commandLine(),
                    "give --count, --duration or --until-file, or it never stops");
        }
        if (!runId.matches("[A-Za-z0-9_.]+")) {
            throw new ParameterException(spec.commandLine(),
                    "--run-id '" + runId + "' may hold only letters, digits, '_' and '.'");
        }
        ClientSecurity security = securityOptions.resolve(spec);
        DefaultMQProducer producer = new DefaultMQProducer(group, security.rpcHook());
        security.applyTo(producer);
        System.err.println("producer: " + security);
        producer.setNamesrvAddr(namesrv);
        producer.setInstanceName("e2e-" + runId);
        producer.setVipChannelEnabled(false);
        producer.setSendMsgTimeout(sendTimeoutMillis);
        producer.start();
        long start = System.nanoTime();
        long deadline = durationSeconds == 0 ? Long.MAX_VALUE : start + TimeUnit.SECONDS.toNanos(durationSeconds);
        long interval = rate == 0 ? 0 : (long) (TimeUnit.SECONDS.toNanos(1) / rate);
        int acked = 0;
        int notOk = 0;
        int errors = 0;
        int sequence = 0;
        try {
            while ((count == 0 || sequence < count) && System.nanoTime() < deadline
                    && (untilFile == null || !Files.exists(untilFile))) {
                long due = start + sequence * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing to --rate, not a wait for an outcome
                }
                String key = ClientLine.key(runId, sequence);
                Message message = new Message(topic, "e2e", key, key.getBytes(StandardCharsets.UTF_8));
                try {
                    SendResult result = producer.send(message);
                    if (result.getSendStatus() == SendStatus.SEND_OK) {
                        acked++;
                        var queue = result.getMessageQueue();
                        out.println(ClientLine.ACK + " " + key + " " + result.getMsgId() + " " + queue.getBrokerName()
                                + " " + queue.getQueueId() + " " + System.currentTimeMillis());
                    } else {
                        notOk++;
                        out.println(ClientLine.SEND_NOT_OK + " " + key + " " + result.getSendStatus());
                    }
                } catch (Exception e) {
                    errors++;
                    out.println(ClientLine.SEND_ERROR + " " + key + " " + ClientLine.describe(e));
                }
                sequence++;
            }
        } finally {
            producer.shutdown();
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        out.println(ClientLine.PRODUCED + " acked=" + acked + " notOk=" + notOk + " errors=" + errors
                + " attempted=" + sequence + " seconds=" + seconds);
        out.flush();
        return acked > 0 && (allowErrors || acked == sequence) ? 0 : 1;
    }
}
