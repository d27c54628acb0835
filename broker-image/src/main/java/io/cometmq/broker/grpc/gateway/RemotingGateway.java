package io.cometmq.broker.grpc.gateway;

import apache.rocketmq.v2.Code;
import io.cometmq.broker.grpc.GrpcException;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.netty.RemotingClient;
import io.cometmq.protocol.netty.RemotingServer;
import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Sends the remoting requests the gRPC layer makes to the master of a broker group: in-process when that is this
 * broker (the request runs through this broker's registered processor, with the client's virtual channel as its
 * connection), else over a remoting connection to the master the NameServers name.
 */
public final class RemotingGateway {

    private final String localBrokerName;
    private final BooleanSupplier localIsMaster;
    private final RemotingServer localServer;
    private final RemotingClient client;
    private final ClusterRoutes routes;

    public RemotingGateway(String localBrokerName, BooleanSupplier localIsMaster, RemotingServer localServer,
            RemotingClient client, ClusterRoutes routes) {
        this.localBrokerName = localBrokerName;
        this.localIsMaster = localIsMaster;
        this.localServer = localServer;
        this.client = client;
        this.routes = routes;
    }

    public ClusterRoutes routes() {
        return routes;
    }

    public String localBrokerName() {
        return localBrokerName;
    }

    /** Whether requests for {@code brokerName} run in this process. */
    public boolean isLocal(String brokerName) {
        return localBrokerName.equals(brokerName) && localIsMaster.getAsBoolean();
    }

    /**
     * Sends {@code request} to the master of {@code brokerName}; {@code clientChannel} is the gRPC client's virtual
     * channel, the connection the request has when it runs here. Completes with the response (null for a request
     * the broker does not answer), or fails with a {@link GrpcException} / remoting exception.
     */
    public CompletableFuture<RemotingCommand> invoke(String brokerName, Channel clientChannel,
            RemotingCommand request, long timeoutMillis) {
        if (isLocal(brokerName)) {
            return localServer.dispatchLocally(clientChannel, request);
        }
        String address;
        try {
            address = routes.masterAddr(brokerName);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (address == null) {
            return CompletableFuture.failedFuture(new GrpcException(Code.BAD_REQUEST,
                    "broker " + brokerName + " has no master in cluster now (unknown broker name?)"));
        }
        return client.invokeAsync(address, request, timeoutMillis);
    }

    /** Sends a request nobody answers (END_TRANSACTION) to the master of {@code brokerName}. */
    public CompletableFuture<Void> invokeOneway(String brokerName, Channel clientChannel, RemotingCommand request) {
        if (isLocal(brokerName)) {
            request.markOneway();
            return localServer.dispatchLocally(clientChannel, request).thenApply(response -> null);
        }
        String address = routes.masterAddr(brokerName);
        if (address == null) {
            return CompletableFuture.failedFuture(new GrpcException(Code.BAD_REQUEST,
                    "broker " + brokerName + " has no master in cluster now (unknown broker name?)"));
        }
        return client.invokeOneway(address, request);
    }
}
