/** The CometMQ NameServer: configuration, wiring and command-line entry point. */
package io.cometmq.namesrv;
