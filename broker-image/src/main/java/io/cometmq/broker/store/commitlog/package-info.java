/** The commit log: append under one writer lock, flushing (async or group commit) and torn-tail recovery. */
package io.cometmq.broker.store.commitlog;
