/**
 * NameServer authentication: with {@code authenticationEnabled}, route and read queries stay open (as in Apache)
 * while registrations, heartbeats and every administrative request must be signed with the cluster's inner
 * credentials or its initial super user.
 */
package io.cometmq.namesrv.auth;
