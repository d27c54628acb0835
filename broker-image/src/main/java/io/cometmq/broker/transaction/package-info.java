/**
 * Transactional messages (wire protocol §6): half messages parked in RMQ_SYS_TRANS_HALF_TOPIC, END_TRANSACTION,
 * op records in RMQ_SYS_TRANS_OP_HALF_TOPIC and the check-back service.
 */
package io.cometmq.broker.transaction;
