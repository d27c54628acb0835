/**
 * Server-side rebalance for remoting consumers that leave it to the broker ({@code setClientRebalance(false)}):
 * QUERY_ASSIGNMENT answers which queues a client consumes and whether by PULL or POP; SET_MESSAGE_REQUEST_MODE
 * switches a topic and group to POP (messageRequestMode.json, copied to slaves with GET_ALL_MESSAGE_REQUEST_MODE).
 */
package io.cometmq.broker.assignment;
