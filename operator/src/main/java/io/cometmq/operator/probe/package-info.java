/**
 * What the operator learns by asking NameServers and brokers over the remoting protocol: registrations, drain
 * progress, each broker's open-file limit. A polling event source ({@link ClusterProbes}) asks on its own threads
 * and hands the reconciler a cached {@link ClusterProbe}, so a slow or unreachable peer never holds a reconciler
 * thread.
 */
package io.cometmq.operator.probe;
