package io.cometmq.broker.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.SocketAddress;

/**
 * What the SDK tells about itself in request headers (the client id travels only there), put into the gRPC
 * {@link Context} of each call together with the peer address.
 */
public final class ClientMetadata implements ServerInterceptor {

    public static final Metadata.Key<String> CLIENT_ID = Metadata.Key.of("x-mq-client-id",
            Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);

    static final Context.Key<String> CLIENT_ID_KEY = Context.key("cometmq-client-id");
    static final Context.Key<SocketAddress> REMOTE_KEY = Context.key("cometmq-remote");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Context context = Context.current()
                .withValue(CLIENT_ID_KEY, headers.get(CLIENT_ID))
                .withValue(REMOTE_KEY, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        return Contexts.interceptCall(context, call, headers, next);
    }

    /** The calling client's id, or null when the request did not carry x-mq-client-id. */
    public static String clientId() {
        return CLIENT_ID_KEY.get();
    }

    public static SocketAddress remote() {
        return REMOTE_KEY.get();
    }

    /** Who the call authenticated as ({@link GrpcAuthenticator}), or null when authentication is off. */
    public static io.cometmq.protocol.auth.SessionCredentials credentials() {
        return GrpcAuthenticator.CREDENTIALS.get();
    }
}
