package io.cometmq.broker.store;

import static io.cometmq.broker.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cometmq.broker.BrokerConfig;
import io.cometmq.broker.store.queue.TagsCodeFunction;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page-cache limits of a consumer's read ({@link MessageStore#getForConsumer}), on a real store. */
class TransferLimitsTest {
    private static final int MESSAGES = 20;
    private static final int UNLIMITED = Integer.MAX_VALUE;

    @TempDir
    Path root;
    private DefaultMessageStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.shutdown();
        }
    }

    @Test
    void inMemoryCountLimitCutsTheBatchWhileTheServicesReadOnGet() {
        open(new TransferSettings(false, UNLIMITED, 5, UNLIMITED, 2, Long.MAX_VALUE));

        GetResult consumer = store.getForConsumer("T", 0, 0, 32, UNLIMITED, MessageFilter.ALL);

        assertThat(consumer.queueOffsets()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(consumer.nextBeginOffset()).isEqualTo(5);
        assertThat(store.get("T", 0, 0, 32, UNLIMITED, MessageFilter.ALL).messageCount()).isEqualTo(MESSAGES);
    }

    @Test
    void onDiskCountLimitAppliesWhenTheDataIsFurtherBehindThanTheHotShare() {
        open(new TransferSettings(false, UNLIMITED, 5, UNLIMITED, 2, 0));

        assertThat(store.getForConsumer("T", 0, 3, 32, UNLIMITED, MessageFilter.ALL).queueOffsets())
                .containsExactly(3L, 4L);
    }

    @Test
    void eachMessageIsJudgedByItsOwnDistanceFromTheLogEnd() {
        int size = recordSize();
        // the newest 10 records count as in memory, the 10 before them as on disk
        open(new TransferSettings(false, UNLIMITED, 6, UNLIMITED, 3, 10L * size));

        assertThat(store.getForConsumer("T", 0, 0, 32, UNLIMITED, MessageFilter.ALL).messageCount()).isEqualTo(3);
        assertThat(store.getForConsumer("T", 0, 10, 32, UNLIMITED, MessageFilter.ALL).messageCount()).isEqualTo(6);
    }

    @Test
    void byteLimitsInMemoryAndOnDisk() {
        int size = recordSize();
        open(new TransferSettings(false, size * 5 / 2, UNLIMITED, size * 3 / 2, UNLIMITED, Long.MAX_VALUE));
        assertThat(store.getForConsumer("T", 0, 0, 32, UNLIMITED, MessageFilter.ALL).totalBytes())
                .isEqualTo(2 * size);
        store.shutdown();

        open(new TransferSettings(false, size * 5 / 2, UNLIMITED, size * 3 / 2, UNLIMITED, 0));
        assertThat(store.getForConsumer("T", 0, 0, 32, UNLIMITED, MessageFilter.ALL).totalBytes()).isEqualTo(size);
    }

    @Test
    void theFirstMessageAlwaysGoesWhateverItsSize() {
        open(new TransferSettings(false, 1, 1, 1, 1, 0));

        GetResult result = store.getForConsumer("T", 0, 7, 32, UNLIMITED, MessageFilter.ALL);

        assertThat(result.status()).isEqualTo(GetStatus.FOUND);
        assertThat(result.queueOffsets()).containsExactly(7L);
        assertThat(result.nextBeginOffset()).isEqualTo(8);
    }

    @Test
    void theClientsLimitsStillApplyUnderGenerousTransferLimits() {
        open(new TransferSettings(false, UNLIMITED, 32, UNLIMITED, 32, Long.MAX_VALUE));

        assertThat(store.getForConsumer("T", 0, 0, 4, UNLIMITED, MessageFilter.ALL).messageCount()).isEqualTo(4);
        assertThat(store.getForConsumer("T", 0, 0, 32, recordSize() * 3, MessageFilter.ALL).messageCount())
                .isEqualTo(3);
    }

    @Test
    void nonPositiveLimitsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> new TransferSettings(false, 1, 1, 1, 0, 0))
                .hasMessageContaining("maxTransferCountOnMessageInDisk");
        assertThatThrownBy(() -> new TransferSettings(false, -5, 1, 1, 1, 0))
                .hasMessageContaining("maxTransferBytesOnMessageInMemory");
    }

    @Test
    void brokerKeysAreReadAndZeroIsRefusedNamingTheKey() {
        TransferSettings read = BrokerConfig.from(Settings.fromMap(Map.of("transferMsgByHeap", "true",
                "maxTransferBytesOnMessageInMemory", "1000", "maxTransferCountOnMessageInMemory", "10",
                "maxTransferBytesOnMessageInDisk", "100", "maxTransferCountOnMessageInDisk", "1",
                "accessMessageInMemoryMaxRatio", "0"), "test")).store().transfer();

        assertThat(read).isEqualTo(new TransferSettings(true, 1000, 10, 100, 1, 0));
        assertThat(BrokerConfig.defaults().store().transfer().byHeap()).isFalse();
        assertThatThrownBy(() -> BrokerConfig.from(Settings.fromMap(Map.of("maxTransferCountOnMessageInDisk", "0"),
                "test"))).isInstanceOf(ConfigException.class).hasMessageContaining("maxTransferCountOnMessageInDisk");
    }

    @Test
    void hotShareIsApachesEstimate() {
        assertThat(TransferSettings.hotBytes(16L << 30, 40)).isEqualTo((long) ((16L << 30) * 0.4));
        assertThat(TransferSettings.defaults(40))
                .extracting(TransferSettings::byHeap, TransferSettings::maxBytesInMemory,
                        TransferSettings::maxCountInMemory, TransferSettings::maxBytesOnDisk,
                        TransferSettings::maxCountOnDisk)
                .containsExactly(false, 262144, 32, 65536, 8);
    }

    /** Opens the store (the same files each time) and writes the messages on the first opening. */
    private void open(TransferSettings transfer) {
        StoreConfig config = StoreConfig.builder(root)
                .mappedFileSizeCommitLog(1 << 20)
                .consumeQueueEntriesPerFile(64)
                .indexSlotCount(16)
                .indexMaxEntries(64)
                .flushIntervalMillis(20)
                .checkpointIntervalMillis(600_000)
                .cleanupIntervalMillis(600_000)
                .transfer(transfer)
                .build();
        store = new DefaultMessageStore(config, new MutableClock(System.currentTimeMillis()), () -> 0.1,
                TagsCodeFunction.TAGS_HASH);
        store.start();
        if (store.maxOffsetInQueue("T", 0) == 0) {
            for (int i = 0; i < MESSAGES; i++) {
                store.put(message("T", 0, "body-" + (100 + i))).join(); // equal sizes
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> store.maxOffsetInQueue("T", 0) == MESSAGES);
    }

    private int recordSize() {
        if (store == null) {
            open(new TransferSettings(false, UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED, Long.MAX_VALUE));
            int size = store.get("T", 0, 0, 1, UNLIMITED, MessageFilter.ALL).totalBytes();
            store.shutdown();
            store = null;
            return size;
        }
        return store.get("T", 0, 0, 1, UNLIMITED, MessageFilter.ALL).totalBytes();
    }
}
