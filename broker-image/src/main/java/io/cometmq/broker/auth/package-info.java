/**
 * ACL 2.0 as Apache RocketMQ 5.3+ has it: users (super or normal), per-resource Allow/Deny policies, the
 * administration requests 3001-3010, and the guard that checks every request before its processor runs.
 */
package io.cometmq.broker.auth;
