/** Delayed delivery: the 18 delay levels and arbitrary delivery times (timer messages). */
package io.cometmq.broker.delay;
