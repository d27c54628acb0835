/** TLS on remoting connections: settings shared by the broker, the NameServer and the operator. */
package io.cometmq.protocol.tls;
