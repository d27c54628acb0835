package io.cometmq.e2e.client;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Reads a topic from its first offset with a push consumer in a (normally new) consumer group until the expected
 * messages have all arrived or {@code --timeout} passes, printing each key once (and each further
 * delivery of one of this run's keys as a duplicate) and then what is missing.
 * The expected messages are the keys {@code <run-id>-<n>} for n in {@code --sequences} (ranges such as
 * {@code 0-99,101-250}), or, without {@code --sequences}, {@code 0..expect-1}.
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Receive test messages; print RECEIVED per new key, DUPLICATE per redelivery, then MISSING and a "
                + "CONSUMED summary.")
final class ConsumeCommand implements Callable<Integer> {

    @Option(names = "--namesrv", required = true, description = "NameServer address list, host:port;host:port")
    String namesrv;

    @Option(names = "--topic", required = true)
    String topic;

    @Option(names = "--group", required = true, description = "consumer group (a new one reads from the first offset)")
    String group;

    @Option(names = "--run-id", required = true, description = "the producer's --run-id")
    String runId;

    @Option(names = "--expect", defaultValue = "-1", description = "expect sequences 0..expect-1")
    int expect;

    @Option(names = "--sequences", description = "expect exactly these sequences, e.g. 0-99,101-250")
    String sequences;

    @Option(names = "--timeout", defaultValue = "120", description = "seconds to wait for everything expected")
    long timeoutSeconds;

    @Option(names = "--pace-ms", defaultValue = "0", description = "read slowly: one message at a time, pulled "
            + "one by one, this many ms each, so that reading spans a broker failure instead of filling a local cache")
    long paceMillis;

    @Mixin
    SecurityOptions securityOptions;

    @Spec
    CommandSpec spec;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        SequenceRanges expected;
        if (sequences != null) {
            expected = SequenceRanges.parse(sequences);
        } else if (expect >= 0) {
            expected = SequenceRanges.firstN(expect);
        } else {
            throw new ParameterException(spec.commandLine(), "give --expect N or --sequences RANGES");
        }
        BitSet received = new BitSet();
        Set<String> foreign = ConcurrentHashMap.newKeySet();
        AtomicLong deliveries = new AtomicLong();
        CountDownLatch complete = new CountDownLatch(expected.size() == 0 ? 0 : 1);
        AtomicLong outstanding = new AtomicLong(expected.size());
        String prefix = runId + "-";

        ClientSecurity security = securityOptions.resolve(spec);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group, security.rpcHook());
        security.applyTo(consumer);
        System.err.println("consumer: " + security);
        consumer.setNamesrvAddr(namesrv);
        consumer.setInstanceName("e2e-" + UUID.randomUUID().toString().substring(0, 8));
        consumer.setVipChannelEnabled(false);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        if (paceMillis > 0) {
            consumer.setConsumeThreadMin(1);
            consumer.setConsumeThreadMax(1);
            consumer.setPullBatchSize(1);
            consumer.setPullThresholdForQueue(1);
            consumer.setConsumeMessageBatchMaxSize(1);
        }
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt message : messages) {
                deliveries.incrementAndGet();
                String key = new String(message.getBody(), StandardCharsets.UTF_8);
                int sequence = key.startsWith(prefix) ? parseOrMinus(key.substring(prefix.length())) : -1;
                synchronized (received) {
                    if (sequence < 0) {
                        if (foreign.add(key)) {
                            out.println(ClientLine.RECEIVED + " " + key); // another run's message on this topic
                        }
                    } else if (!received.get(sequence)) {
                        received.set(sequence);
                        out.println(ClientLine.RECEIVED + " " + key);
                        if (expected.contains(sequence) && outstanding.decrementAndGet() == 0) {
                            complete.countDown();
                        }
                    } else {
                        out.println(ClientLine.DUPLICATE + " " + key);
                    }
                }
            }
            if (paceMillis > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(paceMillis)); // --pace-ms: a slow reader
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        long start = System.nanoTime();
        consumer.start();
        boolean done;
        try {
            done = complete.await(timeoutSeconds, TimeUnit.SECONDS);
        } finally {
            consumer.shutdown();
        }
        SequenceRanges missing;
        int distinct;
        synchronized (received) {
            missing = expected.minus(SequenceRanges.of(received));
            distinct = received.cardinality() + foreign.size();
        }
        if (missing.size() > 0) {
            out.println(ClientLine.MISSING + " " + runId + ":" + missing);
        }
        out.println(ClientLine.CONSUMED + " distinct=" + distinct + " deliveries=" + deliveries.get()
                + " expected=" + expected.size() + " missing=" + missing.size()
                + " seconds=" + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        out.flush();
        return done && missing.size() == 0 ? 0 : 1;
    }

    private static int parseOrMinus(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
