package io.cometmq.broker.store.message;

/** Bits of the record's SYSFLAG field (wire protocol §8.3). */
public final class SysFlag {
    public static final int COMPRESSED = 0x1;
    public static final int MULTI_TAGS = 0x2;
    public static final int TRANSACTION_MASK = 0xC;
    public static final int TRANSACTION_NOT_TYPE = 0x0;
    public static final int TRANSACTION_PREPARED = 0x4;
    public static final int TRANSACTION_COMMIT = 0x8;
    public static final int TRANSACTION_ROLLBACK = 0xC;
    public static final int BORNHOST_V6 = 0x10;
    public static final int STOREHOST_V6 = 0x20;

    private SysFlag() {
    }

    public static int transactionType(int sysFlag) {
        return sysFlag & TRANSACTION_MASK;
    }

    /** Half (PREPARED) and ROLLBACK records take no queue offset and never reach a consume queue. */
    public static boolean isDispatchedToConsumeQueue(int sysFlag) {
        int type = transactionType(sysFlag);
        return type != TRANSACTION_PREPARED && type != TRANSACTION_ROLLBACK;
    }

    public static boolean bornHostIsV6(int sysFlag) {
        return (sysFlag & BORNHOST_V6) != 0;
    }

    public static boolean storeHostIsV6(int sysFlag) {
        return (sysFlag & STOREHOST_V6) != 0;
    }
}
