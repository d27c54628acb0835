/** Netty remoting server and client shared by the NameServer, the broker and the operator. */
package io.cometmq.protocol.netty;
