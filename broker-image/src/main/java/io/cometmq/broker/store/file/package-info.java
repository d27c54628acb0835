/** Memory-mapped, fixed-size segment files named by their 20-digit base offset. */
package io.cometmq.broker.store.file;
