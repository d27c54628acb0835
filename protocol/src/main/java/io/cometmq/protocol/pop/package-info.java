/** RocketMQ 5 POP consumption, the parts clients and brokers share: receipt handles, offset infos, names. */
package io.cometmq.protocol.pop;
