package io.cometmq.broker.transaction;

import io.cometmq.broker.BrokerConfig;
import io.cometmq.broker.RoleState;
import io.cometmq.broker.metrics.MessageMetrics;
import io.cometmq.broker.store.PutResult;
import io.cometmq.broker.store.PutStatus;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.broker.store.message.SysFlag;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.TransactionHeaders.EndTransaction;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * END_TRANSACTION (37): commits (stores the half message visibly in its real topic) or rolls back a half message,
 * then writes an op record so it is never checked again. Usually oneway; the answer matters only to tools and
 * tests (the transport drops answers to oneway requests).
 */
public final class EndTransactionProcessor implements RequestProcessor.SyncRequestProcessor {

    private static final Logger log = LoggerFactory.getLogger(EndTransactionProcessor.class);
    /** How long an END waits while the check service is re-appending the same half message. */
    private static final long CLAIM_WAIT_MILLIS = 3_000;

    private final BrokerConfig config;
    private final Clock clock;
    private final RoleState role;
    private final InetSocketAddress storeHost;
    private final String brokerAddr;
    private final TransactionLog transactions;
    private final MessageMetrics metrics;

    public EndTransactionProcessor(BrokerConfig config, Clock clock, RoleState role, InetSocketAddress storeHost,
            String brokerAddr, TransactionLog transactions, MessageMetrics metrics) {
        this.config = config;
        this.clock = clock;
        this.role = role;
        this.storeHost = storeHost;
        this.brokerAddr = brokerAddr;
        this.transactions = transactions;
        this.metrics = metrics;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) throws Exception {
        if (!role.isMaster()) {
            return answer(request, ResponseCode.SLAVE_NOT_AVAILABLE,
                    "broker " + brokerAddr + " is a slave; END_TRANSACTION goes to the master");
        }
        EndTransaction header = EndTransaction.decode(request);
        int state = header.commitOrRollback();
        if (state == SysFlag.TRANSACTION_NOT_TYPE) {
            return answer(request, ResponseCode.SUCCESS, null); // UNKNOW: the check service will ask later
        }
        if (state != SysFlag.TRANSACTION_COMMIT && state != SysFlag.TRANSACTION_ROLLBACK) {
            return answer(request, ResponseCode.SYSTEM_ERROR, "commitOrRollback must be 0, 8 or 12, was " + state);
        }
        String group = header.producerGroup();
        long queueOffset = header.tranStateTableOffset();
        long commitLogOffset = header.commitLogOffset();
        boolean fromCheck = header.fromTransactionCheck();

        StoredMessageView half = transactions.store().lookMessageByOffset(commitLogOffset).orElse(null);
        RemotingCommand refusal = verify(request, half, group, queueOffset, commitLogOffset);
        if (refusal != null) {
            return refusal;
        }
        if (!fromCheck && immunityOver(half)) {
            return answer(request, ResponseCode.ILLEGAL_OPERATION, "the half message's "
                    + TransactionNames.CHECK_IMMUNITY_SECONDS + " has passed; the broker waits for a check instead");
        }

        transactions.ensureLoaded();
        HalfLedger ledger = transactions.ledger();
        long target = queueOffset;
        while (true) {
            HalfLedger.Claim claim = ledger.awaitClaim(target, CLAIM_WAIT_MILLIS);
            if (claim == HalfLedger.Claim.CLAIMED) {
                break;
            }
            if (claim == HalfLedger.Claim.BUSY) {
                return answer(request, ResponseCode.SYSTEM_BUSY, "half message " + target
                        + " is being resolved by another request; try again");
            }
            // Resolved: if a check re-appended it meanwhile, this END decides the newest copy instead.
            HalfLedger.Copy copy = ledger.supersededBy(target);
            if (copy == null) {
                return answer(request, ResponseCode.SUCCESS, "transaction already resolved (half queue offset "
                        + target + ")");
            }
            StoredMessageView newer = transactions.store().lookMessageByOffset(copy.commitLogOffset()).orElse(null);
            if (newer == null || !Objects.equals(newer.uniqueKey(), half.uniqueKey())) {
                return answer(request, ResponseCode.SUCCESS, "transaction already resolved (half queue offset "
                        + target + ")");
            }
            target = copy.queueOffset();
            half = newer;
        }
        try {
            return state == SysFlag.TRANSACTION_COMMIT ? commit(request, half, target)
                    : rollback(request, half, target);
        } catch (RuntimeException e) {
            ledger.release(target);
            throw e;
        }
    }

