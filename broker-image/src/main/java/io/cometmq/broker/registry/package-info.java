/** Registration of this broker with every NameServer. */
package io.cometmq.broker.registry;
