/** Conditions, status assembly and the NameServer registration check. */
package io.cometmq.operator.status;
