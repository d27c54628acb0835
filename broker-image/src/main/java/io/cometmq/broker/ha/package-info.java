/** Master/slave replication over the HA port, SYNC_MASTER acknowledgements, slave metadata sync, promotion. */
package io.cometmq.broker.ha;