    private RemotingCommand commit(RemotingCommand request, StoredMessageView half, long halfQueueOffset) {
        PutResult result = role.appendAsMaster(brokerAddr,
                () -> transactions.store().put(HalfMessages.committed(half, storeHost)),
                why -> CompletableFuture.completedFuture(PutResult.refused(PutStatus.SERVICE_NOT_AVAILABLE, why)))
                .join();
        if (result.status() == PutStatus.SERVICE_NOT_AVAILABLE) {
            transactions.ledger().release(halfQueueOffset);
            return answer(request, ResponseCode.SERVICE_NOT_AVAILABLE, result.remark());
        }
        if (!result.status().isStored()) {
            transactions.ledger().release(halfQueueOffset);
            return answer(request, ResponseCode.SYSTEM_ERROR, "cannot store the committed message: "
                    + result.status() + (result.remark() == null ? "" : " " + result.remark()));
        }
        // The message is visible now; even without a durable op record it must not be committed twice while we run.
        transactions.writeOp(halfQueueOffset);
        transactions.ledger().resolve(halfQueueOffset, null);
        // Apache records seconds since the half message was born
        metrics.committed(realTopic(half), (clock.millis() - half.bornTimestamp()) / 1000);
        return acknowledged(request);
    }

    private RemotingCommand rollback(RemotingCommand request, StoredMessageView half, long halfQueueOffset) {
        Boolean written = role.appendAsMaster(brokerAddr, () -> transactions.writeOp(halfQueueOffset), why -> null);
        if (written == null) {
            transactions.ledger().release(halfQueueOffset);
            return answer(request, ResponseCode.SERVICE_NOT_AVAILABLE, role.writeRefusal(brokerAddr));
        }
        if (!written) {
            transactions.ledger().release(halfQueueOffset);
            return answer(request, ResponseCode.SYSTEM_ERROR, "cannot store the rollback of half message "
                    + halfQueueOffset + "; it will be checked again");
        }
        transactions.ledger().resolve(halfQueueOffset, null);
        metrics.rolledBack(realTopic(half));
        return acknowledged(request);
    }

    private static String realTopic(StoredMessageView half) {
        String topic = half.property(MessageProperties.REAL_TOPIC);
        return topic != null ? topic : half.topic();
    }

    /** SUCCESS, unless mastership or lease was lost while the outcome was being written. */
    private RemotingCommand acknowledged(RemotingCommand request) {
        String lost = role.writeRefusal(brokerAddr);
        return lost == null ? answer(request, ResponseCode.SUCCESS, null)
                : answer(request, ResponseCode.SERVICE_NOT_AVAILABLE, lost);
    }

    private RemotingCommand verify(RemotingCommand request, StoredMessageView half, String group, long queueOffset,
            long commitLogOffset) {
        if (half == null) {
            return answer(request, ResponseCode.SYSTEM_ERROR, "no half message at commit-log offset "
                    + commitLogOffset);
        }
        if (!TransactionNames.HALF_TOPIC.equals(half.topic())) {
            return answer(request, ResponseCode.SYSTEM_ERROR, "the message at commit-log offset " + commitLogOffset
                    + " is not a half message (topic " + half.topic() + ")");
        }
        String owner = half.property(TransactionNames.PRODUCER_GROUP);
        if (!Objects.equals(owner, group)) {
            return answer(request, ResponseCode.SYSTEM_ERROR, "the half message at commit-log offset "
                    + commitLogOffset + " belongs to producer group " + owner + ", not " + group);
        }
        if (half.queueOffset() != queueOffset) {
            return answer(request, ResponseCode.SYSTEM_ERROR, "the half message at commit-log offset "
                    + commitLogOffset + " has half-queue offset " + half.queueOffset() + ", not " + queueOffset
                    + " (tranStateTableOffset)");
        }
        return null;
    }

    /** A producer that asked for a first check after N seconds may no longer decide on its own after that time. */
    private boolean immunityOver(StoredMessageView half) {
        if (half.property(TransactionNames.CHECK_IMMUNITY_SECONDS) == null) {
            return false;
        }
        long immunity = HalfMessages.checkAfterMillis(half, config.transactionTimeOut());
        return clock.millis() - half.bornTimestamp() > immunity;
    }

    private static RemotingCommand answer(RemotingCommand request, int code, String remark) {
        // oneway senders never see the answer, so refusals are logged
        if (code != ResponseCode.SUCCESS) {
            log.info("END_TRANSACTION {} refused: {} {}", request.extFields(), code, remark);
        }
        return RemotingCommand.responseTo(request, code, remark);
    }
}
