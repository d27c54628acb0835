/** Lookup of commit-log offsets by message key and unique key, in hash-slot index files. */
package io.cometmq.broker.store.index;
