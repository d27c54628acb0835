package io.cometmq.broker.grpc.gateway;

import apache.rocketmq.v2.Code;
import io.cometmq.broker.grpc.GrpcException;
import io.cometmq.broker.grpc.client.VirtualChannel;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.auth.RequestSignature;
import io.cometmq.protocol.auth.SessionCredentials;
import io.cometmq.protocol.netty.RemotingClient;
import io.cometmq.protocol.netty.RemotingServer;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
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
    private final boolean authenticated;
    private final SessionCredentials inner;
    private final VirtualChannel endpointChannel;

    /**
     * @param authenticated whether the brokers check requests (authenticationEnabled): requests are then signed with
     *                      the gRPC client's credentials, or the inner ones for the endpoint's own, and local ones go
     *                      through this broker's request guard, so ACLs apply as to remoting clients
     * @param inner         the broker's inner credentials, or null
     */
    public RemotingGateway(String localBrokerName, BooleanSupplier localIsMaster, RemotingServer localServer,
            RemotingClient client, ClusterRoutes routes, boolean authenticated, SessionCredentials inner) {
        this.localBrokerName = localBrokerName;
        this.localIsMaster = localIsMaster;
        this.localServer = localServer;
        this.client = client;
        this.routes = routes;
        this.authenticated = authenticated;
        this.inner = inner;
        this.endpointChannel = new VirtualChannel(new InetSocketAddress("127.0.0.1", 0), request -> { });
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
        Channel channel = clientChannel != null ? clientChannel : endpointChannel;
        sign(channel, request);
        if (isLocal(brokerName)) {
            return localServer.dispatchLocally(channel, request, authenticated);
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
        Channel channel = clientChannel != null ? clientChannel : endpointChannel;
        request.markOneway();
        sign(channel, request);
        if (isLocal(brokerName)) {
            return localServer.dispatchLocally(channel, request, authenticated).thenApply(response -> null);
        }
        String address = routes.masterAddr(brokerName);
        if (address == null) {
            return CompletableFuture.failedFuture(new GrpcException(Code.BAD_REQUEST,
                    "broker " + brokerName + " has no master in cluster now (unknown broker name?)"));
        }
        return client.invokeOneway(address, request);
    }

    /** Signs as the gRPC client when it authenticated, else (the endpoint's own requests) as the inner user. */
    private void sign(Channel channel, RemotingCommand request) {
        SessionCredentials credentials = channel instanceof VirtualChannel virtual && virtual.credentials() != null
                ? virtual.credentials() : inner;
        if (credentials != null) {
            RequestSignature.sign(request, credentials);
        }
    }
}
