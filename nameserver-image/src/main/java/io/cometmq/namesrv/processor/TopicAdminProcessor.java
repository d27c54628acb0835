package io.cometmq.namesrv.processor;

import io.cometmq.namesrv.route.RouteTable;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.TopicRouteData;
import io.cometmq.protocol.header.NameServerHeaders.AddWritePermResponse;
import io.cometmq.protocol.header.NameServerHeaders.DeleteTopic;
import io.cometmq.protocol.header.NameServerHeaders.Topic;
import io.cometmq.protocol.header.NameServerHeaders.WipeWritePermResponse;
import io.cometmq.protocol.header.NameServerHeaders.WritePerm;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;

/** Administrative route changes: delete or register a topic, wipe or restore a broker's write permission. */
public final class TopicAdminProcessor implements RequestProcessor.SyncRequestProcessor {

    private final RouteTable routes;

    public TopicAdminProcessor(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.DELETE_TOPIC_IN_NAMESRV -> {
                DeleteTopic header = DeleteTopic.decode(request);
                routes.deleteTopic(header.topic(), header.clusterName());
                yield RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
            }
            case RequestCode.REGISTER_TOPIC_IN_NAMESRV -> {
                TopicRouteData route = Json.decode(request.body(), TopicRouteData.class);
                routes.putTopic(Topic.decode(request).topic(), route.queueDatas());
                yield RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
            }
            case RequestCode.WIPE_WRITE_PERM_OF_BROKER -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS,
                    null).putFields(new WipeWritePermResponse(routes.setWritePermission(
                    WritePerm.decode(request).brokerName(), false)).encode());
            case RequestCode.ADD_WRITE_PERM_OF_BROKER -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS,
                    null).putFields(new AddWritePermResponse(routes.setWritePermission(
                    WritePerm.decode(request).brokerName(), true)).encode());
            default -> throw new IllegalStateException("not a topic admin code: " + request.code());
        };
    }
}
