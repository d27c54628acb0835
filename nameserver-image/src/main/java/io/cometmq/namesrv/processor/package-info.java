/** NameServer request handlers, one request family each. */
package io.cometmq.namesrv.processor;
