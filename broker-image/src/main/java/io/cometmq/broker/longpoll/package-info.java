/** Long polling: pulls that wait for messages instead of returning empty. */
package io.cometmq.broker.longpoll;
