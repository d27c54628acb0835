/**
 * What the broker, the NameServer and the operator share about RocketMQ 5 ACL 2.0: the credentials the Apache
 * client's {@code AclClientRPCHook} sends (AccessKey + an HMAC-SHA1 Signature over the sorted request fields and the
 * body), and the JSON bodies of the user/ACL administration requests 3001-3010.
 */
package io.cometmq.protocol.auth;
