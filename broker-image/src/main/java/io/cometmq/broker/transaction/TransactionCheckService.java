package io.cometmq.broker.transaction;

import io.cometmq.broker.BrokerConfig;
import io.cometmq.broker.client.ClientChannel;
import io.cometmq.broker.client.ProducerManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.store.GetResult;
import io.cometmq.broker.store.GetStatus;
import io.cometmq.broker.store.MessageFilter;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.broker.store.PutResult;
import io.cometmq.broker.store.commitlog.AppendResult;
import io.cometmq.broker.store.message.MessageEncoder;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.header.TransactionHeaders.CheckTransactionState;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks producers about half messages nobody ended (masters only). Every {@code transactionCheckInterval} it walks
 * the half queue from the low-water mark; an unresolved half message older than {@code transactionTimeOut} (or its
 * own CHECK_IMMUNITY_TIME_IN_SECONDS) is re-appended with one more TRANSACTION_CHECK_TIMES, the old copy gets an op
 * record, and CHECK_TRANSACTION_STATE goes to a connected producer of its group. After
 * {@code transactionCheckMax} checks (or once older than the commit-log retention) it is moved to
 * TRANS_CHECK_MAX_TIME_TOPIC instead.
 */
public final class TransactionCheckService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionCheckService.class);
    private static final int BATCH = 32;
    /** Bounds one round's work on unresolved half messages; the rest waits for the next round. */
    private static final int MAX_EXAMINED_PER_ROUND = 10_000;

    private final BrokerConfig config;
    private final Clock clock;
    private final TopicConfigManager topics;
    private final ProducerManager producers;
    private final InetSocketAddress storeHost;
    private final TransactionLog transactions;
    private final BiConsumer<Channel, RemotingCommand> oneway;
    private final MessageEncoder encoder;
    private ScheduledFuture<?> task;

    public TransactionCheckService(BrokerConfig config, Clock clock, TopicConfigManager topics,
            ProducerManager producers, InetSocketAddress storeHost, TransactionLog transactions,
            BiConsumer<Channel, RemotingCommand> oneway) {
        this.config = config;
        this.clock = clock;
        this.topics = topics;
        this.producers = producers;
        this.storeHost = storeHost;
        this.transactions = transactions;
        this.oneway = oneway;
        this.encoder = new MessageEncoder(config.store().maxMessageSize(),
                config.store().longTopicsUseV2());
    }

    /** Starts checking (on start of a master, or on promotion); a second call does nothing. */
    public synchronized void start(ScheduledExecutorService scheduler) {
        start(scheduler, () -> true);
    }

    /** As {@link #start(ScheduledExecutorService)}, checking only while {@code mayWrite} holds (master lease). */
    public synchronized void start(ScheduledExecutorService scheduler, java.util.function.BooleanSupplier mayWrite) {
        if (task == null) {
            long interval = config.transactionCheckInterval();
            task = scheduler.scheduleWithFixedDelay(() -> {
                if (mayWrite.getAsBoolean()) {
                    checkOnce();
                }
            }, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    /** One round; never throws (a failing round is retried next interval). */
    public void checkOnce() {
        try {
            transactions.catchUp();
            scanHalfQueue();
        } catch (RuntimeException e) {
            log.warn("transaction check round failed; retrying next round", e);
        } finally {
            transactions.persist();
        }
    }

    private void scanHalfQueue() {
        MessageStore store = transactions.store();
        HalfLedger ledger = transactions.ledger();
        long max = store.maxOffsetInQueue(TransactionNames.HALF_TOPIC, 0);
        long offset = ledger.lowWater();
        int examined = 0;
        while (offset < max && examined < MAX_EXAMINED_PER_ROUND) {
            GetResult result = store.get(TransactionNames.HALF_TOPIC, 0, offset, BATCH, 4 * 1024 * 1024,
                    MessageFilter.ALL);
            if (result.status() != GetStatus.FOUND) {
                if (result.nextBeginOffset() > offset && result.status() != GetStatus.OFFSET_OVERFLOW_BADLY) {
                    if (offset <= ledger.lowWater()) {
                        ledger.skipTo(result.nextBeginOffset()); // retention removed these half messages
                    }
                    offset = result.nextBeginOffset();
                    continue;
                }
                break;
            }
            for (int i = 0; i < result.messageCount(); i++) {
                long queueOffset = result.queueOffsets().get(i);
                if (!ledger.isResolved(queueOffset)) {
                    StoredMessageView half = new StoredMessageView(result.messages().get(i).duplicate());
                    if (!check(queueOffset, half)) {
                        ledger.advance(max);
                        return; // the store refuses writes: stop here, retry next round
                    }
                    examined++;
                }
                offset = queueOffset + 1;
            }
        }
        ledger.advance(max);
    }

    /** Checks or discards one unresolved half message if it is due; false when the store refused a write. */
    private boolean check(long queueOffset, StoredMessageView half) {
        long now = clock.millis();
        if (now - half.storeTimestamp() < HalfMessages.checkAfterMillis(half, config.transactionTimeOut())) {
            return true;
        }
        int checkTimes = HalfMessages.checkTimes(half);
        // a group that never comes back would otherwise pin the low-water mark until retention deletes the record
        boolean expired = now - half.bornTimestamp() > config.store().fileReservedTimeHours() * 3_600_000L;
        if (checkTimes >= config.transactionCheckMax() || expired) {
            return discard(queueOffset, half);
        }
        String group = half.property(TransactionNames.PRODUCER_GROUP);
        ClientChannel producer = group == null ? null : producers.anyActive(group);
        if (producer == null) {
            return true; // nobody to ask: a check is not spent, try again next round
        }
        HalfLedger ledger = transactions.ledger();
        if (ledger.tryClaim(queueOffset) != HalfLedger.Claim.CLAIMED) {
            return true; // an END is resolving it right now
        }
        try {
            MessageToStore copy = HalfMessages.checkedCopy(half, checkTimes + 1, storeHost);
            PutResult result = transactions.store().put(copy).join();
            if (!result.status().isStored()) {
                ledger.release(queueOffset);
                log.warn("cannot re-append half message {} for a check: {}", queueOffset, result.status());
                return false;
            }
            AppendResult stored = result.appendResult();
            // The new copy carries the transaction from here on; a lost op only means the old copy is asked again.
            transactions.writeOp(queueOffset);
            ledger.resolve(queueOffset, new HalfLedger.Copy(stored.queueOffset(), stored.physicalOffset()));
            oneway.accept(producer.channel(), checkRequest(copy, stored));
            log.debug("asked producer group {} about half message {} (now {}), check {}", group, queueOffset,
                    stored.queueOffset(), checkTimes + 1);
            return true;
        } catch (RuntimeException e) {
            ledger.release(queueOffset);
            throw e;
        }
    }

    private boolean discard(long queueOffset, StoredMessageView half) {
        HalfLedger ledger = transactions.ledger();
        if (ledger.tryClaim(queueOffset) != HalfLedger.Claim.CLAIMED) {
            return true;
        }
        try {
            topics.getOrCreateSystemTopic(TransactionNames.CHECK_MAX_TOPIC, 1);
            PutResult result = transactions.store().put(HalfMessages.discarded(half, storeHost)).join();
            if (!result.status().isStored() || !transactions.writeOp(queueOffset)) {
                ledger.release(queueOffset);
                return false;
            }
            ledger.resolve(queueOffset, null);
            log.info("half message {} (UNIQ_KEY {}) was checked {} times without an answer; moved to {}",
                    queueOffset, half.uniqueKey(), HalfMessages.checkTimes(half), TransactionNames.CHECK_MAX_TOPIC);
            return true;
        } catch (RuntimeException e) {
            ledger.release(queueOffset);
            throw e;
        }
    }

    private RemotingCommand checkRequest(MessageToStore copy, AppendResult stored) {
        String uniqueKey = MessageProperties.valueOf(copy.properties(), MessageProperties.UNIQ_KEY);
        String transactionId = MessageProperties.valueOf(copy.properties(), TransactionNames.TRANSACTION_ID);
        CheckTransactionState header = new CheckTransactionState(TransactionNames.HALF_TOPIC, stored.queueOffset(),
                stored.physicalOffset(), uniqueKey, transactionId != null ? transactionId : uniqueKey,
                stored.offsetMsgId(), config.brokerName());
        return RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE, header.encode())
                .body(HalfMessages.checkBody(copy, stored, encoder));
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        transactions.persist();
    }
}
