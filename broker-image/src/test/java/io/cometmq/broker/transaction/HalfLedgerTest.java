package io.cometmq.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfLedgerTest {

    @Test
    void lowWaterMovesOverTheContiguousResolvedPrefixOnly() {
        HalfLedger ledger = new HalfLedger(0);
        ledger.markResolved(0);
        ledger.markResolved(1);
        ledger.markResolved(3);

        assertThat(ledger.advance(10)).isTrue();
        assertThat(ledger.lowWater()).isEqualTo(2);
        assertThat(ledger.isResolved(1)).isTrue();
        assertThat(ledger.isResolved(2)).isFalse();
        assertThat(ledger.isResolved(3)).isTrue();
        assertThat(ledger.pendingResolved()).isEqualTo(1);

        ledger.markResolved(2);
        ledger.advance(10);
        assertThat(ledger.lowWater()).isEqualTo(4);
        assertThat(ledger.pendingResolved()).isZero();
        assertThat(ledger.advance(10)).isFalse();
    }

    @Test
    void advanceStopsAtTheQueueEndAndIgnoresOpsBelowTheMark() {
        HalfLedger ledger = new HalfLedger(5);
        ledger.markResolved(2);
        assertThat(ledger.pendingResolved()).isZero();
        assertThat(ledger.isResolved(2)).isTrue();

        ledger.markResolved(5);
        ledger.markResolved(6);
        ledger.advance(6);
        assertThat(ledger.lowWater()).isEqualTo(6);
        assertThat(ledger.isResolved(6)).isTrue();
    }

    @Test
    void aClaimedOffsetBlocksOthersAndTheLowWaterUntilResolved() throws Exception {
        HalfLedger ledger = new HalfLedger(0);
        assertThat(ledger.tryClaim(0)).isEqualTo(HalfLedger.Claim.CLAIMED);
        assertThat(ledger.tryClaim(0)).isEqualTo(HalfLedger.Claim.BUSY);
        assertThat(ledger.awaitClaim(0, 20)).isEqualTo(HalfLedger.Claim.BUSY);
        ledger.advance(1);
        assertThat(ledger.lowWater()).isZero();

        ledger.release(0);
        assertThat(ledger.tryClaim(0)).isEqualTo(HalfLedger.Claim.CLAIMED);
        ledger.resolve(0, new HalfLedger.Copy(7, 4096));
        assertThat(ledger.tryClaim(0)).isEqualTo(HalfLedger.Claim.RESOLVED);
        assertThat(ledger.supersededBy(0)).isEqualTo(new HalfLedger.Copy(7, 4096));
        ledger.advance(1);
        assertThat(ledger.lowWater()).isEqualTo(1);
    }

    @Test
    void awaitClaimWakesUpWhenTheHolderResolves() throws Exception {
        HalfLedger ledger = new HalfLedger(0);
        ledger.tryClaim(3);
        Thread holder = new Thread(() -> ledger.resolve(3, null));
        holder.start();
        assertThat(ledger.awaitClaim(3, 5_000)).isEqualTo(HalfLedger.Claim.RESOLVED);
        holder.join();
    }

    @Test
    void skipToTreatsRemovedHalfMessagesAsResolved() {
        HalfLedger ledger = new HalfLedger(0);
        ledger.markResolved(4);
        ledger.markResolved(12);
        assertThat(ledger.skipTo(10)).isTrue();
        assertThat(ledger.pendingResolved()).isEqualTo(1);
        assertThat(ledger.isResolved(9)).isTrue();
        assertThat(ledger.skipTo(3)).isFalse();
    }
}
